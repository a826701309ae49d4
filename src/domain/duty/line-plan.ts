/**
 * What the duty engine needs to know about a schedule line that does not depend on the request: its
 * parsed and compiled rates, its citation, the chapter 99 measures and exclusions whose HTS scope
 * covers it, and the programs printed on it. Built once per line (on first use) and cached per loaded
 * schedule and duty tables, so a line calculation is look-ups plus the arithmetic of the request.
 */
import { InputError, NotFoundError } from "../../errors.ts";
import type { HtsLine, Schedule } from "../../knowledge/schedule.ts";
import type { DutyData } from "../../knowledge/duty-data.ts";
import { fixedOfDec, formatPercent, type Fixed } from "../money.ts";
import { exclusionCandidates, type ExclusionHit, type Measure, type MeasureMatch } from "../measures.ts";
import { candidatesByPartner, programCandidates, type ProgramCandidate } from "../programs.ts";
import { compileRate, type CompiledRate } from "../rates/evaluate-rate.ts";
import { parseRates } from "../rates/parse-rate.ts";
import type { ParsedRates } from "../rates/rate-types.ts";
import type { DutyDeps } from "./types.ts";

/** The request-independent facts of one line. */
export interface LinePlan {
  line: HtsLine;
  parsed: ParsedRates;
  /** Compiled General and Column 2 rates; null when the rate stays on the decimal.js path. */
  general: CompiledRate | null;
  column2: CompiledRate | null;
  generalCitation: string;
  /** Measures whose HTS scope covers the line (see MeasureIndex.candidates). */
  measures: MeasureMatch[];
  /** Printed programs with a known partner list, by partner country (null when none). */
  programs: ReadonlyMap<string, ProgramCandidate[]> | null;
  /** HS6 and 10-digit keys of the AD/CVD warning table, without the origin. */
  hs6: string;
  hs10: string;
  /** Whether the AD/CVD table has a warning for the line's HS6 or 10 digits from any origin. */
  adcvd: boolean;
  /** Per measure, the exclusion entries covering the line (created and filled on first use). */
  exclusions: Map<Measure, ExclusionHit[]> | null;
}

/** A measure's rate in fixed point, its printed form and its line-independent warnings, once per measure. */
export interface MeasureFacts {
  /** Null for "review" and for a percentage beyond the fixed range. */
  percent: Fixed | null;
  rateText: string;
  /** "9903.82.09 25%": the heading and rate, as an open question lists them. */
  headingRate: string;
  /** "25% x $": the constant start of the basis of a percentage levied on the value. */
  valuePrefix: string;
  /** Warning when the measure's figures are not fully confirmed, else null. */
  unconfirmed: string | null;
  review: string;
  needsBase: string;
}

interface PlanCache {
  /** HS prefixes the AD/CVD warning table names, whatever the country. */
  adcvdPrefixes: Set<string>;
  /** Valid inputs as typed ("8471.30.0100", "8471300100") to their plan. */
  byInput: Map<string, LinePlan>;
  byLine: Map<HtsLine, LinePlan>;
}

// Keyed by the loaded tables and schedule (both immutable once loaded), so tests with other tables get their own.
const caches = new WeakMap<DutyData, WeakMap<Schedule, PlanCache>>();

// The tables and schedule of the previous call: almost every call uses the same ones, and two WeakMap
// look-ups per line are measurable.
let last: { data: DutyData; schedule: Schedule; cache: PlanCache } | null = null;

function cacheFor(deps: DutyDeps): PlanCache {
  if (last && last.data === deps.dutyData && last.schedule === deps.schedule) return last.cache;
  let bySchedule = caches.get(deps.dutyData);
  if (!bySchedule) caches.set(deps.dutyData, (bySchedule = new WeakMap()));
  let cache = bySchedule.get(deps.schedule);
  if (!cache) bySchedule.set(deps.schedule, (cache = { byInput: new Map(), byLine: new Map(), adcvdPrefixes: adcvdPrefixes(deps.dutyData) }));
  last = { data: deps.dutyData, schedule: deps.schedule, cache };
  return cache;
}

/** Resolves a declared HTS number to its plan, refusing what cannot be declared (same errors as always). */
export function planLine(deps: DutyDeps, hts: string): LinePlan {
  const cache = cacheFor(deps);
  const hit = cache.byInput.get(hts);
  if (hit) return hit;
  const line = resolveLine(deps, hts);
  let plan = cache.byLine.get(line);
  if (!plan) {
    plan = buildPlan(line, deps, cache);
    cache.byLine.set(line, plan);
  }
  // Spellings of valid codes are few per line; the cap bounds a long-running process all the same.
  if (cache.byInput.size > 200_000) cache.byInput.clear();
  cache.byInput.set(hts, plan);
  return plan;
}

