/**
 * Evaluates a parsed rate on a line's value and quantities. Amounts come back unrounded; the engine
 * rounds each line once. A rate that cannot be computed from what was given says why: either a
 * quantity is missing (the engine refuses, naming the unit) or the rate needs a broker's manual work
 * (a part value such as "on the case", a sugar polarity, a reference to another provision, an
 * unparsed text), which is reported, never treated as zero.
 */
import { Dec, ZERO, addFixed, centsOfFixed, fixedOfDec, formatCents, formatFixed, formatMoney, formatPercent, mulFixed, percentOf, type Fixed } from "../money.ts";
import { contentUnit, quantityFixedIn, quantityIn, type Quantity } from "../quantity.ts";
import type { RateExpr, RateTerm } from "./rate-types.ts";

/** One computed summand with what it was levied on. */
export interface TermAmount {
  /** e.g. "6.5% x $10,000.00" or "$0.022/kg x 1200 kg". */
  basis: string;
  amount: Dec;
}

/** Outcome of evaluating a rate. */
export type RateOutcome =
  | { status: "ok"; amount: Dec; terms: TermAmount[]; adValoremPercent: Dec | null }
  | { status: "missingQuantity"; unit: string }
  | { status: "manual"; reason: string };

/** What the evaluation needs from the line. */
export interface RateInputs {
  value: Dec;
  quantities: readonly Quantity[];
  /** Polarity of raw sugar in degrees (from the lab certificate), for the chapter 17 scale. */
  polarity?: Dec;
  /** USD values of the parts a rate is levied on ("the rifle", "the telescopic sight", "the lead content"), by {@link partKey}. */
  partValues?: ReadonlyMap<string, Dec>;
}

/** The key of the part an ad valorem term is levied on: "on the value of the rifle" -> "rifle". */
export function partKey(on: string): string {
  return on
    .toLowerCase()
    .replace(/,? if any\.?$/, "")
    .replace(/^(on |of )?(the )?(value |cost )?(of )?(the )?/, "")
    .replace(/\.$/, "")
    .trim();
}

/** Parts whose value is the line's own value (the article is the set, the content is the whole). */
const WHOLE = new Set(["entire set", "entire content"]);

function termAmount(term: RateTerm, inputs: RateInputs): TermAmount | { missing: string } | { manual: string } {
  switch (term.type) {
    case "adValorem":
      if (term.on) {
        const key = partKey(term.on);
        const v = WHOLE.has(key) ? inputs.value : inputs.partValues?.get(key);
        if (v === undefined) {
          // "if any": the part may be absent (a rifle without a telescopic sight): nothing to charge.
          if (/if any/.test(term.on) && inputs.partValues !== undefined) return { basis: `${formatPercent(term.percent)} ${term.on}: none declared`, amount: ZERO };
          return { manual: `give partValues."${key}" (part of the rate is ${formatPercent(term.percent)} ${term.on})` };
        }
        return { basis: `${formatPercent(term.percent)} x $${formatMoney(v)} (${term.on})`, amount: percentOf(v, term.percent) };
      }
      return { basis: `${formatPercent(term.percent)} x $${formatMoney(inputs.value)}`, amount: percentOf(inputs.value, term.percent) };
    case "specific": {
      if (term.unit === "jewel" || term.unit === "piece or part" || term.on?.startsWith("over")) {
        const qty = quantityIn(inputs.quantities, term.unit);
        if (qty === null || term.on?.startsWith("over")) return { manual: `part of the rate is charged per ${term.unit}${term.on ? ` ${term.on}` : ""}` };
      }
      // "per kg on lead content" is measured in kilograms of lead ("Pb kg"), not gross kilograms.
      const unit = contentUnit(term.unit, term.on) ?? term.unit;
      const qty = quantityIn(inputs.quantities, unit);
      if (qty === null) return { missing: unit };
      const on = term.on ? ` (${term.on})` : "";
      return { basis: `$${term.amount.toString()}/${term.unit} x ${qty.toString()} ${unit}${on}`, amount: term.amount.mul(qty) };
    }
    case "polarity": {
      if (inputs.polarity === undefined) return { manual: "give polarity (the raw-sugar rate depends on the polarity in degrees, read from the lab certificate)" };
      const qty = quantityIn(inputs.quantities, term.unit);
      if (qty === null) return { missing: term.unit };
      // Base less perDegree for each degree under 100 (fractions in proportion), but not less than the floor.
      const under = Dec.max(ZERO, new Dec(100).sub(inputs.polarity));
      const perUnit = Dec.max(term.floor, term.base.sub(term.perDegree.mul(under)));
      return { basis: `$${perUnit.toString()}/${term.unit} at ${inputs.polarity.toString()} degrees x ${qty.toString()} ${term.unit}`, amount: perUnit.mul(qty) };
    }
  }
}

