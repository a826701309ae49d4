/**
 * The tariff schedule as a tree. Every numbered line of the USITC CSV export keeps its indent, its
 * ancestors (including the unnumbered superior rows such as "Of cotton:" or "Other:", which carry
 * the meaning of a bare "Other"), its full path text, units of quantity and its rates. Statistical
 * (10-digit) lines print no rates; they inherit those of the nearest numbered ancestor that has them
 * (normally the 8-digit tariff line), and each line records where its rates came from.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { DataError } from "../errors.ts";
import { formatHts, htsDigits } from "../domain/hts-code.ts";
import { parseCsv } from "./csv.ts";
import { readManifest } from "./manifest.ts";

/** The three rate columns of a line, as printed (or inherited). */
export interface RateTexts {
  general: string;
  special: string;
  column2: string;
}

/** One numbered line of the schedule. */
export interface HtsLine {
  /** Digit string, e.g. "6110303020". */
  digits: string;
  /** Display form, e.g. "6110.30.3020". */
  code: string;
  /** Number of digits: 4 heading, 6 subheading, 8 tariff line, 10 statistical line. */
  level: 4 | 6 | 8 | 10;
  indent: number;
  description: string;
  /** Descriptions from the heading down to (not including) this line, unnumbered superior rows included. */
  ancestors: string[];
  /** Ancestors and this line's description joined with " > ". */
  pathText: string;
  /** Units of quantity, normalised (`m²` is written `m2`). */
  units: string[];
  /** Rates that apply to this line (its own, or inherited). */
  rates: RateTexts;
  /** Digits of the line the rates are printed on (this line when not inherited); null when none has rates. */
  rateSource: string | null;
  quota: string;
  additionalDuties: string;
  /** Digits of the nearest numbered ancestor, or null for a heading. */
  parent: string | null;
  /** True when no numbered line sits below this one. */
  isLeaf: boolean;
  /** Row number in the source CSV (1-based, header excluded), for provenance. */
  row: number;
}

/** Result of validating a code against the loaded revision. */
export interface CodeValidation {
  input: string;
  valid: boolean;
  revision: string;
  digits?: string;
  code?: string;
  line?: HtsLine;
  /** True when the line is a 10-digit statistical line (what an entry declares). */
  declarable?: boolean;
  reason?: string;
}

function normaliseUnit(u: string): string {
  return u.replace(/m²/g, "m2").replace(/m³/g, "m3").trim();
}

function parseUnits(raw: string): string[] {
  if (!raw.trim()) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (Array.isArray(parsed)) return parsed.flatMap((u) => splitUnits(normaliseUnit(String(u)))).filter((u) => u !== "");
  } catch {
    // Some rows hold a bare unit rather than a JSON list.
  }
  return splitUnits(normaliseUnit(raw));
}

/** "No. and kg" (printed as one unit cell) is two reporting units. */
function splitUnits(u: string): string[] {
  return u.includes(" and ") ? u.split(" and ").map((x) => x.trim()) : [u];
}

/** The loaded tariff schedule with lookup by code. */
export class Schedule {
  readonly revision: string;
  readonly edition: string;
  /** Numbered lines in schedule order. */
  readonly lines: readonly HtsLine[];
  readonly #byDigits: Map<string, HtsLine>;
  readonly #children: Map<string, HtsLine[]>;

  constructor(lines: HtsLine[], revision: string, edition: string) {
    this.lines = lines;
    this.revision = revision;
    this.edition = edition;
    this.#byDigits = new Map(lines.map((l) => [l.digits, l]));
    this.#children = new Map();
    for (const line of lines) {
      if (line.parent === null) continue;
      const list = this.#children.get(line.parent) ?? [];
      list.push(line);
      this.#children.set(line.parent, list);
    }
  }

  /** The line for a code in any common format, or undefined. */
  get(code: string): HtsLine | undefined {
    const digits = htsDigits(code);
    return digits ? this.#byDigits.get(digits) : undefined;
  }

  /** Answers whether a code is a line of the loaded revision, naming the revision. */
  validate(input: string): CodeValidation {
    const digits = htsDigits(input);
    if (!digits) {
      return { input, valid: false, revision: this.revision, reason: "not an HTS number: use 4, 6, 8 or 10 digits, e.g. 6110.30.3020" };
    }
    const line = this.#byDigits.get(digits);
    if (!line) {
      return { input, valid: false, revision: this.revision, digits, code: formatHts(digits), reason: `not a line of HTSUS ${this.revision}` };
    }
    return { input, valid: true, revision: this.revision, digits, code: line.code, line, declarable: line.level === 10 };
  }

