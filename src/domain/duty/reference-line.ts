/**
 * The decimal.js reference computation of one line, kept as the engine's fallback and its test oracle:
 * calculate-line.ts computes the same results in exact fixed point and hands a request here when a
 * figure leaves the fixed range (values beyond 15 digits, quotients decimal.js rounds to 40 digits).
 * Any change to what a line computes must be made in both; the property tests compare them.
 *
 * Duty for one line: the base rate (General, a claimed program's Special rate, or Column 2 for Column 2
 * origins), then every chapter 99 measure in force on the entry date for the line and origin. Each
 * component is rounded to cents half-up; the line amount is the sum of rounded components. Missing
 * inputs a rate needs (a quantity, a metal-content value, an exchange rate) are refused with an
 * InputError that names what to give; rates that need a broker's work are flagged, never zeroed.
 */
import { fullValueWarning, metalValueUnused, usContentQuestion } from "./metal-content.ts";
import { InputError } from "../../errors.ts";
import type { HtsLine } from "../../knowledge/schedule.ts";
import type { DutyData } from "../../knowledge/duty-data.ts";
import { Dec, ZERO, formatMoney, formatPercent, parseNonNegative, roundCents, percentOf } from "../money.ts";
import { parseQuantity, missingQuantityMessage, type Quantity } from "../quantity.ts";
import { parseRates } from "../rates/parse-rate.ts";
import { evaluateRate, type RateOutcome } from "../rates/evaluate-rate.ts";
import type { ParsedRates, RateExpr } from "../rates/rate-types.ts";
import { assessProgram, eligiblePrograms } from "../programs.ts";
import { findExclusion, inForce, type MeasureMatch } from "../measures.ts";
import { describeMeasureRate, resolveLine } from "./line-plan.ts";
import type { Chapter99Line, DutyComponent, DutyDeps, DutyLineInput, DutyLineResult, DutyQuestion, ProgramOption } from "./types.ts";
import { charges, questionWarning, selectForLine } from "./conditions.ts";
import { resolveReference } from "./reference-rate.ts";
import { questionOfReason, rateExtras } from "./rate-extras.ts";

/** A line result with the decimals the entry totals need. */
export interface ReferenceLineCalc {
  result: DutyLineResult;
  valueUsd: Dec;
  amount: Dec;
  byType: Map<string, Dec>;
  mpfExempt: boolean;
}

const ONE = new Dec(1);

// Parsed rates per schedule line object; the schedule is immutable once loaded, so this is a pure memo.
const parsedByLine = new WeakMap<HtsLine, ParsedRates>();
function ratesOf(line: HtsLine): ParsedRates {
  let parsed = parsedByLine.get(line);
  if (!parsed) {
    parsed = parseRates(line.rates);
    parsedByLine.set(line, parsed);
  }
  return parsed;
}

function toUsd(
  input: DutyLineInput,
  data: DutyData,
  warnings: string[],
): { rate: Dec; currency: string; fx?: DutyLineResult["fx"] } {
  const currency = (input.currency ?? "USD").trim().toUpperCase();
  if (currency === "USD") return { rate: ONE, currency };
  if (input.fxRate !== undefined) {
    const rate = parseNonNegative(input.fxRate, "fxRate");
    if (rate.isZero()) throw new InputError("fxRate must be greater than zero.", "invalid_number");
    return { rate, currency, fx: { currency, rate: rate.toString(), source: "rate given by the user" } };
  }
  const known = data.fx.get(currency);
  if (!known) {
    throw new InputError(`No exchange rate for ${currency}: give fxRate (USD per ${currency}; CBP uses the certified rate for the date of exportation).`, "fx_missing");
  }
  warnings.push(`Converted ${currency} at ${known.usdPerUnit.toString()} USD from the rates file (${known.source}, as of ${known.asOf}); CBP requires the certified rate for the date of exportation.`);
  return { rate: known.usdPerUnit, currency, fx: { currency, rate: known.usdPerUnit.toString(), source: `${data.fxSource} (${known.source}, ${known.asOf})` } };
}

function ok(outcome: RateOutcome, line: HtsLine, expr: RateExpr): outcome is Extract<RateOutcome, { status: "ok" }> {
  if (outcome.status === "missingQuantity") throw new InputError(missingQuantityMessage(outcome.unit, line.code, expr.text), "quantity_missing");
  return outcome.status === "ok";
}

