/**
 * Facts some printed rates are levied on besides value and quantity: the polarity of raw sugar and the
 * values of named parts ("4.7% on the value of the rifle + 20% on the value of the telescopic sight"). Read
 * from the line input once, converted to USD, for both arithmetic paths; and the question a rate asks when
 * one of them is missing.
 */
import { Dec, parseNonNegative, roundCents } from "../money.ts";
import { partKey } from "../rates/evaluate-rate.ts";
import type { DutyLineInput, DutyQuestion } from "./types.ts";

export interface RateExtras {
  polarity?: Dec;
  partValues?: ReadonlyMap<string, Dec>;
}

const NONE: RateExtras = {};

export function rateExtras(input: DutyLineInput, fxRate: Dec): RateExtras {
  if (input.polarity === undefined && input.partValues === undefined) return NONE;
  const out: { polarity?: Dec; partValues?: Map<string, Dec> } = {};
  if (input.polarity !== undefined) out.polarity = parseNonNegative(input.polarity, "polarity");
  if (input.partValues !== undefined) {
    out.partValues = new Map();
    for (const [k, v] of Object.entries(input.partValues)) out.partValues.set(partKey(k), roundCents(parseNonNegative(v, `partValues.${k}`).mul(fxRate)));
  }
  return out;
}

/** The question behind a manual reason that asks for an input ("give polarity ...", "give partValues.\"rifle\" ..."), or null. */
export function questionOfReason(code: string, rateText: string, reason: string): DutyQuestion | null {
  // Most manual reasons ask for nothing: skip the regular expression for them.
  const m = reason.startsWith("give ") ? /^give (\w+)/.exec(reason) : null;
  if (!m) return null;
  return { topic: m[1]!, question: `${code} is charged at "${rateText}": ${reason}.`, answers: [{ answer: `${m[1]} given`, rate: rateText }] };
}
