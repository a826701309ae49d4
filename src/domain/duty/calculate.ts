/**
 * The duty engine's entry point: `calculateDuty(request, deps)` computes every line, then the entry's
 * fees on the entry total (MPF with its fiscal-year bounds, HMF for vessel shipments), and returns
 * amounts as USD decimal strings with every figure traced to its source.
 *
 * Figures are computed in exact fixed point (integer cents; see money.ts); a request with a figure
 * beyond that range is computed again, entirely, by the decimal.js reference, with identical results.
 */
import { InputError } from "../../errors.ts";
import { Dec, OutOfFixedRange, ZERO, formatCents, formatMoney, need, safeSum } from "../money.ts";
import { computeFees, computeFeesCents, MODES, type Mode } from "../fees.ts";
import { calculateLine, type LineCalc } from "./calculate-line.ts";
import { groupWarnings } from "./group-warnings.ts";
import { calculateLineReference, type ReferenceLineCalc } from "./reference-line.ts";
import type { DutyDeps, DutyLineInput, DutyLineResult, DutyRequest, DutyResult, DutyTotals, EntryType } from "./types.ts";

export { calculateLine } from "./calculate-line.ts";
export type { LineCalc } from "./calculate-line.ts";

/** Informal entries are limited to this value for most goods (19 CFR 143.21). */
const INFORMAL_LIMIT = new Dec(2500);
const INFORMAL_LIMIT_CENTS = 250_000;

