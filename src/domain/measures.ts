/**
 * Chapter 99 additional duties ("measures") as data: each row of knowledge/measures/measures.csv names a
 * chapter 99 heading, the HTS scope, countries, rate form, basis and dates. This module is pure: it
 * takes the loaded rows and builds a prefix index so finding the measures for a line is a handful of
 * map look-ups, not a scan. Adding, changing or ending a measure is a data change.
 */
import type { Dec } from "./money.ts";

/** How a measure's added duty is computed. */
export type MeasureRate =
  /** An added ad valorem percentage. */
  | { kind: "percent"; percent: Dec }
  /** Total duty brought up to at least `percent` of value (added = percent x value - MFN duty), when the MFN rate is below it. */
  | { kind: "floor"; percent: Dec }
  /** Companion heading reported when the MFN rate already meets the floor: no added duty. */
  | { kind: "floorMet"; percent: Dec }
  /** The line is in the measure's coverage but the duty cannot be computed from data: flagged for manual work. */
  | { kind: "review" };

/** One entry of a coverage or exclusion list. */
export interface ListEntry {
  /** HTS digits (4-10). */
  digits: string;
  /** Covered only at the statistical level or by product description: warn. */
  partial?: boolean;
  /** Exclusion heading to report (exclusion lists). */
  heading?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
  description?: string;
}

/** A list of excluded HTS numbers, indexed by digits for constant-time look-up. */
export interface ExclusionList {
  source: string;
  byDigits: ReadonlyMap<string, ListEntry[]>;
}

/** Indexes exclusion entries by their digits. */
export function makeExclusionList(source: string, entries: readonly ListEntry[]): ExclusionList {
  const byDigits = new Map<string, ListEntry[]>();
  for (const e of entries) {
    const bucket = byDigits.get(e.digits);
    if (bucket) bucket.push(e);
    else byDigits.set(e.digits, [e]);
  }
  return { source, byDigits };
}

/** A scope condition: every condition of a measure must hold. */
export type ScopeCondition =
  | { type: "all" }
  | { type: "list"; source: string; entries: ListEntry[] }
  | { type: "prefix"; prefixes: string[] }
  | { type: "notPrefix"; prefixes: string[] };

/** One chapter 99 measure. */
export interface Measure {
  id: string;
  heading: string;
  program: string;
  scope: ScopeCondition[];
  /** ISO alpha-2 codes, or "*" for every origin. */
  countries: "*" | ReadonlySet<string>;
  excludeCountries: ReadonlySet<string>;
  rate: MeasureRate;
  /**
   * "value": full customs value; "content": the value of the metal content, supplied by the user; "non-us-content":
   * the value less the U.S. content the user gives (USMCA vehicles, U.S. notes 33(d), 38(d)).
   */
  basis: "value" | "content" | "non-us-content" | "none";
  effectiveFrom: string;
  /** Last day in force (inclusive), or null while open-ended. */
  effectiveTo: string | null;
  exclusionLists: ExclusionList[];
  /** Programs whose measures, when they apply to the same line, displace this one ("program:Section 232"). */
  excludedByPrograms: string[];
  stacking: string;
  citation: string;
  confirmed: string;
  notes: string;
  /**
   * The row applies only when the importer's answer to each question `key` (knowledge/measures/questions.csv)
   * is its `answer`; null when unconditional. Rows of one question cover both answers, each with its heading.
   */
  condition: { key: string; answer: boolean }[] | null;
  /**
   * Answers this row assumes when none is given, where they differ from the question's own `assumed`
   * (a listed provision the schedule does not describe as a vehicle part is not assumed to be one); null when none.
   */
  assume: ReadonlyMap<string, boolean> | null;
}

/** A fact only the importer knows, on which chapter 99 rows turn. */
export interface MeasureQuestion {
  key: string;
  question: string;
  /** The answer assumed when none is given (the treatment that applies absent a claim or certification). */
  assumed: boolean;
  citation: string;
  /** An input field of the line whose presence answers the question "yes" (questions.csv `implied_by`), if any. */
  impliedBy?: "usContentValue" | "metalValue";
}

/** A measure that matched a line, with the list entry that made it match (if any). */
export interface MeasureMatch {
  measure: Measure;
  entry?: ListEntry;
}

/** A measure found excluded for the line on the date, with the exclusion that applied. */
export interface ExclusionHit {
  source: string;
  entry: ListEntry;
}

const LEVELS = [2, 4, 6, 8, 10] as const;

function scopeHolds(cond: ScopeCondition, digits: string): boolean {
  switch (cond.type) {
    case "all":
    case "list":
      return true; // list membership is established by the index
    case "prefix":
      return cond.prefixes.some((p) => digits.startsWith(p));
    case "notPrefix":
      return !cond.prefixes.some((p) => digits.startsWith(p));
  }
}

/** True when the measure is in force on the date (ISO YYYY-MM-DD; string order is date order). */
export function inForce(m: { effectiveFrom: string; effectiveTo: string | null }, date: string): boolean {
  return m.effectiveFrom <= date && (m.effectiveTo === null || date <= m.effectiveTo);
}

