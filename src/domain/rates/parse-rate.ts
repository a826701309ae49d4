/**
 * Parser for the schedule's rate texts. The grammar follows what the USITC export prints:
 *   free:        "Free", "Free, under bond, as prescribed in U.S. note 1 ..."
 *   terms:       "6.5%", "2.2¢/kg", "$1.035/kg", "44¢/liter", "$5.10/doz.", "30¢ each", "3.9% on the case"
 *   compound:    terms joined by "+" ("37.5¢/kg + 14.9%", "$2.70 each + 45% on the case + 35% on the battery")
 *   polarity:    "3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees ... but not less than 3.143854¢/kg"
 *   chapter 99:  "The duty provided in the applicable subheading + 25%", "... + a duty of 50% upon the value of
 *                the steel content", "No change", "The duty rate provided in such subheading minus 0.5%"
 *   references:  "The rate applicable to the article of which it is a part or accessory"
 *   special:     one or more `rate (SYM,SYM,...)` groups: "Free (A,AU,BH,...) 4.3% (KR)"
 * Anything else is returned as `unparsed`, never as zero.
 */
import { Dec } from "../money.ts";
import type { ParsedRates, RateExpr, RateTerm, SpecialRate } from "./rate-types.ts";

// Rate-text units mapped to the schedule's unit-of-quantity spellings, which is what quantities are keyed by.
const RATE_UNITS: Record<string, string> = {
  kg: "kg", g: "g", t: "t", liter: "liters", liters: "liters", l: "liters", "pf. liter": "pf.liters",
  "pf.liter": "pf.liters", "proof liter": "pf.liters", "doz.": "doz.", doz: "doz.", "pr.": "pairs", pr: "pairs",
  prs: "pairs", "prs.": "pairs", "doz. pr.": "doz. prs.", "doz. prs.": "doz. prs.", bbl: "bbl", m2: "m2", "m²": "m2",
  m3: "m3", m: "m", "lin. m": "m", each: "No.", head: "No.", no: "No.", "no.": "No.", gross: "gross",
  "1000": "thousands", "1,000": "thousands", "1,000 pins": "thousands", thousand: "thousands", jewel: "jewel",
  "cm2": "cm2", carat: "carat", kwh: "kWh", article: "No.", "line/gross": "gr.lines", pack: "pack",
  // Wool is dutiable on its clean yield; the quantity must be clean kilograms (the qualifier says so).
  "clean kg": "kg",
};

const NUM = String.raw`\d+(?:\.\d+)?`;

/** Whitespace and punctuation variants seen in the export ("¢ /kg", "+45%", "origin- ating"). */
function normalise(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/\s*\/\s*/g, "/")
    .replace(/(\d) ¢/g, "$1¢")
    .replace(/- (?=[a-z])/g, "")
    .replace(/\binthe\b/g, "in the")
    .replace(/(m2|kg)of\b/g, "$1 of")
    .replace(/ ?\+ ?/g, " + ")
    .replace(/(\d+) 1\/3%/g, (_m, n: string) => `${n}.333333333333333333%`)
    .trim();
}

function rateUnit(raw: string): string | null {
  if (/^clean kg$/i.test(raw.trim())) return "kg";
  const key = raw.trim().toLowerCase().replace(/\s+/g, " ");
  return RATE_UNITS[key] ?? RATE_UNITS[key.replace(/\.$/, "")] ?? null;
}

/** Money amount of "2.2¢" or "$1.035" in dollars. */
function amountOf(cents: string | undefined, dollars: string | undefined): Dec {
  return cents !== undefined ? new Dec(cents).div(100) : new Dec(dollars!);
}

const MONEY = String.raw`(?:(${NUM})¢|\$(${NUM}))`;
const RE_AD_VALOREM = new RegExp(String.raw`^(${NUM})%(?: (on .+|of .+))?$`);
const RE_PER_UNIT = new RegExp(String.raw`^${MONEY}/([A-Za-z0-9.,/ ²]+?)(?:,? ((?:on|of|including|over) .+))?$`);
const RE_EACH = new RegExp(String.raw`^${MONEY} (each|for each other piece or part)(?: (on .+))?$`);
const RE_POLARITY = new RegExp(
  String.raw`^${MONEY}/kg less ${MONEY}/kg for each degree under 100 degrees \(and fractions of a degree in proportion\) but not less(?: than)? ${MONEY}/kg$`,
);

/** Parses one summand; null when it is not a term this grammar knows. */
function parseTerm(raw: string): RateTerm | null {
  const t = raw.trim();
  let m = RE_POLARITY.exec(t);
  if (m) {
    return { type: "polarity", base: amountOf(m[1], m[2]), perDegree: amountOf(m[3], m[4]), floor: amountOf(m[5], m[6]), unit: "kg" };
  }
  m = RE_AD_VALOREM.exec(t);
  if (m) return m[2] ? { type: "adValorem", percent: new Dec(m[1]!), on: m[2] } : { type: "adValorem", percent: new Dec(m[1]!) };
  m = RE_EACH.exec(t);
  if (m) {
    const on = m[3] === "for each other piece or part" ? "other piece or part" : m[4];
    return { type: "specific", amount: amountOf(m[1], m[2]), unit: on === "other piece or part" ? "piece or part" : "No.", ...(on ? { on } : {}) };
  }
  m = RE_PER_UNIT.exec(t);
  if (m) {
    const unit = rateUnit(m[3]!);
    if (!unit) return null;
    const on = /^clean kg$/i.test(m[3]!.trim()) ? "clean kg (clean yield)" : m[4];
    return { type: "specific", amount: amountOf(m[1], m[2]), unit, ...(on ? { on } : {}) };
  }
  return null;
}

