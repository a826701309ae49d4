/**
 * Money in Tollgate is decimal (decimal.js), never a binary float: 0.1 + 0.2 must be 0.3 when a broker
 * signs a duty figure. Amounts are kept unrounded while a line is computed and rounded once, to cents,
 * half-up, where CBP rounds (each line's duty, each fee); totals are sums of rounded amounts.
 */
import { Decimal } from "decimal.js";
import { InputError } from "../errors.ts";

/**
 * The project's Decimal constructor: 40 significant digits so chained rate arithmetic (cents per kg times
 * thousands of kilograms times an exchange rate) never loses a cent before the one rounding step.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
/** A decimal value (instance of {@link Dec}). */
export type Dec = Decimal;

/** Zero, shared. */
export const ZERO: Dec = new Dec(0);

const HUNDREDTH: Dec = new Dec("0.01");

/** `percent` % of `amount` (unrounded). Multiplies by 0.01 rather than dividing by 100: same value, cheaper in decimal.js. */
export function percentOf(amount: Dec, percent: Dec): Dec {
  return amount.mul(percent).mul(HUNDREDTH);
}

/** Rounds to cents half-up, as CBP rounds duties and fees on the entry summary. */
export function roundCents(amount: Dec): Dec {
  return amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Formats an amount as a plain decimal string with two places ("1234.56"), the scripts' contract. */
export function formatMoney(amount: Dec): string {
  // Fast path for amounts already rounded to cents (almost all): toString needs no rounding pass.
  if (amount.decimalPlaces() <= 2 && amount.e < 15) {
    const text = amount.toString();
    const dot = text.indexOf(".");
    if (dot < 0) return `${text}.00`;
    return text.length - dot === 2 ? `${text}0` : text;
  }
  return amount.toFixed(2, Decimal.ROUND_HALF_UP);
}

/** Formats an amount for people: "$1,234.56". */
export function formatUsd(amount: Dec): string {
  const fixed = formatMoney(amount.abs());
  const dot = fixed.length - 3;
  let grouped = "";
  for (let i = 0; i < dot; i++) grouped += (i > 0 && (dot - i) % 3 === 0 ? "," : "") + fixed[i];
  return `${amount.isNegative() ? "-" : ""}$${grouped}${fixed.slice(dot)}`;
}

/** Formats a percentage without trailing zeros ("6.5%", "0.3464%"). */
export function formatPercent(percent: Dec): string {
  // Rates are few and reused on every line: format each Decimal instance once.
  let text = percentText.get(percent);
  if (text === undefined) {
    text = `${percent.toDecimalPlaces(6).toString()}%`;
    percentText.set(percent, text);
  }
  return text;
}
const percentText = new WeakMap<Dec, string>();

/**
 * Parses a money or plain number from user input ("1234.56", "1,234.56", 1234.56, "$1,234"). Numbers
 * arriving as JS numbers are converted through their shortest string form, so 0.1 stays 0.1.
 */
export function parseDecimal(input: string | number, what: string): Dec {
  const text = typeof input === "number" ? String(input) : input.trim().replace(/^\$/, "").replace(/,/g, "");
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    throw new InputError(`${what} "${String(input)}" is not a number (write it like 1234.56).`, "invalid_number");
  }
  return new Dec(text);
}

/** Parses a non-negative amount, refusing negatives with a message naming the field. */
export function parseNonNegative(input: string | number, what: string): Dec {
  const value = parseDecimal(input, what);
  if (value.isNegative()) throw new InputError(`${what} must not be negative (got ${String(input)}).`, "invalid_number");
  return value;
}
