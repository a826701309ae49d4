/**
 * Number, money and date parsing for international documents. Separators and date order differ
 * by country ("1.234,56" in Germany, "1,234.56" in the US; 12/03/2026 is 12 March in Europe and
 * December 3 in the US), so ambiguous forms are resolved by a per-document context that the
 * extractor derives from the unambiguous numbers and dates of the same document.
 */

/** What the rest of a document tells us about its conventions. */
export interface ValueContext {
  /** True when the document writes decimals with a comma (1.234,56). */
  decimalComma?: boolean;
  /** True when numeric dates put the day first (31/12/2026); false for US month-first. */
  dayFirst?: boolean;
}

const NUM_RE = /^[+-]?(?:\d{1,3}(?:[.,' \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?$/;

/**
 * Parses a number written with either separator convention; null when the text is not a number.
 * Ambiguous "1,234" / "1.234" (one separator, three digits after) follow `ctx.decimalComma`.
 */
export function parseNumber(text: string | null | undefined, ctx: ValueContext = {}): number | null {
  if (!text) return null;
  // Dates, times and ratios ("12/03/2026", "10:30") are not numbers.
  if (/\d\s?[/:]\s?\d/.test(text)) return null;
  let s = text.trim().replace(/^\((.*)\)$/, "-$1");
  s = s.replace(/[^\d.,'\s\u00a0\u202f+-]/g, "").trim();
  if (s === "" || !/\d/.test(s)) return null;
  s = s.replace(/[\s\u00a0\u202f]+(?=\d{3}\b)/g, "'");
  if (!NUM_RE.test(s)) return null;
  s = s.replace(/'/g, "");
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  let decimalSep: "." | "," | null;
  if (lastDot >= 0 && lastComma >= 0) decimalSep = lastDot > lastComma ? "." : ",";
  else if (lastDot < 0 && lastComma < 0) decimalSep = null;
  else {
    const sep = lastDot >= 0 ? "." : ",";
    const count = s.split(sep).length - 1;
    const after = s.length - s.lastIndexOf(sep) - 1;
    if (count > 1) decimalSep = null; // 1,234,567 or 1.234.567: grouping only
    else if (after !== 3) decimalSep = sep;
    else decimalSep = ctx.decimalComma ? (sep === "," ? "," : null) : sep === "." ? "." : null;
  }
  const thousands = decimalSep === "." ? "," : decimalSep === "," ? "." : /[.,]/.exec(s)?.[0];
  let clean = thousands ? s.split(thousands).join("") : s;
  if (decimalSep === ",") clean = clean.replace(",", ".");
  const n = Number(clean);
  return Number.isFinite(n) ? n : null;
}

/** Finds every number-looking token in a line, with its position. */
export function findNumbers(line: string, ctx: ValueContext = {}): Array<{ value: number; text: string; index: number }> {
  const out: Array<{ value: number; text: string; index: number }> = [];
  const re = /(?<![\w.,/-])[-+]?\d{1,3}(?:[.,'\u00a0\u202f]\d{3})*(?:[.,]\d+)?(?![\w/]|[.,]\d)|(?<![\w.,/-])[-+]?\d+(?:[.,]\d+)?(?![\w/]|[.,]\d)/g;
  for (const m of line.matchAll(re)) {
    const v = parseNumber(m[0], ctx);
    if (v !== null) out.push({ value: v, text: m[0], index: m.index });
  }
  return out;
}

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  ["january", "jan", "janvier", "januar", "januari", "enero", "gennaio", "janeiro", "stycznia", "styczen", "jän"],
  ["february", "feb", "fevrier", "février", "februar", "februari", "febrero", "febbraio", "fevereiro", "lutego"],
  ["march", "mar", "mars", "märz", "maerz", "maart", "marzo", "março", "marca", "mrt"],
  ["april", "apr", "avril", "abril", "aprile", "kwietnia"],
  ["may", "mai", "mei", "mayo", "maggio", "maio", "maja"],
  ["june", "jun", "juin", "juni", "junio", "giugno", "junho", "czerwca"],
  ["july", "jul", "juillet", "juli", "julio", "luglio", "julho", "lipca"],
  ["august", "aug", "août", "aout", "augustus", "agosto", "sierpnia"],
  ["september", "sep", "sept", "septembre", "settembre", "setembro", "septiembre", "września", "wrzesnia"],
  ["october", "oct", "octobre", "oktober", "okt", "octubre", "ottobre", "outubro", "października", "pazdziernika"],
  ["november", "nov", "novembre", "noviembre", "novembro", "listopada"],
  ["december", "dec", "décembre", "decembre", "dezember", "dez", "diciembre", "dicembre", "dezembro", "grudnia"],
];
MONTH_NAMES.forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)));
const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");

function iso(y: number, m: number, d: number): string | null {
  if (y < 100) y += y < 70 ? 2000 : 1900;
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** A date found in text: its ISO form, the matched text, and whether its day/month order was a guess. */
export interface DateMatch {
  iso: string;
  text: string;
  index: number;
  ambiguous: boolean;
}

const WORD_DATE_MDY = new RegExp(`\\b(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*(\\d{4})\\b`, "giu");
const WORD_DATE_DMY = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|er)?\\.?[\\s-]+(${MONTH_ALT})\\.?[\\s,-]+(\\d{4}|\\d{2})\\b`, "giu");
const ISO_DATE = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g;
const NUM_DATE = /\b(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})\b/g;

/** Finds dates in a line in the common written and numeric forms. */
export function findDates(line: string, ctx: ValueContext = {}): DateMatch[] {
  const out: DateMatch[] = [];
  const taken: Array<[number, number]> = [];
  const add = (m: RegExpMatchArray, value: string | null, ambiguous = false) => {
    const start = m.index!;
    const end = start + m[0].length;
    if (!value || taken.some(([a, b]) => start < b && end > a)) return;
    taken.push([start, end]);
    out.push({ iso: value, text: m[0], index: start, ambiguous });
  };
  for (const m of line.matchAll(WORD_DATE_MDY)) add(m, iso(Number(m[3]), MONTHS[m[1]!.toLowerCase()]!, Number(m[2])));
  for (const m of line.matchAll(WORD_DATE_DMY)) add(m, iso(Number(m[3]), MONTHS[m[2]!.toLowerCase()]!, Number(m[1])));
  for (const m of line.matchAll(ISO_DATE)) add(m, iso(Number(m[1]), Number(m[2]), Number(m[3])));
  for (const m of line.matchAll(NUM_DATE)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = Number(m[4]);
    if (m[4]!.length === 2 && m[2] === "." && a <= 31 && b <= 12) {
      add(m, iso(y, b, a));
      continue;
    }
    if (a > 12 && b <= 12) add(m, iso(y, b, a));
    else if (b > 12 && a <= 12) add(m, iso(y, a, b));
    else {
      // Both parts could be the month: the dotted form is day-first everywhere; otherwise use the
      // document's convention, and US month-first when nothing else is known.
      const dayFirst = m[2] === "." ? true : (ctx.dayFirst ?? false);
      add(m, dayFirst ? iso(y, b, a) : iso(y, a, b), a !== b && m[2] !== ".");
    }
  }
  return out.sort((x, y) => x.index - y.index);
}

/** Parses the first date in a text to ISO 8601 (YYYY-MM-DD), or null. */
export function parseDate(text: string | null | undefined, ctx: ValueContext = {}): string | null {
  if (!text) return null;
  return findDates(text, ctx)[0]?.iso ?? null;
}

/** Derives a document's conventions from its unambiguous numbers and dates. */
export function inferContext(text: string, countryHint?: string | null): ValueContext {
  const commaDec = (text.match(/\d,\d{2}(?!\d)/g) ?? []).length + (text.match(/\d\.\d{3},\d/g) ?? []).length * 3;
  const dotDec = (text.match(/\d\.\d{2}(?!\d)/g) ?? []).length + (text.match(/\d,\d{3}\.\d/g) ?? []).length * 3;
  let dayVotes = 0;
  for (const m of text.matchAll(/\b(\d{1,2})[/-](\d{1,2})[/-](\d{2,4})\b/g)) {
    if (Number(m[1]) > 12) dayVotes++;
    else if (Number(m[2]) > 12) dayVotes--;
  }
  // Without an unambiguous date, the issuer's country decides: month-first is a US (and a few
  // other countries') habit; day-first is the norm elsewhere and in comma-decimal documents.
  const monthFirstCountry = countryHint === "US" || countryHint === "PH" || countryHint === "CA";
  let dayFirst: boolean | undefined;
  if (dayVotes !== 0) dayFirst = dayVotes > 0;
  else if (countryHint) dayFirst = !monthFirstCountry;
  else if (commaDec > dotDec) dayFirst = true;
  return { decimalComma: commaDec > dotDec, dayFirst };
}