/** Calculates one line with decimal.js. `date` is the entry date (YYYY-MM-DD). */
export function calculateLineReference(input: DutyLineInput, index: number, date: string, deps: DutyDeps): ReferenceLineCalc {
  const data = deps.dutyData;
  const line = resolveLine(deps, input.hts);
  const origin = (input.origin ?? "").trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(origin)) throw new InputError(`Origin "${input.origin}" must be an ISO 3166-1 alpha-2 code such as CN, DE, MX.`, "invalid_origin");
  const warnings: string[] = [];
  const notes: string[] = [];
  const fx = toUsd(input, data, warnings);
  const given = parseNonNegative(input.value, "value");
  const valueUsd = fx.rate === ONE ? roundCents(given) : roundCents(given.mul(fx.rate));
  const quantities: Quantity[] = (input.qty === undefined ? [] : Array.isArray(input.qty) ? input.qty : [input.qty]).map(parseQuantity);
  const parsed = ratesOf(line);
  const rev = deps.schedule.revision;
  const rateInputs = { value: valueUsd, quantities, ...rateExtras(input, fx.rate) };
  const components: DutyComponent[] = [];
  const byType = new Map<string, Dec>();
  let needsManual = false;
  let mpfExempt = false;
  let rateColumn: DutyLineResult["rateColumn"] = "general";
  let programResult: DutyLineResult["program"];
  const options: ProgramOption[] = [];

  // Base duty: Column 2 for Column 2 origins; otherwise General, or a claimed program's Special rate.
  const col2 = data.column2.get(origin);
  let baseExpr: RateExpr | null = parsed.general;
  let baseLabel = "MFN (General)";
  let baseCitation = `HTSUS ${rev}, ${line.code}${line.rateSource !== line.digits ? ` (rates of ${line.rateSource})` : ""}, General column`;
  if (col2 && inForce(col2, date)) {
    rateColumn = "column2";
    baseExpr = parsed.column2;
    baseLabel = "Column 2";
    baseCitation = `HTSUS ${rev}, ${line.code}, Column 2 (${col2.name}: ${col2.legalReference})`;
    if (input.program) programResult = { symbol: input.program, applies: false, reason: `${col2.name} is a Column 2 country: no special program applies.` };
  }
  const refQuestions: DutyQuestion[] = [];
  let resolved: RateOutcome | null = null;
  let resolvedBasis: string | null = null;
  if (baseExpr?.kind === "reference") {
    const r = resolveReference(baseExpr, line.code, input, deps, rateColumn === "column2" ? "column2" : "general", fx.rate, valueUsd, quantities);
    if (r.kind === "expr") {
      baseExpr = r.expr;
      notes.push(r.note);
    } else if (r.kind === "amount") {
      resolved = { status: "ok", amount: r.amount, terms: [{ basis: r.basis, amount: r.amount }], adValoremPercent: null };
      resolvedBasis = r.basis;
      notes.push(r.note);
    } else if (r.kind === "question") {
      refQuestions.push(r.question);
      resolved = { status: "manual", reason: r.question.question };
    } else resolved = { status: "manual", reason: r.reason };
  }
  const mfnOutcome = resolved ?? (baseExpr ? evaluateRate(baseExpr, rateInputs) : ({ status: "manual", reason: "the line prints no rate" } as const));
  const mfnOk = baseExpr && ok(mfnOutcome, line, baseExpr) ? mfnOutcome : null;
  let base = mfnOk ? { amount: mfnOk.amount, basis: resolvedBasis ?? mfnOk.terms.map((t) => t.basis).join(" + "), rate: baseExpr!.text } : null;
  if (!mfnOk && mfnOutcome.status === "manual") {
    const asked = questionOfReason(line.code, baseExpr?.text ?? "", mfnOutcome.reason);
    if (asked) refQuestions.push(asked);
    needsManual = true;
    warnings.push(`Needs manual rate: ${line.code} ${baseLabel} "${baseExpr?.text ?? ""}": ${mfnOutcome.reason}.`);
  }

  if (rateColumn !== "column2" && input.program) {
    const a = assessProgram(data.programs, input.program, parsed.special, origin, date);
    programResult = { symbol: a.symbol, applies: a.applies, reason: a.reason, ...(a.verify ? { verify: a.verify } : {}) };
    if (a.verify) warnings.push(`Program ${a.symbol}: ${a.verify}`);
    if (a.applies && a.group) {
      const po = evaluateRate(a.group.rate, rateInputs);
      if (ok(po, line, a.group.rate)) {
        rateColumn = "special";
        needsManual = false;
        base = { amount: po.amount, basis: po.terms.map((t) => t.basis).join(" + "), rate: `${a.group.rate.text} (${a.symbol})` };
        baseLabel = `Special (${a.symbol}: ${a.name})`;
        baseCitation = `HTSUS ${rev}, ${line.code}, Special column; ${a.program?.legalReference ?? ""}`;
        mpfExempt = a.program?.mpfExempt === "yes";
        if (a.program?.mpfExempt === "verify") notes.push(`MPF exemption for goods originating under ${a.symbol} may apply; verify (19 U.S.C. 58c(b)).`);
      } else {
        needsManual = true;
        warnings.push(`Needs manual rate: ${line.code} Special "${a.group.rate.text}" (${a.symbol}): ${po.status === "manual" ? po.reason : ""}.`);
      }
    }
  } else if (rateColumn === "general") {
    for (const a of eligiblePrograms(data.programs, parsed.special, origin, date)) {
      const po = evaluateRate(a.group!.rate, rateInputs);
      const saving = mfnOk && po.status === "ok" ? formatMoney(roundCents(mfnOk.amount).sub(roundCents(po.amount))) : null;
      options.push({ symbol: a.symbol, name: a.name ?? a.symbol, rate: a.group!.rate.text, saving, ...(a.verify ? { verify: a.verify } : {}) });
    }
  }

  if (base) {
    const baseRounded = roundCents(base.amount);
    const kind = rateColumn === "special" ? "program" : rateColumn === "column2" ? "column2" : "mfn";
    components.push({ kind, label: baseLabel, rate: base.rate, basis: base.basis, amount: formatMoney(baseRounded), citation: baseCitation });
    byType.set(kind === "column2" ? "Column 2" : "MFN", baseRounded);
  }

  const chapter99 = applyMeasures(line, origin, date, input, fx.rate, valueUsd, base?.amount ?? null, deps, warnings, notes, components, byType);

  const adcvd = data.adcvd.get(`${origin}:${line.digits.slice(0, 6)}`) ?? data.adcvd.get(`${origin}:${line.digits.slice(0, 10)}`);
  for (const w of adcvd ?? []) warnings.push(`AD/CVD exposure: ${w.caseDescription} (${w.country}, HS ${w.prefix}); check case scope and deposit rates before entry.`);
  if (line.level < 10) warnings.push(`${line.code} is not a 10-digit statistical line; the entry must declare one.`);
  if (quantities.length === 0 && line.units.length > 0 && line.units[0] !== "X") notes.push(`The entry reports quantity in ${line.units.join(" and ")}.`);

  let amount = ZERO;
  for (const v of byType.values()) amount = amount.add(v);
  const result: DutyLineResult = {
    index,
    ...(input.id !== undefined ? { id: input.id } : {}),
    hts: line.code,
    description: line.pathText,
    revision: rev,
    origin,
    value: formatMoney(valueUsd),
    currency: fx.currency,
    ...(fx.fx ? { fx: fx.fx } : {}),
    quantities: quantities.map((q) => q.raw),
    rateColumn,
    rates: line.rates,
    components,
    chapter99: chapter99.lines,
    ...(programResult ? { program: programResult } : {}),
    eligiblePrograms: options,
    amount: formatMoney(amount),
    needsManualRate: needsManual,
    needsReview: chapter99.review,
    warnings,
    notes,
    ...(chapter99.questions.length + refQuestions.length > 0 ? { questions: [...refQuestions, ...chapter99.questions] } : {}),
  };
  return { result, valueUsd, amount, byType, mpfExempt };
}

