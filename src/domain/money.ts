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
 * Exact fixed-point decimals for the engine's hot path: `m x 10^-s` with `m` a safe integer and
 * `0 <= s <= 15`. This is decimal arithmetic, not binary floating point: every operation below is an
 * integer operation whose result is checked to be a safe integer AFTER it is computed, which proves it
 * exact. Why the check suffices: IEEE-754 rounding is monotone and 2^53 is representable, so if the true
 * integer result had magnitude >= 2^53 the computed one would too; a computed magnitude <= 2^53 - 1
 * (Number.MAX_SAFE_INTEGER) therefore means the true result is that small, and every integer that small
 * is representable, so the computed value IS the true value. When a check fails the helper returns
 * null and the caller takes the decimal.js path.
 */
export interface Fixed {
  readonly m: number;
  readonly s: number;
}

const MAX = Number.MAX_SAFE_INTEGER;
/** 10^0 .. 10^15, each exactly representable. */
const POW10: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);
const safe = (x: number): boolean => x <= MAX && x >= -MAX;

/** Thrown when a figure leaves the exact fixed-point range: the engine then recomputes with decimal.js. */
export class OutOfFixedRange extends Error {}

/** Unwraps a fixed-point result, leaving the fast path (throwing {@link OutOfFixedRange}) when it is null or undefined. */
export function need<T>(x: T | null | undefined): T {
  if (x === null || x === undefined) throw new OutOfFixedRange("figure beyond the exact fixed-point range");
  return x;
}

/** a + b for integer cents, or null when the sum is not a safe integer (see money.ts for why that check suffices). */
export function safeSum(a: number, b: number): number | null {
  const s = a + b;
  return Number.isSafeInteger(s) ? s : null;
}

/** Parses a plain decimal literal ("1234.56", "+5", ".5"; no exponent) into a Fixed, or null beyond 15 digits. */
export function parseFixed(text: string): Fixed | null {
  let i = 0;
  const c0 = text.charCodeAt(0);
  if (c0 === 43 || c0 === 45) i = 1; // + or -
  let m = 0;
  let digits = 0; // significant digits read so far
  let s = -1; // digits after the point, -1 before it
  let any = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && s < 0) s = 0;
    else if (c >= 48 && c <= 57) {
      any = true;
      if (s >= 0) s++;
      if (m === 0 && c === 48) continue; // leading zeros are not significant
      // At most 15 significant digits: m stays below 10^15 < 2^53, so m * 10 + d is exact.
      if (++digits > 15) return null;
      m = m * 10 + (c - 48);
    } else return null;
  }
  if (!any || s > 15) return null;
  return { m: c0 === 45 && m !== 0 ? -m : m, s: s < 0 ? 0 : s };
}

/** The Fixed of a Decimal (via its plain-notation text), or null when it has too many digits. */
export function fixedOfDec(d: Dec): Fixed | null {
  return parseFixed(d.toFixed());
}

/** The Decimal of a Fixed (for the decimal.js path and for comparisons in tests). */
export function decOfFixed(f: Fixed): Dec {
  return new Dec(f.m).div(POW10[f.s]!);
}

/** Exact product, or null when it is not a safe integer at a scale <= 15. */
export function mulFixed(a: Fixed, b: Fixed): Fixed | null {
  const m = a.m * b.m;
  const s = a.s + b.s;
  return safe(m) && s <= 15 ? { m, s } : null;
}

/** Exact sum, or null. The operand with the smaller scale is brought up to the larger (checked). */
export function addFixed(a: Fixed, b: Fixed): Fixed | null {
  const s = a.s > b.s ? a.s : b.s;
  const am = a.s === s ? a.m : a.m * POW10[s - a.s]!;
  const bm = b.s === s ? b.m : b.m * POW10[s - b.s]!;
  const m = am + bm;
  return safe(am) && safe(bm) && safe(m) ? { m, s } : null;
}

/** Sign of a - b (-1, 0, 1), or null when aligning the scales is not exact. Allocates nothing. */
export function compareFixed(a: Fixed, b: Fixed): number | null {
  const s = a.s > b.s ? a.s : b.s;
  const am = a.s === s ? a.m : a.m * POW10[s - a.s]!;
  const bm = b.s === s ? b.m : b.m * POW10[s - b.s]!;
  if (!safe(am) || !safe(bm)) return null;
  return am < bm ? -1 : am > bm ? 1 : 0;
}

/** Divides by 10^k (k may be negative): a scale shift, exact; null when out of range. */
export function shiftFixed(a: Fixed, k: number): Fixed | null {
  const s = a.s + k;
  if (s > 15) return null;
  if (s >= 0) return { m: a.m, s };
  const m = a.m * POW10[-s]!;
  return safe(m) ? { m, s: 0 } : null;
}

