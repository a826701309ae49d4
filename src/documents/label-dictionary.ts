/**
 * The label dictionary (knowledge/documents/labels.json): printed labels of header fields, totals
 * and table columns in English, German, Spanish, French and Chinese-English, kept as data so a new
 * wording is a data change. Matching is case- and accent-insensitive, at the start of a cell.
 */
import fs from "node:fs";
import path from "node:path";

interface LabelFile {
  fields: Record<string, string[]>;
  totals: Record<string, string[]>;
  columns: Record<string, string[]>;
  originStatements: string[];
  countryNames: Record<string, string>;
  titles: string[];
}

/** A label found at the start of a cell and what follows it. */
export interface LabelMatch {
  key: string;
  label: string;
  /** Text after the label and its punctuation. */
  rest: string;
  /** True when a colon (or full-width colon) followed the label. */
  colon: boolean;
}

/** Lower case, accents removed, spaces collapsed: the form labels are compared in. */
export function fold(s: string): string {
  return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
}

const CJK = /^[\u3400-\u9fff\uf900-\ufaff]+[\s:：]*/;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** Compiled dictionary with matchers per group. */
export class LabelDictionary {
  private readonly groups: Record<"fields" | "totals" | "columns", Array<{ key: string; label: string; re: RegExp }>>;
  readonly originStatements: RegExp;
  readonly countryNames: Map<string, string>;
  /** Every printed label and document title, folded, for matching OCR-damaged text (Latin script only). */
  readonly vocabulary: string[];
  private readonly memo = new Map<string, LabelMatch | null>();

  constructor(data: LabelFile) {
    const compile = (g: Record<string, string[]>) =>
      Object.entries(g)
        .flatMap(([key, labels]) => labels.map((label) => ({ key, label: fold(label) })))
        .sort((a, b) => b.label.length - a.label.length)
        .map((x) => ({ ...x, re: new RegExp(`^${esc(x.label).replace(/\\\./g, "\\.?").replace(/ /g, "\\s*")}(?![a-z0-9])`) }));
    this.groups = { fields: compile(data.fields), totals: compile(data.totals), columns: compile(data.columns) };
    this.originStatements = new RegExp(`(?:^|[\\s(])(?:${data.originStatements.map((s) => esc(fold(s))).join("|")})\\s*[:：]?\\s*`, "i");
    this.countryNames = new Map(Object.entries(data.countryNames).map(([k, v]) => [fold(k), v]));
    const all = [...Object.values(data.fields), ...Object.values(data.totals), ...Object.values(data.columns)].flat().concat(data.titles);
    this.vocabulary = [...new Set(all.map(fold))].filter((l) => /^[a-z][a-z .#°/&-]*$/.test(l));
  }

  /**
   * Matches a label of `group` (optionally only `keys`) at the start of a cell. A label followed
   * by more words is accepted only when a colon separates them, or the label ends in a number mark
   * ("Invoice No. 123") or has several words and a value starting with a digit or capital follows.
   */
  match(group: "fields" | "totals" | "columns", cellText: string, keys?: string[]): LabelMatch | null {
    // Every field lookup scans every cell: remember answers (the dictionary never changes).
    const memoKey = `${group}\u0000${keys?.join(",") ?? ""}\u0000${cellText}`;
    if (this.memo.has(memoKey)) return this.memo.get(memoKey)!;
    if (this.memo.size > 100_000) this.memo.clear();
    const m = this.matchUncached(group, cellText, keys);
    this.memo.set(memoKey, m);
    return m;
  }

  private matchUncached(group: "fields" | "totals" | "columns", cellText: string, keys?: string[]): LabelMatch | null {
    // Numbered boxes of forms: "(1) Shipper", "2. Consignee", "[3] Notify party".
    const raw = cellText.trim().replace(/^(?:\(\d{1,2}[a-z]?\)|\[\d{1,2}\]|\d{1,2}[.)])\s*(?=\D)/, "");
    // "发票号 Invoice No.: 123": the English label after a Chinese one is tried first.
    const cjk = CJK.exec(raw);
    const variants = cjk ? [fold(raw.slice(cjk[0].length)), fold(raw)] : [fold(raw)];
    for (const text of variants) {
      if (text === "") continue;
      for (const e of this.groups[group]) {
        if (keys && !keys.includes(e.key)) continue;
        const m = e.re.exec(text);
        if (!m) continue;
        const after = text.slice(m[0].length);
        const punct = /^\s*[.:#°º：]*\s*/.exec(after)![0];
        const colon = /[:：]/.test(punct);
        const restFolded = after.slice(punct.length);
        let rest = restFolded === "" ? "" : raw.slice(raw.length - restFolded.length).trim();
        // "Consignee (if To Order so indicate)": a parenthetical after a label is part of it.
        if (/^\([^)]*\)\s*:?$/.test(rest)) rest = "";
        if (rest !== "" && !colon) {
          const numberMark = /(?:no|nr|n°|#|number|nummer|numero)$/.test(e.label) || /#|°/.test(punct);
          const multi = e.label.includes(" ") || /[\u3400-\u9fff]/.test(e.label);
          // "TOTAL FOB", "Total EUR": a total qualified by an Incoterm or currency code.
          const qualified = group === "totals" && /^[A-Z]{3}\b/.test(rest);
          if (!(numberMark && /^[A-Z0-9]/i.test(rest)) && !(multi && /^[A-Z0-9]/.test(rest)) && !qualified) continue;
        }
        return { key: e.key, label: e.label, rest, colon };
      }
    }
    return null;
  }

  /** True when the cell is a label of any field, total or column (so it is not a value). */
  isLabel(cellText: string): boolean {
    const m = this.match("fields", cellText) ?? this.match("totals", cellText);
    return m !== null && m.rest === "";
  }

  /** A country named in a non-English form ("Deutschland", "Chine"); null otherwise. */
  localCountry(text: string): string | null {
    return this.countryNames.get(fold(text).replace(/[.,;]+$/, "")) ?? null;
  }
}

const cache = new Map<string, LabelDictionary>();

/** Loads (once per knowledge directory) the label dictionary. */
export function loadLabelDictionary(knowledgeDir: string): LabelDictionary {
  let d = cache.get(knowledgeDir);
  if (!d) {
    const file = path.join(knowledgeDir, "documents", "labels.json");
    d = new LabelDictionary(JSON.parse(fs.readFileSync(file, "utf8")) as LabelFile);
    cache.set(knowledgeDir, d);
  }
  return d;
}
