/**
 * Argument extraction for the offline model: pulls the pieces a tool needs out of a user's words.
 * Chat is informal ("500 cotton tees from Vietnam, $12k, entering March 3"), so each extractor looks
 * for one kind of thing, reports the span it used, and the product description is what remains once
 * the recognised spans and the request phrasing are taken out.
 */
import type { CountryIndex } from "../../domain/countries.ts";
import { parseCurrency } from "../../domain/currencies.ts";
import { findHtsCodes } from "../../domain/hts-code.ts";
import { normaliseUnit } from "../../domain/units.ts";

/** A piece of text an extractor recognised, so it can be removed from the description. */
interface Span {
  start: number;
  end: number;
}

/** A country named in the message. */
export interface OriginArg {
  code: string;
  name: string;
  span: Span;
}

/** A money amount with its currency (ISO 4217); the amount is a plain decimal string. */
export interface MoneyArg {
  amount: string;
  currency: string;
  span: Span;
}

/** A quantity in the HTS unit spelling, as the duty tool takes it ("n:unit"). */
export interface QuantityArg {
  value: string;
  unit: string;
  span: Span;
}

/** Everything the offline model could read from one message. */
export interface MessageArgs {
  codes: string[];
  origin: OriginArg | null;
  money: MoneyArg | null;
  quantity: QuantityArg | null;
  /** ISO dates (YYYY-MM-DD) in the order written, with their spans. */
  dates: Array<{ iso: string; span: Span }>;
  /** A year range such as "since 2024" or "between 2023 and 2025" (for rulings). */
  yearRange: { from?: string; to?: string; span: Span } | null;
  /** A requested number of results ("top 3", "5 rulings"). */
  count: number | null;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function isoDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Dates written as 2026-03-01, March 1, 2026, 1 March 2026 or 3/1/2026 (US order, as CBP writes). */
export function findDates(text: string): Array<{ iso: string; span: Span }> {
  const out: Array<{ iso: string; span: Span }> = [];
  const push = (iso: string | null, index: number, length: number) => {
    if (iso) out.push({ iso, span: { start: index, end: index + length } });
  };
  for (const m of text.matchAll(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g)) push(isoDate(+m[1]!, +m[2]!, +m[3]!), m.index, m[0].length);
  const month = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
  for (const m of text.matchAll(new RegExp(`\\b${month}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "gi"))) {
    push(isoDate(+m[3]!, MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1, +m[2]!), m.index, m[0].length);
  }
  for (const m of text.matchAll(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${month},?\\s+(\\d{4})\\b`, "gi"))) {
    push(isoDate(+m[3]!, MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1, +m[1]!), m.index, m[0].length);
  }
  for (const m of text.matchAll(/\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g)) push(isoDate(+m[3]!, +m[1]!, +m[2]!), m.index, m[0].length);
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** "since 2024", "after 2023", "before 2025", "between 2023 and 2025", "in 2024", "2023-2025". */
export function findYearRange(text: string): MessageArgs["yearRange"] {
  let m = /\b(?:between|from)\s+(\d{4})\s+(?:and|to|-)\s+(\d{4})\b|\b(\d{4})\s*[-–]\s*(\d{4})\b/i.exec(text);
  if (m) {
    const from = m[1] ?? m[3]!;
    const to = m[2] ?? m[4]!;
    return { from: `${from}-01-01`, to: `${to}-12-31`, span: { start: m.index, end: m.index + m[0].length } };
  }
  m = /\b(since|after|from|before|until|in)\s+(\d{4})\b(?![-/])/i.exec(text);
  if (!m) return null;
  const year = m[2]!;
  const span = { start: m.index, end: m.index + m[0].length };
  switch (m[1]!.toLowerCase()) {
    case "before":
    case "until":
      return { to: `${year}-12-31`, span };
    case "in":
      return { from: `${year}-01-01`, to: `${year}-12-31`, span };
    default:
      return { from: `${year}-01-01`, span };
  }
}

/** Plain decimal string from "12,500", "12,500.50", "12.5k", "1.2m". */
function amountOf(digits: string, suffix: string | undefined): string | null {
  const clean = digits.replace(/,/g, "");
  if (!/^\d+(\.\d+)?$/.test(clean)) return null;
  const factor = suffix ? { k: 3, m: 6 }[suffix.toLowerCase() as "k" | "m"] : 0;
  if (!factor) return clean;
  const [int, frac = ""] = clean.split(".");
  const shifted = `${int}${frac.padEnd(factor, "0").slice(0, factor)}`.replace(/^0+(?=\d)/, "");
  const rest = frac.slice(factor);
  return rest ? `${shifted}.${rest}` : shifted;
}

/** A value with a currency: "$12,500", "USD 12,500", "12,500 EUR", "€3,000", "value 5000". */
export function findMoney(text: string, knowledgeDir: string): MoneyArg | null {
  const num = "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)\\s*([kKmM](?![a-zA-Z]))?";
  const symbol = "(US\\$|C\\$|A\\$|HK\\$|\\$|€|£|¥|₹)";
  const code = "([A-Z]{3})";
  const patterns: Array<[RegExp, (m: RegExpExecArray) => { amount: string | null; currency: string | null }]> = [
    [new RegExp(`${symbol}\\s?${num}`), (m) => ({ amount: amountOf(m[2]!, m[3]), currency: parseCurrency(m[1]!, knowledgeDir) })],
    [new RegExp(`\\b${code}\\s?${num}`), (m) => ({ amount: amountOf(m[2]!, m[3]), currency: parseCurrency(m[1]!, knowledgeDir) })],
    [
      new RegExp(`${num}\\s?(?:${code}\\b|(dollars?|euros?|pounds? sterling|yuan|rmb|yen|pesos?)\\b)`, "i"),
      (m) => ({ amount: amountOf(m[1]!, m[2]), currency: parseCurrency(m[3] ?? m[4]!, knowledgeDir) }),
    ],
    [
      new RegExp(`\\b(?:valued? (?:at )?|worth |value of |customs value (?:of )?|invoice value (?:of )?|for a value of )${num}`, "i"),
      (m) => ({ amount: amountOf(m[1]!, m[2]), currency: "USD" }),
    ],
  ];
  for (const [re, read] of patterns) {
    const m = re.exec(text);
    if (!m) continue;
    const { amount, currency } = read(m);
    if (amount && currency) return { amount, currency, span: { start: m.index, end: m.index + m[0].length } };
  }
  return null;
}

/** A quantity with a unit: "500 kg", "1,200 pcs", "40 dozen pairs", "qty 300 units". */
export function findQuantity(text: string, exclude: Span[]): QuantityArg | null {
  const re = /\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(dozen pairs|doz\.? prs\.?|square met(?:er|re)s|cubic met(?:er|re)s|metric tons?|m[23²³](?![\w])|[a-zA-Z²³]+\.?)/g;
  for (const m of text.matchAll(re)) {
    const start = m.index;
    if (exclude.some((s) => start >= s.start && start < s.end)) continue;
    const unit = normaliseUnit(m[2]!);
    if (!unit) continue;
    // "in 2026" or "3 m" inside a date are not quantities; a bare "m" needs a preceding number only.
    return { value: m[1]!.replace(/,/g, ""), unit: unit.code, span: { start, end: start + m[0].length } };
  }
  return null;
}

/**
 * The country of origin: "from Vietnam", "origin CN", "made in China", "Chinese", "of Mexican origin".
 * An ISO code counts only when written in capitals after an origin word, so "in" or "us" in a sentence
 * are not read as India or the United States.
 */
export function findOrigin(text: string, countries: CountryIndex): OriginArg | null {
  const coded = /\b(?:from|origin(?: is)?|made in|coo|country of origin)[:\s]+([A-Z]{2,3})\b/.exec(text);
  if (coded) {
    const hit = countries.parse(coded[1]!);
    if (hit) return { code: hit.code, name: hit.name, span: { start: coded.index, end: coded.index + coded[0].length } };
  }
  const phrase = /\b(?:from|originating in|origin(?: is)?:?|made in|produced in|manufactured in|imported from|sourced from|of)\s+(?:the\s+)?([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}|[a-z][\w'.-]*(?:\s+[a-z][\w'.-]*){0,2})/g;
  for (const m of text.matchAll(phrase)) {
    // Try the longest run of words first ("South Korea" before "South").
    const words = m[1]!.split(/\s+/);
    for (let n = words.length; n >= 1; n--) {
      const candidate = words.slice(0, n).join(" ").replace(/[.,;:?!]+$/, "");
      const hit = countries.parse(candidate);
      if (hit && !/^[a-z]{2,3}$/.test(candidate)) {
        const end = m.index + m[0].indexOf(words[0]!) + candidate.length;
        return { code: hit.code, name: hit.name, span: { start: m.index, end } };
      }
    }
  }
  // A demonym or country name on its own ("Chinese steel bolts", "Vietnam").
  const found = countries.find(text);
  if (found) {
    const at = text.toLowerCase().indexOf(found.matched.toLowerCase());
    if (at >= 0) return { code: found.code, name: found.name, span: { start: at, end: at + found.matched.length } };
  }
  return null;
}

/** Transport mode for fees (HMF is charged on vessel shipments only), in the duty engine's names. */
export function findMode(text: string): "vessel" | "air" | "truck" | "rail" | "mail" | undefined {
  // Bare "vessel" or "truck" are left out: "pressure vessels" and "truck parts" are goods.
  if (/\b(by (sea|ocean|vessel|ship|boat)|ocean freight|sea freight|container ship|fcl|lcl)\b/i.test(text)) return "vessel";
  if (/\b(by air|air ?freight|air cargo|air waybill|awb|flown)\b/i.test(text)) return "air";
  if (/\b(by (truck|road)|trucked)\b/i.test(text)) return "truck";
  if (/\b(by (rail|train))\b/i.test(text)) return "rail";
  if (/\b(by (mail|post)|postal)\b/i.test(text)) return "mail";
  return undefined;
}

/** "top 3", "5 rulings", "k=10": how many results the user wants. */
export function findCount(text: string): number | null {
  const m = /\b(?:top|first|best)\s+(\d{1,2})\b|\b(\d{1,2})\s+(?:rulings|results|candidates|matches|lines|codes|options)\b/i.exec(text);
  const n = m ? Number(m[1] ?? m[2]) : NaN;
  return Number.isFinite(n) && n > 0 && n <= 50 ? n : null;
}

/** Reads every argument kind out of one message. */
export function extractArgs(text: string, countries: CountryIndex, knowledgeDir: string): MessageArgs {
  const money = findMoney(text, knowledgeDir);
  const dates = findDates(text);
  const codes = findHtsCodes(text);
  const exclude: Span[] = [...(money ? [money.span] : []), ...dates.map((d) => d.span)];
  return {
    codes,
    origin: findOrigin(text, countries),
    money,
    quantity: findQuantity(text, exclude),
    dates,
    yearRange: findYearRange(text),
    count: findCount(text),
  };
}

/** Request phrasing removed when what is left should be a product description. */
const FILLER = [
  /(?<![\w'-])(?:please|pls|can you|could you|would you|i need|i want|i'd like|help me|tell me|let me know|kindly)(?![\w'-])/gi,
  /(?<![\w'-])(?:what(?:'s| is| are| would be)?|which|how much|how)(?![\w'-])/gi,
  /(?<![\w'-])(?:the|a|an|for|of|on|to|in|at|with|about|me|my|our|we|i|is|are|be|it|this|these|those|some|any)(?![\w'-])/gi,
  /(?<![\w'-])(?:classify|classification|classified|hts|htsus|hs|tariffs?|covers?|covered|code|codes|number|heading|subheading|duty|duties|rate|rates|calculate|estimate|compute|pay|owe|cost|import|importing|imported|imports|entry|entering|entered|shipment|shipping|landed|fees?|mpf|hmf|value|valued|worth|total|quantity|qty|find|search|look|up|lookup|get|give|show|under|would|should|does|do|go|goes|fall|falls|come|comes|product|products|goods|item|items|origin|country|made|from|us|usa|united states|into|schedule|htsus|date|dated|since|after|before|between|and|or|cbp)(?![\w'-])/gi,
  /[?!.,;:"“”()—–]|\s-\s/g,
];

/** What remains of the message once the recognised spans and the request phrasing are removed. */
export function productDescription(text: string, args: MessageArgs): string {
  const spans: Span[] = [
    ...(args.origin ? [args.origin.span] : []),
    ...(args.money ? [args.money.span] : []),
    ...(args.quantity ? [args.quantity.span] : []),
    ...args.dates.map((d) => d.span),
    ...(args.yearRange ? [args.yearRange.span] : []),
  ].sort((a, b) => b.start - a.start);
  let rest = text;
  for (const s of spans) rest = `${rest.slice(0, s.start)} ${rest.slice(s.end)}`;
  rest = rest.replace(/\b\d{4}(?:\.\d{2}){1,3}\b|\b\d{8,10}\b/g, " ");
  // A bare count ("500 steel bolts") says how many, not what: it goes too. "3-in-1" stays, and so
  // does a percentage ("100% acrylic", "60% cotton"): fibre or metal content decides classification.
  rest = rest.replace(/(?<![\w.,$€£¥-])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\w.,%-]|\s*(?:%|percent\b))/g, " ");
  rest = rest.replace(/\b\d+\s*(?:pcs?|pieces?|units?|kgs?|kilograms?|dozens?|doz|prs|pairs of|sets? of)\b/gi, " ");
  for (const re of FILLER) rest = rest.replace(re, " ");
  return rest.replace(/\s+/g, " ").trim();
}