/**
 * Rounds to whole cents half-up (ties away from zero, as Decimal.ROUND_HALF_UP), returning integer cents.
 * `m % d` is exact in IEEE arithmetic; `m - r` is then an exact multiple of `d`, so dividing gives the
 * exact integer quotient.
 */
export function centsOfFixed(a: Fixed): number | null {
  if (a.s <= 2) {
    const c = a.m * POW10[2 - a.s]!;
    return safe(c) ? c : null;
  }
  const d = POW10[a.s - 2]!;
  const r = a.m % d;
  const q = (a.m - r) / d;
  if (2 * Math.abs(r) >= d) return a.m < 0 ? q - 1 : q + 1;
  return q === 0 ? 0 : q; // no negative zero
}

/** Formats integer cents as formatMoney does ("1234.56", "-0.05", "0.00"). */
export function formatCents(cents: number): string {
  const abs = cents < 0 ? -cents : cents;
  // One integer-to-string conversion; the point goes before the last two digits (safe integers print without exponent).
  const digits = String(abs);
  const text = abs < 10 ? `0.0${digits}` : abs < 100 ? `0.${digits}` : `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return cents < 0 ? `-${text}` : text;
}

/**
 * Formats a Fixed as Decimal#toString does: plain notation, trailing zeros dropped. Values below 1e-6
 * (which decimal.js writes in exponential notation) go through decimal.js.
 */
export function formatFixed(a: Fixed): string {
  if (a.m === 0) return "0";
  let m = Math.abs(a.m);
  let s = a.s;
  while (s > 0 && m % 10 === 0) {
    m /= 10;
    s--;
  }
  let text = String(m);
  if (s > 0) {
    if (text.length <= s) {
      if (s - text.length >= 6) return decOfFixed(a).toString();
      text = `0.${"0".repeat(s - text.length)}${text}`;
    } else text = `${text.slice(0, text.length - s)}.${text.slice(text.length - s)}`;
  }
  return a.m < 0 ? `-${text}` : text;
}

/**
 * Parses a money or plain number from user input ("1234.56", "1,234.56", 1234.56, "$1,234"). Numbers
 * arriving as JS numbers are converted through their shortest string form, so 0.1 stays 0.1.
 */
export function parseDecimal(input: string | number, what: string): Dec {
  return new Dec(numberText(input, what));
}

/** The cleaned, validated text of a user number (what {@link parseDecimal} hands to decimal.js). */
function numberText(input: string | number, what: string): string {
  const text = cleanNumber(input);
  if (!NUMBER.test(text)) throw notANumber(input, what);
  return text;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const notANumber = (input: string | number, what: string): InputError =>
  new InputError(`${what} "${String(input)}" is not a number (write it like 1234.56).`, "invalid_number");

/** Drops surrounding blanks, one leading "$" and thousands separators. */
function cleanNumber(input: string | number): string {
  if (typeof input === "number") return String(input);
  let text = input.trim();
  if (text.charCodeAt(0) === 36) text = text.slice(1);
  if (text.includes(",")) text = text.replace(/,/g, "");
  return text;
}

/** A validated user number: exact Fixed (null beyond the fast range or in exponent form) and its text. */
export interface ParsedNumber {
  fixed: Fixed | null;
  /** Cleaned text, for `new Dec(text)` on the decimal.js path. */
  text: string;
  /** As decimal.js sees it: "-0" is negative. */
  negative: boolean;
}

/** Parses like {@link parseDecimal} (same validation and messages) without building a Decimal. */
export function parseNumber(input: string | number, what: string): ParsedNumber {
  const text = cleanNumber(input);
  // parseFixed accepts exactly NUMBER without an exponent, so when it succeeds the regex would too.
  const fixed = parseFixed(text);
  if (fixed === null && !NUMBER.test(text)) throw notANumber(input, what);
  return { fixed, text, negative: text.charCodeAt(0) === 45 };
}

/** Parses a non-negative amount, refusing negatives with a message naming the field. */
export function parseNonNegative(input: string | number, what: string): Dec {
  const value = parseDecimal(input, what);
  if (value.isNegative()) throw new InputError(`${what} must not be negative (got ${String(input)}).`, "invalid_number");
  return value;
}

/** A user amount (refused when negative) times the exchange rate `fx`, rounded to USD cents; leaves the fast path beyond the fixed range. */
export function usdCents(input: string | number, what: string, fx: Fixed): number {
  const n = parseNumber(input, what);
  if (n.negative) throw new InputError(`${what} must not be negative (got ${String(input)}).`, "invalid_number");
  return need(centsOfFixed(need(fx.m === 1 && fx.s === 0 ? n.fixed : mulFixed(need(n.fixed), fx))));
}
