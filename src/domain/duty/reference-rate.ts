/**
 * Rates that are those of another provision. The schedule prints, for ensembles and sets, "the rate
 * applicable to each garment in the ensemble if separately entered" or "to that article in the set subject to
 * the highest rate of duty", and for parts and accessories "the rate applicable to the article of which it is
 * a part or accessory" (or "the complete, assembled movement", "the natural juice in heading 2009"). The
 * duty is then computed from what the importer gives:
 *   - `components` (HTS number and value of each article of the ensemble or set, in the line's currency):
 *     each component's rate on its own value, summed; or, for "the highest rate", every component's rate on
 *     the whole value, the highest kept;
 *   - `articleHts` (the HTS number of the article, movement or juice referred to): its rate, on this line's
 *     value and quantities.
 * Without them the engine asks exactly for them. Arithmetic is decimal.js, shared by both paths.
 */
import { InputError } from "../../errors.ts";
import { Dec, ZERO, formatMoney, parseNonNegative, roundCents } from "../money.ts";
import { parseQuantity, missingQuantityMessage, type Quantity } from "../quantity.ts";
import { evaluateRate } from "../rates/evaluate-rate.ts";
import type { RateExpr } from "../rates/rate-types.ts";
import { planLine } from "./line-plan.ts";
import type { DutyDeps, DutyLineInput, DutyQuestion } from "./types.ts";

type Reference = Extract<RateExpr, { kind: "reference" }>;

export type ReferenceResolution =
  | { kind: "expr"; expr: RateExpr; note: string }
  | { kind: "amount"; amount: Dec; basis: string; note: string }
  | { kind: "question"; question: DutyQuestion; warning: string }
  | { kind: "manual"; reason: string };

/** Whether the referred rate is that of the components of an ensemble or set (else: of one article). */
function componentsForm(to: string): "sum" | "highest" | null {
  if (/highest rate/i.test(to)) return "highest";
  if (/ensemble|each article|each garment/i.test(to)) return "sum";
  return null;
}

/** Resolves a reference rate of the line from the line's inputs. `column` is the rate column in use. */
export function resolveReference(expr: Reference, code: string, input: DutyLineInput, deps: DutyDeps, column: "general" | "column2", fxRate: Dec, valueUsd: Dec, quantities: readonly Quantity[]): ReferenceResolution {
  const form = componentsForm(expr.to);
  const rateOf = (hts: string): { expr: RateExpr | null; code: string } => {
    const plan = planLine(deps, hts);
    return { expr: column === "column2" ? plan.parsed.column2 : plan.parsed.general, code: plan.line.code };
  };
  if (form) {
    const comps = input.components ?? [];
    if (comps.length === 0) {
      const question: DutyQuestion = {
        topic: "components",
        question: `${code} is charged at ${expr.text.replace(/\.$/, "")}: give components, the HTS number and value of each article of the ${/set/i.test(expr.to) ? "set" : "ensemble"} (components: [{"hts": "...", "value": ...}]).`,
        answers: [{ answer: "components given", rate: form === "highest" ? "the highest component rate, on the whole value" : "each component's rate on its own value" }],
      };
      return { kind: "question", question, warning: `Needs the components: ${question.question}` };
    }
    let total = ZERO;
    const parts: string[] = [];
    let best: { amount: Dec; basis: string } | null = null;
    for (const c of comps) {
      const r = rateOf(c.hts);
      if (!r.expr || r.expr.kind === "reference") return { kind: "manual", reason: `component ${r.code} has no rate of its own` };
      const value = form === "highest" ? valueUsd : roundCents(parseNonNegative(c.value, `components value of ${c.hts}`).mul(fxRate));
      const q = c.qty === undefined ? quantities : (Array.isArray(c.qty) ? c.qty : [c.qty]).map(parseQuantity);
      const o = evaluateRate(r.expr, { value, quantities: q });
      if (o.status === "missingQuantity") throw new InputError(missingQuantityMessage(o.unit, r.code, r.expr.text), "quantity_missing");
      if (o.status === "manual") return { kind: "manual", reason: `component ${r.code}: ${o.reason}` };
      const amount = roundCents(o.amount);
      const basis = `${r.code} ${r.expr.text}: ${o.terms.map((t) => t.basis).join(" + ")}`;
      if (form === "highest") {
        if (!best || amount.gt(best.amount)) best = { amount, basis };
      } else {
        total = total.add(amount);
        parts.push(`${basis} = $${formatMoney(amount)}`);
      }
    }
    if (form === "highest") return { kind: "amount", amount: best!.amount, basis: `highest of the set's rates: ${best!.basis}`, note: `Rate of the article of the set with the highest duty (${comps.map((c) => c.hts).join(", ")}).` };
    const sumValue = comps.reduce((s, c) => s.add(roundCents(parseNonNegative(c.value, "components value").mul(fxRate))), ZERO);
    const note = sumValue.eq(valueUsd) ? "Ensemble duty: each component at its own rate." : `Ensemble duty: each component at its own rate; the components' values ($${formatMoney(sumValue)}) differ from the line value ($${formatMoney(valueUsd)}).`;
    return { kind: "amount", amount: total, basis: parts.join(" + "), note };
  }
  // Chapter 98: "A duty upon the value of the repairs", "upon the full value ... less the cost of U.S. components": the
  // article's own rate on the value the provision names. Other chapter 98 duty formulas are the broker's work.
  const ch98 = /^A duty upon (the|such)/i.test(expr.to);
  if (/^additional U\.S\. note/i.test(expr.to)) return { kind: "manual", reason: `the rate is set by ${expr.to.replace(/\.$/, "")} of the chapter, to apply by hand` };
  if (/^A duty/i.test(expr.to) && !ch98) return { kind: "manual", reason: `the chapter 98 provision's duty is a formula to apply by hand (${expr.to.slice(0, 80)})` };
  if (!input.articleHts) {
    const what = ch98
      ? "give articleHts, the HTS number under which the article is otherwise classified, and as value the amount this provision levies the duty upon"
      : `give articleHts, the HTS number of ${expr.to.replace(/\.$/, "")}`;
    const question: DutyQuestion = {
      topic: "article",
      question: `${code} is charged at ${expr.text.replace(/\.$/, "")}: ${what}.`,
      answers: [{ answer: "articleHts given", rate: "that article's rate, on this line's value and quantity" }],
    };
    return { kind: "question", question, warning: `Needs the article's code: ${question.question}` };
  }
  const r = rateOf(input.articleHts);
  if (!r.expr || r.expr.kind === "reference") return { kind: "manual", reason: `${r.code} has no rate of its own` };
  return { kind: "expr", expr: r.expr, note: `Rate of ${r.code} (${expr.to.replace(/\.$/, "")}): ${r.expr.text}.` };
}
