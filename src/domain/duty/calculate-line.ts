/**
 * Duty for one line: the base rate (General, a claimed program's Special rate, or Column 2 for Column 2
 * origins), then every chapter 99 measure in force on the entry date for the line and origin. Each
 * component is rounded to cents half-up; the line amount is the sum of rounded components. Missing
 * inputs a rate needs (a quantity, a metal-content value, an exchange rate) are refused with an
 * InputError that names what to give; rates that need a broker's work are flagged, never zeroed.
 *
 * This is the engine's fast path: money is exact fixed point (integer cents, and unrounded amounts as
 * `m x 10^-s`, see money.ts), and line facts come from a precomputed {@link LinePlan}. Whenever a figure
 * would leave the fixed range it throws {@link OutOfFixedRange} and the request is computed by the
 * decimal.js reference (reference-line.ts), which gives identical results; the two are property-tested
 * against each other.
 */
import { InputError } from "../../errors.ts";
import type { DutyData, FxRate } from "../../knowledge/duty-data.ts";
import { Dec, centsOfFixed, decOfFixed, fixedOfDec, formatCents, need, parseNumber, safeSum, usdCents, type Fixed } from "../money.ts";
import { parseQuantity, missingQuantityMessage, type Quantity } from "../quantity.ts";
import { evaluateRate, evaluateRateFixed, compileRate, type CompiledRate } from "../rates/evaluate-rate.ts";
import type { RateExpr } from "../rates/rate-types.ts";
import { assessProgram, eligibleFrom } from "../programs.ts";
import { inForce } from "../measures.ts";
import { planLine } from "./line-plan.ts";
import { applyMeasures, type MeasureContext } from "./apply-measures.ts";
import type { DutyComponent, DutyDeps, DutyLineInput, DutyLineResult, DutyQuestion, ProgramOption } from "./types.ts";
import { resolveReference } from "./reference-rate.ts";
import { questionOfReason, rateExtras, type RateExtras } from "./rate-extras.ts";

export { OutOfFixedRange } from "../money.ts";

/** A line result with the integer cents the entry totals need. */
export interface LineCalc {
  result: DutyLineResult;
  valueCents: number;
  amountCents: number;
  /** Duty by type ("MFN", "Column 2", each chapter 99 program) in order of first appearance, with cents. */
  types: string[];
  typeCents: number[];
  mpfExempt: boolean;
}

type Outcome = { status: "ok"; amount: Fixed; cents: number; basis: string } | { status: "missingQuantity"; unit: string } | { status: "manual"; reason: string };

/** Evaluates a rate: compiled ones in fixed point; the rest with decimal.js, whose manual outcomes carry no arithmetic. */
function evaluate(expr: RateExpr, compiled: CompiledRate | null, valueCents: number, valueText: string, quantities: readonly Quantity[], extras: RateExtras): Outcome {
  if (compiled) return need(evaluateRateFixed(compiled, valueCents, quantities, valueText));
  const o = evaluateRate(expr, { value: decOfFixed({ m: valueCents, s: 2 }), quantities, ...extras });
  if (o.status !== "ok") return o;
  const amount = need(fixedOfDec(o.amount));
  return { status: "ok", amount, cents: need(centsOfFixed(amount)), basis: o.terms.map((t) => t.basis).join(" + ") };
}

function ok(outcome: Outcome, code: string, expr: RateExpr): outcome is Extract<Outcome, { status: "ok" }> {
  if (outcome.status === "missingQuantity") throw new InputError(missingQuantityMessage(outcome.unit, code, expr.text), "quantity_missing");
  return outcome.status === "ok";
}

const ONE: Fixed = { m: 1, s: 0 };
/** The conversion of a USD line (shared: it is only read). */
const IN_USD: { rate: Fixed; currency: string } = { rate: ONE, currency: "USD" };
const ORIGIN = /^[A-Z]{2}$/;
const NO_EXTRAS: RateExtras = {};

function toUsd(input: DutyLineInput, data: DutyData, warnings: string[]): { rate: Fixed; currency: string; fx?: DutyLineResult["fx"] } {
  if (input.currency === undefined) return IN_USD;
  const currency = input.currency.trim().toUpperCase();
  if (currency === "USD") return IN_USD;
  if (input.fxRate !== undefined) {
    const n = parseNumber(input.fxRate, "fxRate");
    if (n.negative) throw new InputError(`fxRate must not be negative (got ${String(input.fxRate)}).`, "invalid_number");
    const rate = new Dec(n.text);
    if (rate.isZero()) throw new InputError("fxRate must be greater than zero.", "invalid_number");
    return { rate: need(fixedOfDec(rate)), currency, fx: { currency, rate: rate.toString(), source: "rate given by the user" } };
  }
  const known = data.fx.get(currency);
  if (!known) {
    throw new InputError(`No exchange rate for ${currency}: give fxRate (USD per ${currency}; CBP uses the certified rate for the date of exportation).`, "fx_missing");
  }
  const f = fxFacts(known, data);
  warnings.push(f.warning);
  return { rate: need(f.rate), currency, fx: { currency, rate: f.text, source: f.source } };
}