/** Validates a YYYY-MM-DD date or returns today's (UTC) from the clock. */
export function resolveEntryDate(entryDate: string | undefined, clock: () => Date): string {
  if (entryDate !== undefined && validDates.has(entryDate)) return entryDate;
  if (entryDate === undefined || entryDate.trim() === "") return clock().toISOString().slice(0, 10);
  const d = entryDate.trim();
  const parsed = new Date(`${d}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d) {
    throw new InputError(`Entry date "${entryDate}" must be a real date written YYYY-MM-DD.`, "invalid_date");
  }
  // Entry dates repeat across requests; remembering valid ones skips the Date round trip.
  if (d === entryDate) {
    if (validDates.size > 10_000) validDates.clear();
    validDates.add(d);
  }
  return d;
}
const validDates = new Set<string>();

function resolveMode(mode: string | undefined): Mode | null {
  if (mode === undefined || mode === "") return null;
  const m = mode.trim().toLowerCase();
  if (!(MODES as readonly string[]).includes(m)) throw new InputError(`Mode "${mode}" must be one of ${MODES.join(", ")}.`, "invalid_mode");
  return m as Mode;
}

/** Calculates duties, chapter 99 measures and fees for an entry of one or more lines. */
export function calculateDuty(request: DutyRequest, deps: DutyDeps): DutyResult {
  const { entryDate, mode, entryType } = entryFields(request, deps);
  try {
    return summarise(eachLine(request, (line, i) => calculateLine(line, i, entryDate, deps)), entryDate, mode, entryType, deps);
  } catch (err) {
    if (!(err instanceof OutOfFixedRange)) throw err;
  }
  return summariseReference(eachLine(request, (line, i) => calculateLineReference(line, i, entryDate, deps)), entryDate, mode, entryType, deps);
}

/**
 * The same calculation entirely in decimal.js (the fallback of {@link calculateDuty}), for tests that
 * check the fixed-point path against it.
 */
export function calculateDutyReference(request: DutyRequest, deps: DutyDeps): DutyResult {
  const { entryDate, mode, entryType } = entryFields(request, deps);
  return summariseReference(eachLine(request, (line, i) => calculateLineReference(line, i, entryDate, deps)), entryDate, mode, entryType, deps);
}

function entryFields(request: DutyRequest, deps: DutyDeps): { entryDate: string; mode: Mode | null; entryType: EntryType } {
  if (!request.lines || request.lines.length === 0) throw new InputError("Give at least one line (hts, origin, value).", "no_lines");
  const entryDate = resolveEntryDate(request.entryDate, deps.clock);
  const mode = resolveMode(request.mode);
  const entryType: EntryType = request.entryType ?? "formal";
  if (entryType !== "formal" && entryType !== "informal") throw new InputError(`Entry type "${String(entryType)}" must be formal or informal.`, "invalid_entry_type");
  return { entryDate, mode, entryType };
}

function eachLine<T>(request: DutyRequest, calc: (line: DutyLineInput, index: number) => T): T[] {
  const out: T[] = [];
  const lines = request.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    try {
      out.push(calc(line, i + 1));
    } catch (err) {
      // Name the line in multi-line entries so the user knows which one to fix.
      if (err instanceof InputError && lines.length > 1) throw new InputError(`Line ${i + 1} (${line.hts}): ${err.message}`, err.code, err);
      throw err;
    }
  }
  return out;
}

/** Entry figures as strings, whichever arithmetic produced them: the totals and what the warnings and fees need. */
interface EntryFigures extends DutyTotals {
  mpfBasis: string;
  mpfCitation: string;
  hmfBasis: string;
  hmfCitation: string;
  valueUpToInformalLimit: boolean;
  feeWarnings: string[];
  /** The MPF base when lines exempt from MPF were left out of it, else null. */
  mpfValueIfPartial: string | null;
}

function summarise(calcs: LineCalc[], entryDate: string, mode: Mode | null, entryType: EntryType, deps: DutyDeps): DutyResult {
  let value = 0;
  let mpfValue = 0;
  let duty = 0;
  // Duty by type in order of first appearance (a handful of types: arrays beat a Map here).
  const types: string[] = [];
  const typeCents: number[] = [];
  for (const c of calcs) {
    value = need(safeSum(value, c.valueCents));
    if (!c.mpfExempt) mpfValue = need(safeSum(mpfValue, c.valueCents));
    duty = need(safeSum(duty, c.amountCents));
    for (let i = 0; i < c.types.length; i++) {
      const at = types.indexOf(c.types[i]!);
      if (at < 0) {
        types.push(c.types[i]!);
        typeCents.push(c.typeCents[i]!);
      } else typeCents[at] = need(safeSum(typeCents[at]!, c.typeCents[i]!));
    }
  }
  const fees = need(computeFeesCents(deps.dutyData.fees, { mpfCents: mpfValue, hmfCents: value, entryDate, mode: mode ?? "other", entryType }));
  const dutyByType: Record<string, string> = {};
  for (let i = 0; i < types.length; i++) dutyByType[types[i]!] = formatCents(typeCents[i]!);
  const results: DutyLineResult[] = [];
  for (const c of calcs) results.push(c.result);
  return finish(results, entryDate, mode, entryType, deps, {
    value: formatCents(value),
    duty: formatCents(duty),
    dutyByType,
    mpf: formatCents(fees.mpf.cents),
    hmf: formatCents(fees.hmf.cents),
    total: formatCents(need(safeSum(need(safeSum(duty, fees.mpf.cents)), fees.hmf.cents))),
    effectiveRate: effectiveRate(duty, value),
    mpfBasis: fees.mpf.basis,
    mpfCitation: fees.mpf.citation,
    hmfBasis: fees.hmf.basis,
    hmfCitation: fees.hmf.citation,
    valueUpToInformalLimit: value <= INFORMAL_LIMIT_CENTS,
    feeWarnings: fees.warnings,
    mpfValueIfPartial: mpfValue < value ? formatCents(mpfValue) : null,
  });
}

/**
 * Duty as a percentage of value to 4 places, half-up, as decimal.js printed `duty / value x 100`. That
 * rounded the quotient to 40 significant digits first; rounding once, exactly, gives the same result
 * because the exact quotient (denominator `value` < 2^53) is at least 1 / (2 x 10^6 x value) away from
 * any rounding tie unless it is on one, far more than the 40-digit rounding can move it.
 */
function effectiveRate(dutyCents: number, valueCents: number): string {
  if (valueCents === 0) return "0.0000%";
  const n = dutyCents * 1_000_000;
  if (!Number.isSafeInteger(n) || dutyCents < 0) throw new OutOfFixedRange("effective rate beyond the exact fixed-point range");
  const r = n % valueCents;
  const q = (n - r) / valueCents + (2 * r >= valueCents ? 1 : 0);
  const text = String(q).padStart(5, "0");
  return `${text.slice(0, -4)}.${text.slice(-4)}%`;
}

function summariseReference(calcs: ReferenceLineCalc[], entryDate: string, mode: Mode | null, entryType: EntryType, deps: DutyDeps): DutyResult {
  let value = ZERO;
  let mpfValue = ZERO;
  let duty = ZERO;
  const byType = new Map<string, Dec>();
  for (const c of calcs) {
    value = value.add(c.valueUsd);
    if (!c.mpfExempt) mpfValue = mpfValue.add(c.valueUsd);
    duty = duty.add(c.amount);
    for (const [k, v] of c.byType) byType.set(k, (byType.get(k) ?? ZERO).add(v));
  }
  const fees = computeFees(deps.dutyData.fees, { mpfValue, hmfValue: value, entryDate, mode: mode ?? "other", entryType });
  return finish(calcs.map((c) => c.result), entryDate, mode, entryType, deps, {
    value: formatMoney(value),
    duty: formatMoney(duty),
    dutyByType: Object.fromEntries([...byType].map(([k, v]) => [k, formatMoney(v)])),
    mpf: formatMoney(fees.mpf.amount),
    hmf: formatMoney(fees.hmf.amount),
    total: formatMoney(duty.add(fees.mpf.amount).add(fees.hmf.amount)),
    effectiveRate: value.isZero() ? "0.0000%" : `${duty.div(value).mul(100).toFixed(4)}%`,
    mpfBasis: fees.mpf.basis,
    mpfCitation: fees.mpf.citation,
    hmfBasis: fees.hmf.basis,
    hmfCitation: fees.hmf.citation,
    valueUpToInformalLimit: value.lte(INFORMAL_LIMIT),
    feeWarnings: fees.warnings,
    mpfValueIfPartial: mpfValue.lt(value) ? formatMoney(mpfValue) : null,
  });
}

function finish(lines: DutyLineResult[], entryDate: string, mode: Mode | null, entryType: EntryType, deps: DutyDeps, f: EntryFigures): DutyResult {
  const warnings: string[] = [];
  if (lines.length === 1) for (const w of lines[0]!.warnings) warnings.push(w);
  else for (const g of groupWarnings(lines.map((l) => ({ line: l.index, hts: l.hts, warnings: l.warnings })))) warnings.push(g.text);
  if (mode === null) warnings.push("Mode of transport not given: HMF (0.125%, vessel shipments only) is not included.");
  if (entryType === "formal" && f.valueUpToInformalLimit) warnings.push("Entry value is $2,500 or less: an informal entry (flat MPF) may be possible for these goods.");
  if (entryType === "informal" && !f.valueUpToInformalLimit) warnings.push("Informal entry requested for an entry over $2,500: most goods need a formal entry (19 CFR 143.21).");
  for (const w of f.feeWarnings) warnings.push(w);
  if (f.mpfValueIfPartial !== null) warnings.push(`MPF charged on $${f.mpfValueIfPartial}: lines claiming a program whose originating goods are MPF-exempt are left out.`);
  let complete = true;
  for (const l of lines) if (l.needsManualRate || l.needsReview) complete = false;
  if (!complete) warnings.push("Totals leave out amounts that need a manual rate or review (see the lines flagged needsManualRate or needsReview).");
  return {
    entryDate,
    mode,
    entryType,
    revision: deps.schedule.revision,
    lines,
    totals: { value: f.value, duty: f.duty, dutyByType: f.dutyByType, mpf: f.mpf, hmf: f.hmf, total: f.total, effectiveRate: f.effectiveRate },
    fees: {
      mpf: { amount: f.mpf, basis: f.mpfBasis, citation: f.mpfCitation },
      hmf: { amount: f.hmf, basis: f.hmfBasis, citation: f.hmfCitation },
    },
    complete,
    warnings,
  };
}
