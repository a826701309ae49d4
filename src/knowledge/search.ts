/**
 * Search over the schedule and the rulings, returning what a broker needs to judge a hit: for a
 * schedule line its path, rates, units and the revision; for a ruling its number, date, subject,
 * codes (with stale/mapped status), a snippet and the public link.
 */
import { htsDigits } from "../domain/hts-code.ts";
import { InputError } from "../errors.ts";
import type { KnowledgeBase } from "./knowledge-base.ts";
import { isDeclarable } from "./rulings.ts";
import type { RateTexts } from "./schedule.ts";
import { terms } from "./text.ts";

/** One schedule line found by `searchTariff`. */
export interface TariffHit {
  code: string;
  level: number;
  description: string;
  pathText: string;
  rates: RateTexts;
  units: string[];
  declarable: boolean;
  revision: string;
  score: number;
}

/** Filters of `searchRulings`. */
export interface RulingFilters {
  /** Only rulings with a code starting with these digits (any format, e.g. "6110" or "6110.30"). */
  codePrefix?: string;
  /** Only rulings dated on or after this ISO date. */
  from?: string;
  /** Only rulings dated on or before this ISO date. */
  to?: string;
}

/** One ruling found by `searchRulings`. */
export interface RulingHit {
  number: string;
  date: string;
  subject: string;
  codes: { code: string; status: "valid" | "mapped" | "stale"; current: string | null }[];
  snippet: string;
  link: string;
  score: number;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Schedule lines best matching a query (any level; chapters 98/99 included, as text). */
export async function searchTariff(kb: KnowledgeBase, query: string, k: number): Promise<TariffHit[]> {
  if (query.trim() === "") throw new InputError("The search query is empty.", "empty_query");
  const vector = await kb.embedQuery(query);
  return kb.tariffIndex.search(query, vector, { k }).map((h) => {
    const line = kb.tariffLines[h.id]!;
    return {
      code: line.code,
      level: line.level,
      description: line.description,
      pathText: line.pathText,
      rates: line.rates,
      units: line.units,
      declarable: isDeclarable(line),
      revision: kb.revision,
      score: round(h.score),
    };
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The sentence of a text sharing most terms with the query, shortened for display. */
export function snippet(text: string, query: string, max = 240): string {
  const q = new Set(terms(query));
  const sentences = text.split(/(?<=[.;!?])\s+|\n+/).filter((s) => s.trim() !== "");
  let best = sentences[0] ?? "";
  let bestHits = -1;
  for (const s of sentences) {
    const hits = new Set(terms(s).filter((t) => q.has(t))).size;
    if (hits > bestHits) {
      best = s;
      bestHits = hits;
    }
  }
  const clean = best.replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
}

/** Rulings best matching a query, optionally restricted by code prefix and date range. */
export async function searchRulings(kb: KnowledgeBase, query: string, k: number, filters: RulingFilters = {}): Promise<RulingHit[]> {
  if (query.trim() === "") throw new InputError("The search query is empty.", "empty_query");
  for (const [name, d] of [["from", filters.from], ["to", filters.to]] as const) {
    if (d !== undefined && !ISO_DATE.test(d)) throw new InputError(`The "${name}" date must be written YYYY-MM-DD, got "${d}".`, "invalid_date");
  }
  let prefix: string | undefined;
  if (filters.codePrefix !== undefined) {
    const digits = filters.codePrefix.replace(/[\s.]/g, "");
    if (!/^\d{2,10}$/.test(digits)) throw new InputError(`The code prefix must be 2 to 10 digits, e.g. 6110 or 6110.30, got "${filters.codePrefix}".`, "invalid_code_prefix");
    prefix = htsDigits(filters.codePrefix) ?? digits;
  }
  const accept = (id: number) => {
    const r = kb.rulings[id]!;
    if (filters.from && r.date < filters.from) return false;
    if (filters.to && r.date > filters.to) return false;
    if (prefix && !r.codes.some((c) => (c.originalDigits ?? "").startsWith(prefix!) || (c.digits ?? "").startsWith(prefix!))) return false;
    return true;
  };
  const vector = await kb.embedQuery(query);
  return kb.rulingIndex.search(query, vector, { k, accept }).map((h) => {
    const r = kb.rulings[h.id]!;
    return {
      number: r.number,
      date: r.date,
      subject: r.subject,
      codes: r.codes.map((c) => ({ code: c.original, status: c.status, current: c.digits ? c.code : null })),
      snippet: snippet(r.description || r.subject, query),
      link: r.link,
      score: round(h.score),
    };
  });
}