/** True when the measure covers the origin. */
export function coversCountry(m: Measure, origin: string): boolean {
  if (m.excludeCountries.has(origin)) return false;
  return m.countries === "*" || m.countries.has(origin);
}

/** Prefix index over measures, built once at load. */
export class MeasureIndex {
  readonly measures: readonly Measure[];
  readonly #byPrefix = new Map<string, MeasureMatch[]>();
  /** Measures with no list or prefix scope, by origin country ("*" for every origin). */
  readonly #global = new Map<string, MeasureMatch[]>();
  readonly #globalMerged = new Map<string, MeasureMatch[]>();

  constructor(measures: readonly Measure[]) {
    this.measures = measures;
    for (const measure of measures) {
      const list = measure.scope.find((c): c is Extract<ScopeCondition, { type: "list" }> => c.type === "list");
      const prefix = measure.scope.find((c): c is Extract<ScopeCondition, { type: "prefix" }> => c.type === "prefix");
      if (list) {
        for (const entry of list.entries) this.#add(entry.digits, { measure, entry });
      } else if (prefix) {
        for (const p of prefix.prefixes) this.#add(p, { measure });
      } else {
        for (const c of measure.countries === "*" ? ["*"] : measure.countries) {
          const bucket = this.#global.get(c);
          if (bucket) bucket.push({ measure });
          else this.#global.set(c, [{ measure }]);
        }
      }
    }
  }

  #add(key: string, match: MeasureMatch): void {
    const bucket = this.#byPrefix.get(key);
    if (bucket) bucket.push(match);
    else this.#byPrefix.set(key, [match]);
  }

  /** Measures whose scope covers the line digits, for the origin, in force on the date. */
  match(digits: string, origin: string, date: string): MeasureMatch[] {
    return this.matchFrom(this.candidates(digits), digits, origin, date);
  }

  /**
   * The part of {@link match} that depends on the line alone, so the engine can compute it once per line:
   * list and prefix matches whose scope holds for the digits, in index order, first entry per measure.
   * Whether a measure applies on a date or to an origin does not depend on the entry, so keeping the
   * first entry here picks the same entry as {@link match} would.
   */
  candidates(digits: string): MeasureMatch[] {
    const out: MeasureMatch[] = [];
    for (const len of LEVELS) {
      if (len > digits.length) break;
      const bucket = this.#byPrefix.get(digits.slice(0, len));
      if (bucket) for (const m of bucket) if (m.measure.scope.every((c) => scopeHolds(c, digits)) && !out.some((f) => f.measure === m.measure)) out.push(m);
    }
    return out.length === 0 ? NO_MATCHES : out;
  }

  /** {@link match} from {@link candidates} of the same digits: the same matches in the same order. */
  matchFrom(candidates: readonly MeasureMatch[], digits: string, origin: string, date: string): MeasureMatch[] {
    const out: MeasureMatch[] = [];
    for (const m of candidates) if (inForce(m.measure, date) && coversCountry(m.measure, origin)) out.push(m);
    // A global measure is in one origin's list or in "*"'s, never both, and never among the list/prefix
    // candidates: no duplicate check is needed, only the date, origin and scope.
    for (const m of this.#globalFor(origin)) {
      const measure = m.measure;
      if (!inForce(measure, date) || measure.excludeCountries.has(origin)) continue;
      let holds = true;
      for (const c of measure.scope) if (!scopeHolds(c, digits)) holds = false;
      if (holds) out.push(m);
    }
    return out;
  }

  /** The origin's own global measures then every origin's, merged once per origin. */
  #globalFor(origin: string): readonly MeasureMatch[] {
    let merged = this.#globalMerged.get(origin);
    if (!merged) {
      merged = [...(this.#global.get(origin) ?? NO_MATCHES), ...(this.#global.get("*") ?? NO_MATCHES)];
      if (this.#globalMerged.size < 1000) this.#globalMerged.set(origin, merged);
    }
    return merged;
  }
}

/** Shared by the many lines no list or prefix measure covers (never mutated). */
const NO_MATCHES: MeasureMatch[] = [];

/** The exclusion in force for the line on the date, if any of the measure's exclusion lists has one. */
export function findExclusion(measure: Measure, digits: string, date: string): ExclusionHit | null {
  return exclusionOn(exclusionCandidates(measure, digits), date);
}

/** Every exclusion entry of the measure that covers the digits, in the order {@link findExclusion} tries them. */
export function exclusionCandidates(measure: Measure, digits: string): ExclusionHit[] {
  const out: ExclusionHit[] = [];
  for (const list of measure.exclusionLists) {
    for (const len of LEVELS) {
      if (len > digits.length) break;
      for (const entry of list.byDigits.get(digits.slice(0, len)) ?? []) out.push({ source: list.source, entry });
    }
  }
  return out;
}

/** The first of the candidates in effect on the date. */
export function exclusionOn(candidates: readonly ExclusionHit[], date: string): ExclusionHit | null {
  for (const hit of candidates) {
    const { entry } = hit;
    if (entry.effectiveFrom && entry.effectiveFrom > date) continue;
    if (entry.effectiveTo && date > entry.effectiveTo) continue;
    return hit;
  }
  return null;
}