  /** Numbered lines directly below a line. */
  children(digits: string): HtsLine[] {
    return this.#children.get(digits) ?? [];
  }

  /** All 10-digit (declarable) lines whose digits start with the prefix. */
  declarableUnder(prefix: string): HtsLine[] {
    const p = htsDigits(prefix) ?? prefix;
    return this.lines.filter((l) => l.level === 10 && l.digits.startsWith(p));
  }

  /** The numbered ancestors of a line, heading first. */
  lineage(digits: string): HtsLine[] {
    const out: HtsLine[] = [];
    let cur = this.#byDigits.get(digits);
    while (cur) {
      out.unshift(cur);
      cur = cur.parent ? this.#byDigits.get(cur.parent) : undefined;
    }
    return out;
  }
}

/** Builds the schedule tree from the rows of the USITC CSV export (header row included). */
export function buildSchedule(rows: string[][], revision: string, edition: string): Schedule {
  const header = rows[0]?.map((h) => h.trim()) ?? [];
  const col = (name: string): number => {
    const idx = header.indexOf(name);
    if (idx < 0) throw new DataError(`Schedule CSV has no "${name}" column (found: ${header.join(", ")})`, "schedule_invalid");
    return idx;
  };
  const cNum = col("HTS Number");
  const cIndent = col("Indent");
  const cDesc = col("Description");
  const cUnits = col("Unit of Quantity");
  const cGen = col("General Rate of Duty");
  const cSpec = col("Special Rate of Duty");
  const cCol2 = col("Column 2 Rate of Duty");
  const cQuota = col("Quota Quantity");
  const cAdd = col("Additional Duties");

  interface StackEntry {
    indent: number;
    description: string;
    line?: HtsLine;
  }
  const stack: StackEntry[] = [];
  const lines: HtsLine[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length < header.length) continue;
    const indent = Number.parseInt(row[cIndent] ?? "", 10);
    if (!Number.isFinite(indent)) throw new DataError(`Schedule CSV row ${r}: indent "${row[cIndent]}" is not a number`, "schedule_invalid");
    const description = (row[cDesc] ?? "").replace(/\s+/g, " ").trim();
    const rawNumber = (row[cNum] ?? "").trim();
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    // A heading (indent 0) starts a new tree; stale entries from the previous heading never survive.
    if (indent === 0) stack.length = 0;
    const ancestors = stack.map((s) => s.description);
    const numberedAncestor = [...stack].reverse().find((s) => s.line)?.line;
    const digits = rawNumber ? htsDigits(rawNumber) : null;
    if (!digits) {
      stack.push({ indent, description });
      continue;
    }
    if (digits.length !== 4 && digits.length !== 6 && digits.length !== 8 && digits.length !== 10) continue;
    const own: RateTexts = {
      general: (row[cGen] ?? "").trim(),
      special: (row[cSpec] ?? "").replace(/\s+/g, " ").trim(),
      column2: (row[cCol2] ?? "").trim(),
    };
    let rates = own;
    let rateSource: string | null = digits;
    if (!own.general && !own.special && !own.column2) {
      const donor = [...stack].reverse().find((s) => s.line && s.line.rateSource)?.line;
      rates = donor ? donor.rates : own;
      rateSource = donor ? donor.rateSource : null;
    }
    const line: HtsLine = {
      digits,
      code: formatHts(digits),
      level: digits.length as HtsLine["level"],
      indent,
      description,
      ancestors,
      pathText: [...ancestors, description].join(" > "),
      units: parseUnits(row[cUnits] ?? ""),
      rates,
      rateSource,
      quota: (row[cQuota] ?? "").trim(),
      additionalDuties: (row[cAdd] ?? "").trim(),
      parent: numberedAncestor?.digits ?? null,
      isLeaf: true,
      row: r,
    };
    if (numberedAncestor) numberedAncestor.isLeaf = false;
    lines.push(line);
    stack.push({ indent, description, line });
  }
  if (lines.length === 0) throw new DataError("Schedule CSV holds no numbered lines", "schedule_invalid");
  return new Schedule(lines, revision, edition);
}

/** Loads the schedule named by knowledge/manifest.json. */
export function loadSchedule(knowledgeDir: string): Schedule {
  const manifest = readManifest(knowledgeDir);
  const file = path.join(knowledgeDir, manifest.schedule.file);
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw new DataError(`Cannot read the tariff schedule ${file}`, "schedule_missing", err);
  }
  const text = (file.endsWith(".gz") ? gunzipSync(buf) : buf).toString("utf8");
  return buildSchedule(parseCsv(text), manifest.schedule.revision, manifest.schedule.edition);
}
