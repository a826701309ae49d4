/**
 * Evaluates a parsed rate on a line's value and quantities. Amounts come back unrounded; the engine
 * rounds each line once. A rate that cannot be computed from what was given says why: either a
 * quantity is missing (the engine refuses, naming the unit) or the rate needs a broker's manual work
 * (a part value such as "on the case", a sugar polarity, a reference to another provision, an
 * unparsed text), which is reported, never treated as zero.
 */
import { Dec, ZERO, formatMoney, formatPercent, percentOf } from "../money.ts";
import { quantityIn, type Quantity } from "../quantity.ts";
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
}

function termAmount(term: RateTerm, inputs: RateInputs): TermAmount | { missing: string } | { manual: string } {
  switch (term.type) {
    case "adValorem":
      if (term.on) return { manual: `part of the rate is ${formatPercent(term.percent)} ${term.on}; that part's value must be declared separately` };
      return { basis: `${formatPercent(term.percent)} x $${formatMoney(inputs.value)}`, amount: percentOf(inputs.value, term.percent) };
    case "specific": {
      if (term.unit === "jewel" || term.unit === "piece or part" || term.on?.startsWith("over")) {
        const qty = quantityIn(inputs.quantities, term.unit);
        if (qty === null || term.on?.startsWith("over")) return { manual: `part of the rate is charged per ${term.unit}${term.on ? ` ${term.on}` : ""}` };
      }
      const qty = quantityIn(inputs.quantities, term.unit);
      if (qty === null) return { missing: term.unit };
      const on = term.on ? ` (${term.on})` : "";
      return { basis: `$${term.amount.toString()}/${term.unit} x ${qty.toString()} ${term.unit}${on}`, amount: term.amount.mul(qty) };
    }
    case "polarity":
      return { manual: "the raw-sugar rate depends on the polarity (degrees) of the sugar, which must be read from the lab certificate" };
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