/** The declarable schedule line for a code, or a typed error saying why it cannot carry duty. */
export function resolveLine(deps: DutyDeps, hts: string): HtsLine {
  const v = deps.schedule.validate(hts);
  if (!v.valid || !v.line) {
    throw new NotFoundError(`HTS "${hts}" is ${v.reason ?? "not valid"}.`, "hts_not_found");
  }
  const line = v.line;
  if (line.digits.startsWith("99")) {
    throw new InputError(`HTS ${line.code} is a chapter 99 heading: declare the chapter 1-97 line; Tollgate adds the chapter 99 measures in force for it.`, "chapter99_line");
  }
  if (line.rateSource === null) {
    throw new InputError(`HTS ${line.code} carries no rates: give the 8- or 10-digit tariff line under it.`, "no_rates");
  }
  return line;
}

/**
 * Builds the plans of every line that can be declared, so no request pays for a first use. Optional:
 * plans are otherwise built on first use. Returns the number of plans.
 */
export function preparePlans(deps: DutyDeps): number {
  const cache = cacheFor(deps);
  for (const line of deps.schedule.lines) {
    if (line.digits.startsWith("99") || line.rateSource === null || cache.byLine.has(line)) continue;
    const plan = buildPlan(line, deps, cache);
    cache.byLine.set(line, plan);
    // The printed and the digits-only spelling, when they resolve to this line as validate() would.
    for (const spelling of [line.code, line.digits]) if (deps.schedule.validate(spelling).line === line) cache.byInput.set(spelling, plan);
  }
  return cache.byLine.size;
}

function adcvdPrefixes(data: DutyData): Set<string> {
  const out = new Set<string>();
  for (const list of data.adcvd.values()) for (const w of list) out.add(w.prefix);
  return out;
}

function buildPlan(line: HtsLine, deps: DutyDeps, cache: PlanCache): LinePlan {
  const parsed = parseRates(line.rates);
  const rev = deps.schedule.revision;
  return {
    line,
    parsed,
    general: parsed.general ? compileRate(parsed.general) : null,
    column2: parsed.column2 ? compileRate(parsed.column2) : null,
    generalCitation: `HTSUS ${rev}, ${line.code}${line.rateSource !== line.digits ? ` (rates of ${line.rateSource})` : ""}, General column`,
    measures: deps.dutyData.measures.candidates(line.digits),
    programs: candidatesByPartner(programCandidates(deps.dutyData.programs, parsed.special)),
    hs6: line.digits.slice(0, 6),
    hs10: line.digits.slice(0, 10),
    adcvd: cache.adcvdPrefixes.has(line.digits.slice(0, 6)) || cache.adcvdPrefixes.has(line.digits.slice(0, 10)),
    exclusions: null,
  };
}

/** The exclusion entries of a measure covering the plan's line, computed once per line and measure. */
export function exclusionsOf(plan: LinePlan, measure: Measure): ExclusionHit[] {
  plan.exclusions ??= new Map();
  let hits = plan.exclusions.get(measure);
  if (!hits) {
    hits = exclusionCandidates(measure, plan.line.digits);
    plan.exclusions.set(measure, hits);
  }
  return hits;
}

const factsCache = new WeakMap<Measure, MeasureFacts>();

/** The fixed-point rate and printed rate of a measure, once per measure. */
export function measureFacts(m: Measure): MeasureFacts {
  let f = factsCache.get(m);
  if (!f) {
    f = {
      percent: m.rate.kind === "review" ? null : fixedOfDec(m.rate.percent),
      rateText: describeMeasureRate(m),
      headingRate: `${m.heading} ${describeMeasureRate(m)}`,
      valuePrefix: `${describeMeasureRate(m)} x $`,
      unconfirmed: m.confirmed !== "yes" ? `${m.heading || m.id} (${m.program}) is not fully confirmed: ${m.notes}` : null,
      review: `Needs manual review (${m.program}, ${m.id}): ${m.notes}`,
      needsBase: `${m.heading} (${m.program}) depends on the column 1 rate, which needs a manual rate here.`,
    };
    factsCache.set(m, f);
  }
  return f;
}

/** How a measure's rate is printed in results. */
export function describeMeasureRate(m: Measure): string {
  switch (m.rate.kind) {
    case "percent":
      return formatPercent(m.rate.percent);
    case "floor":
      return `${formatPercent(m.rate.percent)} (total duty floor)`;
    case "floorMet":
      return `no change (column 1 rate at or above ${formatPercent(m.rate.percent)})`;
    case "review":
      return "review";
  }
}
