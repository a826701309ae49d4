/**
 * HTS code normalisation. Users and documents write codes many ways (`6110.30.3020`, `6110303020`,
 * `6110.30.30.20`, `6110 30 30 20`); inside Tollgate a code is its digit string, and it is shown
 * in the form CBP uses on rulings and entries: `6110.30.3020`, `6110.30.30`, `6110.30`, `6110`.
 */
import { InputError } from "../errors.ts";

/** Valid lengths of an HTS number's digit string. */
export type HtsLevel = 2 | 4 | 6 | 8 | 10;

const SEPARATORS = /[\s.\-_/]/g;

/** Digits of a code written in any common format, or null when it is not a plausible HTS number. */
export function htsDigits(code: string): string | null {
  const trimmed = code.trim();
  if (!/^\d[\d\s.\-_/]*$/.test(trimmed)) return null;
  const digits = trimmed.replace(SEPARATORS, "");
  return [2, 4, 6, 8, 10].includes(digits.length) ? digits : null;
}

/** Like `htsDigits` but throws an InputError naming the accepted formats. */
export function requireHtsDigits(code: string): string {
  const digits = htsDigits(code);
  if (!digits) {
    throw new InputError(
      `"${code}" is not an HTS number. Write it with 4, 6, 8 or 10 digits, e.g. 6110.30.3020, 6110303020 or 6110.30.30.20.`,
      "invalid_hts_code",
    );
  }
  return digits;
}

/** Formats a digit string the way CBP writes it: 6110, 6110.30, 6110.30.30, 6110.30.3020. */
export function formatHts(digits: string): string {
  switch (digits.length) {
    case 10:
      return `${digits.slice(0, 4)}.${digits.slice(4, 6)}.${digits.slice(6)}`;
    case 8:
      return `${digits.slice(0, 4)}.${digits.slice(4, 6)}.${digits.slice(6)}`;
    case 6:
      return `${digits.slice(0, 4)}.${digits.slice(4)}`;
    default:
      return digits;
  }
}

/** Finds HTS numbers written in free text (documents, chat messages), as digit strings in order. */
export function findHtsCodes(text: string): string[] {
  const found: string[] = [];
  const re = /\b(\d{4})[.\s]?(\d{2})(?:[.\s]?(\d{2})(?:[.\s]?(\d{2}))?)?\b/g;
  for (const m of text.matchAll(re)) {
    // A bare 4+2 digit run without a separator is too often a number of some other kind.
    const hasDot = m[0].includes(".");
    const digits = m[0].replace(/[.\s]/g, "");
    if (!hasDot && digits.length < 8) continue;
    if (!found.includes(digits)) found.push(digits);
  }
  return found;
}