const RE_APPLICABLE = /^The duty (?:rate )?provided (?:for )?in the applicable subheading\.?$/i;
const RE_PLUS = new RegExp(
  String.raw`^The duty provided in (the applicable subheading|subheadings? [\d., or]+?) ?(?:\+|plus) ?(${NUM})%\.?$`,
  "i",
);
const RE_PLUS_CONTENT = new RegExp(
  String.raw`^The duty provided in the applicable subheading ?\+ ?a duty of (${NUM})% upon the value of the (.+?) content\.?$`,
  "i",
);
const RE_MINUS = new RegExp(String.raw`^The duty rate provided in such subheading minus (${NUM})%\.?$`, "i");
const RE_REFERENCE = /^The (?:duty )?rate (?:of duty )?(?:applicable|provided),?(?: for| in| to)? (.+?)\.?$/i;
// Chapter 98 and "see note" texts: the duty is another provision's, applied to a value the note defines.
const RE_REFERENCE_OTHER = /^(?:See (.+?)|(A duty (?:upon|equal to|\(in lieu of any other duty or tax\) equal to) .+?))\.?$/i;
const RE_CAP_CLAUSE = /, but if consisting in part of a plate or a set of plates the total duty shall not exceed the duty for the complete movement$/;

const cache = new Map<string, RateExpr>();

/** Parses one General or Column 2 text (or one rate of a Special group). Results are memoised by text. */
export function parseRate(input: string): RateExpr {
  const hit = cache.get(input);
  if (hit) return hit;
  const result = parseRateUncached(input);
  cache.set(input, result);
  return result;
}

function parseRateUncached(input: string): RateExpr {
  const text = normalise(input);
  if (/^free\b/i.test(text)) {
    const note = text.slice(4).replace(/^[,\s]+/, "");
    return note ? { kind: "free", text: input, note } : { kind: "free", text: input };
  }
  if (/^no change\.?$/i.test(text)) return { kind: "noChange", text: input };
  if (RE_APPLICABLE.test(text)) return { kind: "additional", text: input, percent: new Dec(0) };
  let m = RE_PLUS.exec(text);
  if (m) {
    const base = /^the applicable subheading$/i.test(m[1]!) ? {} : { base: m[1]! };
    return { kind: "additional", text: input, percent: new Dec(m[2]!), ...base };
  }
  m = RE_PLUS_CONTENT.exec(text);
  if (m) return { kind: "additional", text: input, percent: new Dec(m[1]!), on: `${m[2]} content` };
  m = RE_MINUS.exec(text);
  if (m) return { kind: "additional", text: input, percent: new Dec(m[1]!).neg() };
  m = /^(\d+(?:\.\d+)?) percent of the (.+?)\.?$/i.exec(text);
  if (m) return { kind: "formula", text: input, terms: [{ type: "adValorem", percent: new Dec(m[1]!), on: m[2]! }] };
  m = RE_REFERENCE.exec(text);
  if (m) return { kind: "reference", text: input, to: m[1]! };
  m = RE_REFERENCE_OTHER.exec(text);
  if (m) return { kind: "reference", text: input, to: m[1] ?? m[2]! };

  let body = text;
  let note: string | undefined;
  if (RE_CAP_CLAUSE.test(body)) {
    note = "if consisting in part of a plate or set of plates, the total duty shall not exceed the duty for the complete movement";
    body = body.replace(RE_CAP_CLAUSE, "");
  }
  const terms: RateTerm[] = [];
  for (const part of body.split(" + ")) {
    const term = parseTerm(part);
    if (!term) return { kind: "unparsed", text: input };
    terms.push(term);
  }
  return note ? { kind: "formula", text: input, terms, note } : { kind: "formula", text: input, terms };
}

// A program list: "(A,AU,BH)", "(A*, S+)", tolerating a stray trailing comma as in "(B,C,)".
const RE_PROGRAM_LIST = /\(\s*([A-Z]{1,2}[*+]?(?:\s*,\s*[A-Z]{1,2}[*+]?)*)\s*,?\s*\)/g;

/**
 * Parses the Special column into rate/program groups: each program list in parentheses closes a group
 * whose rate is the text since the previous list (rate texts may themselves hold parentheses, e.g.
 * "(see U.S. note 3 of this subchapter)"). A text with no program list (chapter 99 lines, "No change")
 * is one group with no programs.
 */
export function parseSpecial(input: string): { groups: SpecialRate[]; unparsed?: string } {
  const text = input.replace(/\s+/g, " ").trim();
  if (text === "") return { groups: [] };
  const groups: SpecialRate[] = [];
  let consumed = 0;
  let leftover = "";
  for (const m of text.matchAll(RE_PROGRAM_LIST)) {
    const rateText = text.slice(consumed, m.index).trim();
    consumed = m.index + m[0].length;
    const programs = m[1]!.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (rateText === "" || /^\(/.test(rateText)) {
      leftover += ` ${rateText} ${m[0]}`;
      continue;
    }
    groups.push({ rate: parseRate(rateText), programs });
  }
  if (groups.length === 0) return { groups: [{ rate: parseRate(text), programs: [] }] };
  const tail = text.slice(consumed).trim();
  if (tail) leftover += ` ${tail}`;
  const rest = leftover.trim();
  return rest ? { groups, unparsed: rest } : { groups };
}

/** Parses all three rate columns of a line. */
export function parseRates(rates: { general: string; special: string; column2: string }): ParsedRates {
  const special = parseSpecial(rates.special);
  return {
    general: rates.general ? parseRate(rates.general) : null,
    special: special.groups,
    ...(special.unparsed ? { specialUnparsed: special.unparsed } : {}),
    column2: rates.column2 ? parseRate(rates.column2) : null,
  };
}
