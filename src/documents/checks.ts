/**
 * Checks that decide between readings of a value: the ISO 6346 container check digit, the shape of
 * a SCAC, and OCR confusions (O/0, I/1, S/5, B/8) to try when a reading fails its check.
 */

const ISO6346_VALUES = "0123456789A?BCDEFGHIJK?LMNOPQRSTU?VWXYZ";

/** ISO 6346 check digit of the first ten characters (owner code, category, serial). */
export function iso6346CheckDigit(first10: string): number | null {
  if (!/^[A-Z]{3}[UJZR]\d{6}$/.test(first10)) return null;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += ISO6346_VALUES.indexOf(first10[i]!) * 2 ** i;
  return (sum % 11) % 10;
}

/** True when an 11-character container number carries a correct check digit. */
export function isValidContainer(num: string): boolean {
  const n = num.replace(/[\s-]/g, "");
  return /^[A-Z]{4}\d{7}$/.test(n) && iso6346CheckDigit(n.slice(0, 10)) === Number(n[10]);
}

const TO_DIGIT: Record<string, string> = { O: "0", Q: "0", D: "0", I: "1", L: "1", "|": "1", Z: "2", S: "5", B: "8", G: "6", T: "7" };
const TO_LETTER: Record<string, string> = { "0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G", "4": "A" };

/**
 * Container numbers in a text, also where OCR confused letters and digits: a candidate of 4
 * letter-like and 7 digit-like characters is mapped to letters then digits and kept only when
 * the check digit holds.
 */
export function findContainers(text: string): Array<{ number: string; index: number; length: number }> {
  const out: Array<{ number: string; index: number; length: number }> = [];
  const re = /(?<![A-Z0-9])([A-Z0-9|]{4})\s?([0-9OQDILZSBGT|]{6})\s?-?\s?([0-9OQDILZSBGT|])(?![A-Z0-9])/gi;
  for (const m of text.toUpperCase().matchAll(re)) {
    const owner = [...m[1]!].map((c) => TO_LETTER[c] ?? c).join("");
    const digits = [...`${m[2]}${m[3]}`].map((c) => TO_DIGIT[c] ?? c).join("");
    const num = `${owner}${digits}`;
    if (isValidContainer(num)) out.push({ number: num, index: m.index, length: m[0].length });
  }
  return out;
}

/** A SCAC is 2-4 capital letters (carriers use 4). */
export function isScacShape(s: string): boolean {
  return /^[A-Z]{4}$/.test(s);
}

/** Readings of a numeric token to try when the first fails a check: OCR letter/digit swaps. */
export function numericVariants(token: string): string[] {
  const out: string[] = [];
  const fixed = token.replace(/[OoQD]/g, "0").replace(/[Il|]/g, "1").replace(/S/g, "5").replace(/B/g, "8");
  if (fixed !== token) out.push(fixed);
  // "2.425.72": OCR read the decimal comma as a point; the last separator is the decimal one.
  const m = /^(\d[\d.,]*)[.,](\d{1,2})$/.exec(fixed);
  if (m && /[.,]/.test(m[1]!)) out.push(`${m[1]!.replace(/[.,]/g, "")}.${m[2]}`);
  // "413" for "4,13": the decimal mark was lost.
  if (/^\d{3,7}$/.test(fixed)) out.push(`${fixed.slice(0, -2)}.${fixed.slice(-2)}`);
  return out;
}