const fxCache = new WeakMap<FxRate, { rate: Fixed | null; text: string; warning: string; source: string }>();
/** A rates-file rate in fixed point with its texts, once per loaded rate. */
function fxFacts(known: FxRate, data: DutyData): { rate: Fixed | null; text: string; warning: string; source: string } {
  let f = fxCache.get(known);
  if (!f) {
    const text = known.usdPerUnit.toString();
    f = {
      rate: fixedOfDec(known.usdPerUnit),
      text,
      warning: `Converted ${known.currency} at ${text} USD from the rates file (${known.source}, as of ${known.asOf}); CBP requires the certified rate for the date of exportation.`,
      source: `${data.fxSource} (${known.source}, ${known.asOf})`,
    };
    fxCache.set(known, f);
  }
  return f;
}

/** Calculates one line. `date` is the entry date (YYYY-MM-DD). */
export function calculateLine(input: DutyLineInput, index: number, date: string, deps: DutyDeps): LineCalc {
  const data = deps.dutyData;
  const plan = planLine(deps, input.hts);
  const { line, parsed } = plan;
  const origin = (input.origin ?? "").trim().toUpperCase();
  if (!ORIGIN.test(origin)) throw new InputError(`Origin "${input.origin}" must be an ISO 3166-1 alpha-2 code such as CN, DE, MX.`, "invalid_origin");
  const warnings: string[] = [];
  const notes: string[] = [];
  const fx = toUsd(input, data, warnings);
  const valueCents = usdCents(input.value, "value", fx.rate);
  // Printed once: the result, every ad valorem basis and every chapter 99 basis use it.
  const valueText = formatCents(valueCents);
  const quantities: Quantity[] = (input.qty === undefined ? [] : Array.isArray(input.qty) ? input.qty : [input.qty]).map(parseQuantity);
  const rev = deps.schedule.revision;
  const components: DutyComponent[] = [];
  const types: string[] = [];
  const typeCents: number[] = [];
  let needsManual = false;
  let mpfExempt = false;
  let rateColumn: DutyLineResult["rateColumn"] = "general";
  let programResult: DutyLineResult["program"];
  const options: ProgramOption[] = [];

  // Base duty: Column 2 for Column 2 origins; otherwise General, or a claimed program's Special rate.
  const col2 = data.column2.get(origin);
  let baseExpr = parsed.general;
  let baseCompiled = plan.general;
  let baseLabel = "MFN (General)";
  let baseCitation = plan.generalCitation;
  if (col2 && inForce(col2, date)) {
    rateColumn = "column2";
    baseExpr = parsed.column2;
    baseCompiled = plan.column2;
    baseLabel = "Column 2";
    baseCitation = `HTSUS ${rev}, ${line.code}, Column 2 (${col2.name}: ${col2.legalReference})`;
    if (input.program) programResult = { symbol: input.program, applies: false, reason: `${col2.name} is a Column 2 country: no special program applies.` };
  }
  // Most lines give neither polarity nor part values: no Decimal is made for them.
  const extras = input.polarity === undefined && input.partValues === undefined ? NO_EXTRAS : rateExtras(input, decOfFixed(fx.rate));
  // A rate that is another provision's: resolved from the components or the article's code, or asked for.
  const refQuestions: DutyQuestion[] = [];
  let resolved: Outcome | null = null;
  if (baseExpr?.kind === "reference") {
    const r = resolveReference(baseExpr, line.code, input, deps, rateColumn === "column2" ? "column2" : "general", decOfFixed(fx.rate), decOfFixed({ m: valueCents, s: 2 }), quantities);
    if (r.kind === "expr") {
      baseExpr = r.expr;
      baseCompiled = compileRate(r.expr);
      notes.push(r.note);
    } else if (r.kind === "amount") {
      const amount = need(fixedOfDec(r.amount));
      resolved = { status: "ok", amount, cents: need(centsOfFixed(amount)), basis: r.basis };
      notes.push(r.note);
    } else if (r.kind === "question") {
      refQuestions.push(r.question);
      resolved = { status: "manual", reason: r.question.question };
    } else resolved = { status: "manual", reason: r.reason };
  }
  const mfnOutcome: Outcome = resolved ?? (baseExpr ? evaluate(baseExpr, baseCompiled, valueCents, valueText, quantities, extras) : { status: "manual", reason: "the line prints no rate" });
  const mfnOk = baseExpr && ok(mfnOutcome, line.code, baseExpr) ? mfnOutcome : null;
  let base = mfnOk ? { amount: mfnOk.amount, cents: mfnOk.cents, basis: mfnOk.basis, rate: baseExpr!.text } : null;
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
      const po = evaluate(a.group.rate, compileRate(a.group.rate), valueCents, valueText, quantities, extras);
      if (ok(po, line.code, a.group.rate)) {
        rateColumn = "special";
        needsManual = false;
        base = { amount: po.amount, cents: po.cents, basis: po.basis, rate: `${a.group.rate.text} (${a.symbol})` };
        baseLabel = `Special (${a.symbol}: ${a.name})`;
        baseCitation = `HTSUS ${rev}, ${line.code}, Special column; ${a.program?.legalReference ?? ""}`;
        mpfExempt = a.program?.mpfExempt === "yes";
        if (a.program?.mpfExempt === "verify") notes.push(`MPF exemption for goods originating under ${a.symbol} may apply; verify (19 U.S.C. 58c(b)).`);
      } else {
        needsManual = true;
        warnings.push(`Needs manual rate: ${line.code} Special "${a.group.rate.text}" (${a.symbol}): ${po.status === "manual" ? po.reason : ""}.`);
      }
    }
  } else if (rateColumn === "general" && plan.programs?.has(origin)) {
    for (const { candidate: c, verify } of eligibleFrom(plan.programs.get(origin)!, origin, date)) {
      const po = evaluate(c.group.rate, compileRate(c.group.rate), valueCents, valueText, quantities, extras);
      const saving = mfnOk && po.status === "ok" ? formatCents(mfnOk.cents - po.cents) : null;
      options.push({ symbol: c.symbol, name: c.program.name ?? c.symbol, rate: c.group.rate.text, saving, ...(verify ? { verify } : {}) });
    }
  }

  if (base) {
    const kind = rateColumn === "special" ? "program" : rateColumn === "column2" ? "column2" : "mfn";
    components.push({ kind, label: baseLabel, rate: base.rate, basis: base.basis, amount: formatCents(base.cents), citation: baseCitation });
    types.push(kind === "column2" ? "Column 2" : "MFN");
    typeCents.push(base.cents);
  }

  const ctx: MeasureContext = { data, plan, origin, date, input, fxRate: fx.rate, valueCents, valueText, base: base?.amount ?? null, warnings, notes, components, types, typeCents };
  const chapter99 = applyMeasures(ctx);

  // plan.adcvd says whether any origin has a warning for the line: most lines skip building the keys.
  const adcvd = plan.adcvd ? (data.adcvd.get(`${origin}:${plan.hs6}`) ?? data.adcvd.get(`${origin}:${plan.hs10}`)) : undefined;
  for (const w of adcvd ?? []) warnings.push(`AD/CVD exposure: ${w.caseDescription} (${w.country}, HS ${w.prefix}); check case scope and deposit rates before entry.`);
  if (line.level < 10) warnings.push(`${line.code} is not a 10-digit statistical line; the entry must declare one.`);
  if (quantities.length === 0 && line.units.length > 0 && line.units[0] !== "X") notes.push(`The entry reports quantity in ${line.units.join(" and ")}.`);

  let amountCents = 0;
  for (const v of typeCents) amountCents = need(safeSum(amountCents, v));
  // Built in the printed key order; optional keys are assigned, not spread (no temporary object per line).
  const result = { index } as DutyLineResult;
  if (input.id !== undefined) result.id = input.id;
  result.hts = line.code;
  result.description = line.pathText;
  result.revision = rev;
  result.origin = origin;
  result.value = valueText;
  result.currency = fx.currency;
  if (fx.fx) result.fx = fx.fx;
  result.quantities = quantities.length === 0 ? [] : quantities.map((q) => q.raw);
  result.rateColumn = rateColumn;
  result.rates = line.rates;
  result.components = components;
  result.chapter99 = chapter99.lines;
  if (programResult) result.program = programResult;
  result.eligiblePrograms = options;
  result.amount = formatCents(amountCents);
  result.needsManualRate = needsManual;
  result.needsReview = chapter99.review;
  result.warnings = warnings;
  result.notes = notes;
  if (chapter99.questions.length + refQuestions.length > 0) result.questions = refQuestions.length === 0 ? chapter99.questions : [...refQuestions, ...chapter99.questions];
  return { result, valueCents, amountCents, types, typeCents, mpfExempt };
}