/** Evaluates a rate expression for a line. */
export function evaluateRate(expr: RateExpr, inputs: RateInputs): RateOutcome {
  switch (expr.kind) {
    case "free":
      return { status: "ok", amount: ZERO, terms: [{ basis: "Free", amount: ZERO }], adValoremPercent: new Dec(0) };
    case "formula": {
      let amount = ZERO;
      const terms: TermAmount[] = [];
      let percent: Dec | null = ZERO;
      for (const term of expr.terms) {
        const r = termAmount(term, inputs);
        if ("missing" in r) return { status: "missingQuantity", unit: r.missing };
        if ("manual" in r) return { status: "manual", reason: r.manual };
        terms.push(r);
        amount = amount.add(r.amount);
        percent = term.type === "adValorem" && percent ? percent.add(term.percent) : null;
      }
      if (expr.note) return { status: "manual", reason: expr.note };
      return { status: "ok", amount, terms, adValoremPercent: percent };
    }
    case "additional":
    case "noChange":
      return { status: "manual", reason: `"${expr.text}" is a chapter 99 text; declare the underlying heading 1-97 line and let the engine add the measure` };
    case "reference":
      return { status: "manual", reason: `the rate is that of another provision (${expr.to})` };
    case "unparsed":
      return { status: "manual", reason: `the rate text "${expr.text}" could not be modelled` };
  }
}

/** A term compiled for the fixed-point path, with the constant parts of its basis text built once. */
type CompiledTerm =
  | { type: "adValorem"; percent: Fixed; prefix: string }
  | { type: "specific"; amount: Fixed; unit: string; prefix: string; suffix: string };

/** A rate on the fixed-point path: `terms` null for "Free". */
export interface CompiledRate {
  terms: CompiledTerm[] | null;
}

/** Outcome of {@link evaluateRateFixed}: the exact amount, its cents (rounded half-up once) and basis. */
export type FixedOutcome = { status: "ok"; amount: Fixed; cents: number; basis: string } | { status: "missingQuantity"; unit: string };

const FREE: CompiledRate = { terms: null };
const compiledCache = new WeakMap<RateExpr, CompiledRate | null>();

/**
 * Compiles a rate for {@link evaluateRateFixed}, once per parsed expression. Null for the forms that stay
 * on the decimal.js path (manual and reference forms, part values, per-jewel and "over n" terms, notes,
 * and figures beyond 15 digits such as the "1/3%" expansions).
 */
export function compileRate(expr: RateExpr): CompiledRate | null {
  let c = compiledCache.get(expr);
  if (c === undefined) {
    c = compileUncached(expr);
    compiledCache.set(expr, c);
  }
  return c;
}

function compileUncached(expr: RateExpr): CompiledRate | null {
  if (expr.kind === "free") return FREE;
  if (expr.kind !== "formula" || expr.note) return null;
  const terms: CompiledTerm[] = [];
  for (const term of expr.terms) {
    if (term.type === "adValorem") {
      const percent = fixedOfDec(term.percent);
      if (term.on || !percent) return null;
      terms.push({ type: "adValorem", percent, prefix: `${formatPercent(term.percent)} x $` });
    } else if (term.type === "specific") {
      const amount = fixedOfDec(term.amount);
      if (!amount || term.unit === "jewel" || term.unit === "piece or part" || term.on?.startsWith("over")) return null;
      const unit = contentUnit(term.unit, term.on) ?? term.unit;
      const suffix = ` ${unit}${term.on ? ` (${term.on})` : ""}`;
      terms.push({ type: "specific", amount, unit, prefix: `$${term.amount.toString()}/${term.unit} x `, suffix });
    } else return null;
  }
  return { terms };
}

/**
 * {@link evaluateRate} in exact fixed point on a value in integer cents, with the amount rounded to cents
 * half-up once. Undefined when a figure leaves the fixed range (or a quantity conversion is not a scale
 * shift): the caller then evaluates with decimal.js, which gives the same figures. `valueText` is the
 * value as formatCents prints it, passed by callers that already have it.
 */
export function evaluateRateFixed(rate: CompiledRate, valueCents: number, quantities: readonly Quantity[], valueText = formatCents(valueCents)): FixedOutcome | undefined {
  if (rate.terms === null) return { status: "ok", amount: { m: 0, s: 0 }, cents: 0, basis: "Free" };
  let amount: Fixed | null = null;
  let basis = "";
  for (const term of rate.terms) {
    let part: Fixed | null;
    let text: string;
    if (term.type === "adValorem") {
      // value (cents / 100) x percent / 100
      part = mulFixed({ m: valueCents, s: 4 }, term.percent);
      text = term.prefix + valueText;
    } else {
      const qty = quantityFixedIn(quantities, term.unit);
      if (qty === null) return { status: "missingQuantity", unit: term.unit };
      if (qty === undefined) return undefined;
      part = mulFixed(term.amount, qty);
      text = term.prefix + formatFixed(qty) + term.suffix;
    }
    if (!part) return undefined;
    amount = amount === null ? part : addFixed(amount, part);
    if (!amount) return undefined;
    basis = basis === "" ? text : `${basis} + ${text}`;
  }
  if (amount === null) return undefined; // a formula has at least one term
  const cents = centsOfFixed(amount);
  return cents === null ? undefined : { status: "ok", amount, cents, basis };
}
