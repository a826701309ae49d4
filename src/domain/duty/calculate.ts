/**
 * The duty engine's entry point: `calculateDuty(request, deps)` computes every line, then the entry's
 * fees on the entry total (MPF with its fiscal-year bounds, HMF for vessel shipments), and returns
 * amounts as USD decimal strings with every figure traced to its source.
 */
import { InputError } from "../../errors.ts";
import { Dec, ZERO, formatMoney } from "../money.ts";
import { computeFees, MODES, type Mode } from "../fees.ts";
import { calculateLine, type LineCalc } from "./calculate-line.ts";
import type { DutyDeps, DutyLineInput, DutyRequest, DutyResult, EntryType } from "./types.ts";

export { calculateLine } from "./calculate-line.ts";
export type { LineCalc } from "./calculate-line.ts";

/** Informal entries are limited to this value for most goods (19 CFR 143.21). */
const INFORMAL_LIMIT = new Dec(2500);

/** Validates a YYYY-MM-DD date or returns today's (UTC) from the clock. */
export function resolveEntryDate(entryDate: string | undefined, clock: () => Date): string {
  if (entryDate === undefined || entryDate.trim() === "") return clock().toISOString().slice(0, 10);
  const d = entryDate.trim();
  const parsed = new Date(`${d}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d) {
    throw new InputError(`Entry date "${entryDate}" must be a real date written YYYY-MM-DD.`, "invalid_date");
  }
  return d;
}

function resolveMode(mode: string | undefined): Mode | null {
  if (mode === undefined || mode === "") return null;
  const m = mode.trim().toLowerCase();
  if (!(MODES as readonly string[]).includes(m)) throw new InputError(`Mode "${mode}" must be one of ${MODES.join(", ")}.`, "invalid_mode");
  return m as Mode;
}

/** Calculates duties, chapter 99 measures and fees for an entry of one or more lines. */
export function calculateDuty(request: DutyRequest, deps: DutyDeps): DutyResult {
  if (!request.lines || request.lines.length === 0) throw new InputError("Give at least one line (hts, origin, value).", "no_lines");
  const entryDate = resolveEntryDate(request.entryDate, deps.clock);
  const mode = resolveMode(request.mode);
  const entryType: EntryType = request.entryType ?? "formal";
  if (entryType !== "formal" && entryType !== "informal") throw new InputError(`Entry type "${String(entryType)}" must be formal or informal.`, "invalid_entry_type");
  const calcs: LineCalc[] = request.lines.map((line: DutyLineInput, i) => {
    try {
      return calculateLine(line, i + 1, entryDate, deps);
    } catch (err) {
      // Name the line in multi-line entries so the user knows which one to fix.
      if (err instanceof InputError && request.lines.length > 1) throw new InputError(`Line ${i + 1} (${line.hts}): ${err.message}`, err.code, err);
      throw err;
    }
  });
  return summarise(calcs, entryDate, mode, entryType, deps);
}

function summarise(calcs: LineCalc[], entryDate: string, mode: Mode | null, entryType: EntryType, deps: DutyDeps): DutyResult {
  const warnings: string[] = [];
  let value = ZERO;
  let mpfValue = ZERO;
  let duty = ZERO;
  const byType = new Map<string, Dec>();
  for (const c of calcs) {
    value = value.add(c.valueUsd);
    if (!c.mpfExempt) mpfValue = mpfValue.add(c.valueUsd);
    duty = duty.add(c.amount);
    for (const [k, v] of c.byType) byType.set(k, (byType.get(k) ?? ZERO).add(v));
    for (const w of c.result.warnings) warnings.push(calcs.length > 1 ? `Line ${c.result.index} (${c.result.hts}): ${w}` : w);
  }
  if (mode === null) warnings.push("Mode of transport not given: HMF (0.125%, vessel shipments only) is not included.");
  if (entryType === "formal" && value.lte(INFORMAL_LIMIT)) warnings.push("Entry value is $2,500 or less: an informal entry (flat MPF) may be possible for these goods.");
  if (entryType === "informal" && value.gt(INFORMAL_LIMIT)) warnings.push("Informal entry requested for an entry over $2,500: most goods need a formal entry (19 CFR 143.21).");
  const fees = computeFees(deps.dutyData.fees, { mpfValue, hmfValue: value, entryDate, mode: mode ?? "other", entryType });
  warnings.push(...fees.warnings);
  if (mpfValue.lt(value)) warnings.push(`MPF charged on $${formatMoney(mpfValue)}: lines claiming a program whose originating goods are MPF-exempt are left out.`);
  const complete = calcs.every((c) => !c.result.needsManualRate && !c.result.needsReview);
  if (!complete) warnings.push("Totals leave out amounts that need a manual rate or review (see the lines flagged needsManualRate or needsReview).");
  const total = duty.add(fees.mpf.amount).add(fees.hmf.amount);
  return {
    entryDate,
    mode,
    entryType,
    revision: deps.schedule.revision,
    lines: calcs.map((c) => c.result),
    totals: {
      value: formatMoney(value),
      duty: formatMoney(duty),
      dutyByType: Object.fromEntries([...byType].map(([k, v]) => [k, formatMoney(v)])),
      mpf: formatMoney(fees.mpf.amount),
      hmf: formatMoney(fees.hmf.amount),
      total: formatMoney(total),
      effectiveRate: value.isZero() ? "0.0000%" : `${duty.div(value).mul(100).toFixed(4)}%`,
    },
    fees: {
      mpf: { amount: formatMoney(fees.mpf.amount), basis: fees.mpf.basis, citation: fees.mpf.citation },
      hmf: { amount: formatMoney(fees.hmf.amount), basis: fees.hmf.basis, citation: fees.hmf.citation },
    },
    complete,
    warnings,
  };
}