function applyMeasures(
  line: HtsLine,
  origin: string,
  date: string,
  input: DutyLineInput,
  fxRate: Dec,
  valueUsd: Dec,
  baseAmount: Dec | null,
  deps: DutyDeps,
  warnings: string[],
  notes: string[],
  components: DutyComponent[],
  byType: Map<string, Dec>,
): { lines: Chapter99Line[]; review: boolean; questions: DutyQuestion[] } {
  const selected = selectForLine(deps.dutyData.measures.match(line.digits, origin, date), input, deps.dutyData.questions);
  const matches = selected.matches;
  for (const q of selected.questions) warnings.push(questionWarning(q));
  let questions = selected.questions;
  let usedMetal = false;
  const out: Chapter99Line[] = [];
  let review = false;
  // Only measures that charge something displace others; a coverage-list "review" row is not proof the measure applies.
  const programsPresent = new Set(matches.filter((m) => charges(m.measure)).map((m) => m.measure.program));
  // Unconfirmed figures are flagged only for measures actually reported on the line.
  const flag = (m: MeasureMatch["measure"]): void => {
    if (m.confirmed !== "yes") warnings.push(`${m.heading || m.id} (${m.program}) is not fully confirmed: ${m.notes}`);
  };
  const add = (m: MeasureMatch["measure"], rate: string, amount: Dec, basis: string, heading = m.heading): void => {
    flag(m);
    const rounded = roundCents(amount);
    out.push({ heading, rate, amount: formatMoney(rounded), program: m.program, basis, citation: m.citation, measureId: m.id });
    components.push({ kind: "chapter99", label: m.program, heading, rate, basis, amount: formatMoney(rounded), citation: m.citation });
    byType.set(m.program, (byType.get(m.program) ?? ZERO).add(rounded));
  };
  for (const { measure: m, entry } of matches) {
    const displacedBy = m.excludedByPrograms.find((p) => p !== m.program && programsPresent.has(p));
    if (displacedBy) {
      notes.push(`${m.heading} (${m.program}) not applied: goods subject to ${displacedBy} are excepted from it.`);
      continue;
    }
    const exclusion = findExclusion(m, line.digits, date);
    if (exclusion) {
      add(m, "excluded", ZERO, `exclusion of ${m.heading} through ${exclusion.entry.effectiveTo ?? "open"}`, exclusion.entry.heading ?? m.heading);
      warnings.push(
        `${m.program} ${m.heading} not charged: ${line.code} is listed under exclusion ${exclusion.entry.heading ?? ""} (in effect through ${exclusion.entry.effectiveTo ?? "?"}); the exclusion covers only products matching its description in the U.S. note: confirm the goods match.`,
      );
      continue;
    }
    if (entry?.partial) warnings.push(`${m.program} ${m.heading}: coverage of ${line.code.slice(0, 10)} is limited to certain statistical lines or product descriptions; verify the goods are covered.`);
    const rateText = describeMeasureRate(m);
    switch (m.rate.kind) {
      case "percent": {
        if (m.basis === "content" && input.metalValue === undefined) {
          warnings.push(fullValueWarning(m, line.code));
          add(m, rateText, percentOf(valueUsd, m.rate.percent), `${rateText} x $${formatMoney(valueUsd)} (full value: metal content not declared)`);
        } else if (m.basis === "non-us-content") {
          if (input.usContentValue === undefined) {
            const q = usContentQuestion(m, line.code);
            questions = [...questions, q];
            warnings.push(`Question for the importer (${q.topic}): ${q.question}`);
            add(m, rateText, percentOf(valueUsd, m.rate.percent), `${rateText} x $${formatMoney(valueUsd)} (full value: U.S. content not given)`);
          } else {
            const us = roundCents(parseNonNegative(input.usContentValue, "usContentValue").mul(fxRate));
            if (us.gt(valueUsd)) throw new InputError(`usContentValue (${formatMoney(us)} USD) cannot exceed the line value (${formatMoney(valueUsd)} USD).`, "invalid_number");
            const nonUs = valueUsd.sub(us);
            add(m, rateText, percentOf(nonUs, m.rate.percent), `${rateText} x $${formatMoney(nonUs)} (value less U.S. content $${formatMoney(us)})`);
          }
        } else if (m.basis === "content") {
          usedMetal = true;
          const metal = roundCents(parseNonNegative(input.metalValue!, "metalValue").mul(fxRate));
          if (metal.gt(valueUsd)) throw new InputError(`metalValue (${formatMoney(metal)} USD) cannot exceed the line value (${formatMoney(valueUsd)} USD).`, "invalid_number");
          add(m, rateText, percentOf(metal, m.rate.percent), `${rateText} x $${formatMoney(metal)} (metal content)`);
        } else {
          add(m, rateText, percentOf(valueUsd, m.rate.percent), `${rateText} x $${formatMoney(valueUsd)}`);
        }
        break;
      }
      case "floor":
      case "floorMet": {
        if (baseAmount === null) {
          review = true;
          warnings.push(`${m.heading} (${m.program}) depends on the column 1 rate, which needs a manual rate here.`);
          break;
        }
        const floor = percentOf(valueUsd, m.rate.percent);
        const below = baseAmount.lt(floor);
        if (m.rate.kind === "floor" && below) add(m, rateText, floor.sub(baseAmount), `${formatPercent(m.rate.percent)} x $${formatMoney(valueUsd)} less column 1 duty`);
        if (m.rate.kind === "floorMet" && !below && !valueUsd.isZero()) add(m, rateText, ZERO, "column 1 duty already at or above the floor");
        break;
      }
      case "review":
        review = true;
        warnings.push(`Needs manual review (${m.program}, ${m.id}): ${m.notes}`);
        break;
    }
  }
  // Said only where a metals measure charged the line on its full value, the case where the content was meant for it.
  if (input.metalValue !== undefined && !usedMetal && out.some((l) => l.program === "Section 232")) notes.push(metalValueUnused(date));
  return { lines: out, review, questions };
}
