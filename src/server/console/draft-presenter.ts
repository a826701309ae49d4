/**
 * Pure helpers of the draft page: warnings grouped by kind (the same check fires once per line; a
 * broker wants "missing entered value: lines 2, 5, 7" once), and the differences between two
 * versions of a draft as field paths with their old and new values.
 */
import type { EntryDraft, EntryWarning } from "../../domain/entry/model.ts";

/** Titles of warning kinds, in the order the page shows them. */
export const WARNING_KINDS: Record<EntryWarning["code"], string> = {
  invalid_hts: "Invalid HTS numbers",
  missing_data: "Missing data",
  adcvd: "Antidumping / countervailing duty",
  pga: "Partner government agency flags",
  low_confidence: "Classification to confirm",
  duty: "Duty calculation",
};

/** One distinct finding of a kind, with the lines it applies to. */
export interface WarningItem {
  /** The message without its "Line N: " prefix. */
  text: string;
  lines: number[];
}

/** The warnings of one kind. */
export interface WarningGroup {
  code: EntryWarning["code"];
  title: string;
  /** Every line the kind applies to, ascending. */
  lines: number[];
  /** Number of warnings of this kind as stored (one per line and finding). */
  count: number;
  items: WarningItem[];
}

const LINE_PREFIX = /^Line \d+:\s*/;

/** Groups warnings by kind and, within a kind, identical findings across lines. */
export function groupWarnings(warnings: readonly EntryWarning[]): WarningGroup[] {
  const groups = new Map<EntryWarning["code"], WarningGroup>();
  for (const w of warnings) {
    let g = groups.get(w.code);
    if (!g) {
      g = { code: w.code, title: WARNING_KINDS[w.code] ?? w.code, lines: [], count: 0, items: [] };
      groups.set(w.code, g);
    }
    g.count++;
    const text = w.message.replace(LINE_PREFIX, "");
    const sentence = text.charAt(0).toUpperCase() + text.slice(1);
    let item = g.items.find((i) => i.text === sentence);
    if (!item) {
      item = { text: sentence, lines: [] };
      g.items.push(item);
    }
    if (w.line !== undefined) {
      if (!item.lines.includes(w.line)) item.lines.push(w.line);
      if (!g.lines.includes(w.line)) g.lines.push(w.line);
    }
  }
  const order = Object.keys(WARNING_KINDS);
  return [...groups.values()]
    .map((g) => ({ ...g, lines: g.lines.sort((a, b) => a - b), items: g.items.map((i) => ({ ...i, lines: i.lines.sort((a, b) => a - b) })) }))
    .sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
}

/** "1-3, 5, 7-8" for a sorted list of line numbers. */
export function lineRanges(lines: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    parts.push(j > i ? `${lines[i]}-${lines[j]}` : String(lines[i]));
    i = j;
  }
  return parts.join(", ");
}

/** One changed field between two versions. */
export interface FieldChange {
  /** Path such as `header.portOfEntry` or `lines[2].hts`. */
  path: string;
  before: string | null;
  after: string | null;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value === null || value === undefined) {
    out.set(prefix, "");
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, "[]");
    value.forEach((v, i) => flatten(v, `${prefix}[${i + 1}]`, out));
    return;
  }
  if (typeof value === "object") {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  out.set(prefix, String(value));
}

/**
 * The fields that differ between two versions (header, lines, fees, totals and warnings; the
 * sources block is left out, it changes with every recalculation). Array entries are numbered
 * from 1, like the draft's line numbers.
 */
export function diffDrafts(before: EntryDraft, after: EntryDraft): FieldChange[] {
  const pick = (d: EntryDraft) => ({ header: d.header, lines: d.lines, fees: d.fees, totals: d.totals, warnings: d.warnings.map((w) => w.message), notes: d.notes });
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(pick(before), "", a);
  flatten(pick(after), "", b);
  const changes: FieldChange[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (x === y) continue;
    changes.push({ path: key, before: x === undefined || x === "" ? null : x, after: y === undefined || y === "" ? null : y });
  }
  return changes;
}
