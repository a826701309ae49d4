/**
 * Line-item detection. Two layouts are handled without knowing the document: tables (a header
 * row, then rows whose numbers are read from the right and checked by quantity x price = amount,
 * with descriptions on the row or on the lines above it) and item blocks ("Item 1:" followed by
 * "Description: ...", "Quantity: ..." pairs).
 */
import type { CountryIndex } from "../domain/countries.ts";
import { normaliseUnit } from "../domain/units.ts";
import { findLabel, sourceOf } from "./labels.ts";
import type { DocLine } from "./load.ts";
import { findDates, findNumbers, parseNumber, type ValueContext } from "./parse-values.ts";
import type { InvoiceLine, Source } from "./schemas.ts";
import { weightKg } from "./weights.ts";

/** A parsed line with the lines it was read from and a confidence. */
export interface LineHit {
  item: InvoiceLine;
  source: Source;
  confidence: number;
}

export const HTS_RE = /(?<![\d.])(\d{4}\.\d{2}(?:\.\d{2}(?:\.?\d{2})?)?)(?![\d])|(?<=\b(?:HTS|HS|tariff)[^\d\n]{0,12})(\d{6,10})\b/i;
const HEADER_WORDS =
  /\b(description|goods|item|article|artikel|product|produit|désignation|designation|beschreibung|omschrijving|nazwa|qty|quantity|menge|aantal|nombre|ilość|hoeveelheid|price|rate|prijs|p\.u\.|preis|cena|amount|total|montant|bedrag|betrag|wartość|zeilenbetrag|hts|hs code|unit)\b/gi;
const TOTAL_LINE =
  /^\s*(?:sub[- ]?total|total|grand total|totaal|subtotaal|razem|w tym|summe|gesamt|montant total|balance|amount due|tax|vat|tva|btw|mwst|freight|insurance|discount|shipping)\b/i;
const NOTE_LINE = /^(?:ref\.?|reference|note|notes|remark|serial|serienummer|s\/n|description:|parts?:|tax:)\b/i;

function isHeader(text: string): boolean {
  const words = new Set((text.match(HEADER_WORDS) ?? []).map((w) => w.toLowerCase()));
  return words.size >= 3 && !/\d{2,}[.,]\d{2}/.test(text);
}

interface NumTok {
  value: number;
  text: string;
  index: number;
  unit?: string;
  /** Printed with a currency mark in front: a price or amount, not a quantity. */
  money?: boolean;
}

/** Reads quantity, unit price and amount from the numbers of one row. */
function readRow(text: string, ctx: ValueContext) {
  let work = text;
  const hts = HTS_RE.exec(work);
  const htsCode = hts ? (hts[1] ?? hts[2])! : null;
  const blank = (s: string, start: number, len: number) => s.slice(0, start) + " ".repeat(len) + s.slice(start + len);
  if (hts) work = blank(work, hts.index, hts[0].length);
  for (const d of findDates(work, ctx)) work = blank(work, d.index, d.text.length);
  work = work.replace(/[-+]?\d+(?:[.,]\d+)?\s?%/g, (m) => " ".repeat(m.length));
  const nums: NumTok[] = findNumbers(work, ctx).map((n) => {
    const after = work.slice(n.index + n.text.length).match(/^\s?([A-Za-z][A-Za-z.²³2]{0,11})/);
    const u = after && normaliseUnit(after[1]!) ? after[1]! : undefined;
    const money = /(?:[$€£¥₹]|\b[A-Z]{3}|Rs\.?)\s?$/.test(work.slice(0, n.index));
    return { ...n, unit: u, money };
  });
  return { htsCode, nums, work };
}

const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.011, Math.abs(b) * 0.001);

/** Picks (quantity, price, amount) from a row's numbers; arithmetic agreement raises confidence. */
function pickTriple(nums: NumTok[]): { q?: NumTok; p?: NumTok; a: NumTok; checked: boolean } | null {
  if (nums.length === 0) return null;
  const a = nums[nums.length - 1]!;
  const before = nums.slice(0, -1);
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = before.length - 1; j >= 0; j--) {
      if (i === j) continue;
      const q = before[i]!;
      const p = before[j]!;
      if (close(q.value * p.value, a.value) && (q.unit || !p.unit) && (q.value !== 0 || a.value === 0)) {
        // Between two candidates, the one with a unit or the whole number is the quantity.
        // Order of evidence: a unit after it, no currency mark before it, a whole number, printed first.
        const score = (n: NumTok) => (n.unit ? 8 : 0) + (n.money ? -4 : 0) + (Number.isInteger(n.value) ? 2 : 0);
        const sq = score(q) + (q.index < p.index ? 1 : 0);
        const sp = score(p) + (p.index < q.index ? 1 : 0);
        const swap = sp > sq;
        return swap ? { q: p, p: q, a, checked: true } : { q, p, a, checked: true };
      }
    }
  }
  if (before.length >= 2) {
    const q = before.find((n) => n.unit) ?? before[before.length - 2]!;
    const p = before[before.length - 1] === q ? before[before.length - 2]! : before[before.length - 1]!;
    return { q, p, a, checked: false };
  }
  if (before.length === 1) return before[0]!.unit || Number.isInteger(before[0]!.value) ? { q: before[0], a, checked: false } : { p: before[0], a, checked: false };
  return { a, checked: false };
}

function cleanDescription(s: string): { description: string | null; partNumber: string | null } {
  let d = s.replace(/[$€£¥₹]|\b(?:USD|EUR|GBP|CNY|PLN|INR|Rs)\b/g, " ").replace(/\s+/g, " ").trim();
  // Table borders that OCR reads as "|" and the item number column are not part of the description.
  d = d.replace(/^[|\s]+/, "").replace(/^(?:#\s*)?\d{1,3}[.)]?\s+(?=\S)/, "").replace(/^[|\s]+/, "");
  let partNumber: string | null = null;
  const bracket = /^[[*]([^\]*]+)[\]*]\s*/.exec(d);
  if (bracket) {
    partNumber = bracket[1]!.trim();
    d = d.slice(bracket[0].length);
  } else {
    const code = /^([A-Z0-9][A-Z0-9_/.-]{3,})\s+(?=[A-Za-z])/.exec(d);
    if (code && /\d/.test(code[1]!) && /[A-Z_-]|\d{5,}/.test(code[1]!)) {
      partNumber = code[1]!;
      d = d.slice(code[0].length);
    }
  }
  d = d.replace(/(?:\s+[-+]?\d+[.,]\d+)+\s*$/, "").replace(/[\s,;:|-]+$/, "").trim();
  return { description: d === "" ? null : d, partNumber };
}

function originOf(text: string, countries: CountryIndex): string | null {
  const m = /\b(?:made in|origin|country of origin|coo)\s*:?\s*([A-Za-z][A-Za-z .'-]{1,30})/i.exec(text);
  return m ? (countries.parse(m[1]!.split(/[,;(]/)[0]!)?.code ?? null) : null;
}

/** Finds line items laid out as a table. */
export function findTableItems(lines: DocLine[], ctx: ValueContext, countries: CountryIndex): LineHit[] {
  const headerIdx = lines.findIndex((l) => isHeader(l.text));
  const header = headerIdx >= 0 ? lines[headerIdx]!.text.toLowerCase() : "";
  const headerHasOrigin = /\b(origin|coo|country)\b/.test(header);
  const out: LineHit[] = [];
  let pending: DocLine[] = [];
  // Rows before the first header still count when their arithmetic checks out: PDF text order
  // sometimes puts a table's header after its rows.
  let inTable = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const text = line.text.trim();
    if (TOTAL_LINE.test(text)) {
      pending = [];
      if (/^\s*(?:grand total|total|totaal|summe|gesamt|razem)\b/i.test(text)) inTable = false;
      continue;
    }
    if (isHeader(text)) {
      inTable = true;
      pending = [];
      continue;
    }
    const { htsCode, nums, work } = readRow(text, ctx);
    const triple = pickTriple(nums);
    const moneyLike = nums.some((n) => /[.,]\d{2}$/.test(n.text) || /[$€£]\s?$/.test(work.slice(0, n.index)));
    const isRow = triple && ((inTable && moneyLike) || (triple.checked && triple.q && triple.a.value > 0 && nums.length >= 3));
    // "... Factuur totaal EUR 49,99": a total in running text closes the table.
    if (isRow && !triple.checked && /\b(?:total|totaal|summe|gesamtbetrag)\b/i.test(text)) {
      inTable = false;
      pending = [];
      continue;
    }
    if (!isRow) {
      if (inTable && text !== "" && !/^[-=_*\s]+$/.test(text.replace(/-{2,}.*-{2,}/, ""))) pending.push(line);
      continue;
    }
    // Remove the numbers used so what is left is the description.
    const used = [triple.q, triple.p, triple.a].filter((n): n is NumTok => !!n);
    let rest = work;
    for (const n of used) {
      const len = n.text.length + (n.unit ? work.slice(n.index + n.text.length).indexOf(n.unit) + n.unit.length : 0);
      rest = rest.slice(0, n.index) + " ".repeat(len) + rest.slice(n.index + len);
    }
    const firstUsed = Math.min(...used.map((n) => n.index));
    const inlineText = rest.slice(0, Math.max(firstUsed, 0)).trim() !== "" ? rest : "";
    let { description, partNumber } = cleanDescription(inlineText);
    const pendingText = pending
      .map((p) => p.text.trim())
      .filter((t) => !NOTE_LINE.test(t) && !/^\d{1,4}$/.test(t) && !/^-{2,}.*-{2,}$/.test(t));
    if (!description && pendingText.length) {
      const joined = cleanDescription(pendingText.join(" "));
      description = joined.description;
      partNumber = partNumber ?? joined.partNumber;
    }
    // Running text with an amount in it (terms, fees notes) is not an item unless it adds up.
    if (!triple.checked && description && description.split(/\s+/).length > 14) {
      pending = [];
      continue;
    }
    const unitRaw = triple.q?.unit ?? null;
    let countryOfOrigin = originOf([text, ...pending.map((p) => p.text)].join(" "), countries);
    if (!countryOfOrigin && headerHasOrigin) {
      // An origin column holds a code or name between the description and the numbers.
      const cells = rest.replace(description ?? "", " ").replace(partNumber ?? "", " ");
      countryOfOrigin = [...cells.matchAll(/(?<![\w-])([A-Z]{2,3})(?![\w-])/g)].map((m) => countries.parse(m[1]!)?.code).find((c) => c) ?? null;
    }
    // An amount with neither description nor quantity is a subtotal or payment line, not an item.
    if (!description && (!triple.q || !triple.checked)) {
      pending = [];
      continue;
    }
    const htsFromPending = htsCode ?? pending.map((p) => HTS_RE.exec(p.text)).find((m) => m)?.[1] ?? null;
    out.push({
      item: {
        description,
        partNumber,
        quantity: triple.q?.value ?? null,
        unit: normaliseUnit(unitRaw)?.code ?? null,
        unitRaw,
        unitPrice: triple.p?.value ?? null,
        amount: triple.a.value,
        htsCode: htsFromPending,
        countryOfOrigin,
        netWeightKg: null,
        grossWeightKg: null,
      },
      source: sourceOf(line),
      confidence: triple.checked ? 0.9 : 0.65,
    });
    pending = [];
  }
  return out;
}

const ITEM_MARK = /^\s*(?:item|line|article|artikel|pos(?:ition)?\.?|product)\s*(?:no\.?|#)?\s*\d+\s*[:.)-]?\s*$/i;

/** Finds line items written as "Item 1:" blocks of label-value pairs. */
export function findBlockItems(lines: DocLine[], ctx: ValueContext, countries: CountryIndex): LineHit[] {
  const starts = lines.map((l, i) => (ITEM_MARK.test(l.text) ? i : -1)).filter((i) => i >= 0);
  const blocks: Array<{ head: DocLine; lines: DocLine[] }> = starts.map((start, k) => {
    const end = k + 1 < starts.length ? starts[k + 1]! : lines.length;
    let block = lines.slice(start + 1, end);
    // The last block ends where the invoice totals begin.
    const stop = block.findIndex((x) => /^(?:grand total|total invoice|invoice total|total amount|subtotal)/i.test(x.text.trim()));
    if (stop >= 0) block = block.slice(0, stop);
    return { head: lines[start]!, lines: block };
  });
  if (blocks.length === 0) blocks.push(...unmarkedBlocks(lines));
  const out: LineHit[] = [];
  blocks.forEach(({ head, lines: block }) => {
    const get = (re: RegExp) => findLabel(block, re)?.value ?? null;
    const qtyText = get(/quantity|qty/);
    const qty = qtyText ? findNumbers(qtyText, ctx)[0] : undefined;
    const unitRaw = qtyText && qty ? (qtyText.slice(qty.index + qty.text.length).trim().split(/\s+/)[0] ?? "") : "";
    const unitPrice = parseNumber(get(/unit (?:price|value|cost)|price(?: per unit)?|rate/)?.replace(/[A-Z]{3}/g, ""), ctx);
    const amount = parseNumber(get(/total(?: declared)?(?: value)?|amount|line total|value|extended value/)?.replace(/[A-Z]{3}/g, ""), ctx);
    const hts = get(/hts(?: code)?|hs(?: code)?|tariff(?: code| no\.?)?/);
    const origin = get(/country of origin|origin|coo/);
    const cleaned = cleanDescription(get(/description|goods|product/) ?? "");
    out.push({
      item: {
        description: cleaned.description,
        partNumber: get(/part(?: no\.?| number)?|sku|style(?: no\.?)?|article(?: no\.?)?/),
        quantity: qty?.value ?? null,
        unit: normaliseUnit(unitRaw)?.code ?? null,
        unitRaw: normaliseUnit(unitRaw) ? unitRaw : null,
        unitPrice,
        amount,
        htsCode: hts ? (HTS_RE.exec(hts)?.[1] ?? hts.replace(/\s.*/, "")) : null,
        countryOfOrigin: origin ? (countries.parse(origin)?.code ?? null) : null,
        netWeightKg: weightOf(get(/net weight|n\.\s?w\.?|net wt\.?/), ctx),
        grossWeightKg: weightOf(get(/gross weight|g\.\s?w\.?|gross wt\.?/), ctx),
      },
      source: sourceOf(head),
      confidence: 0.9,
    });
  });
  return out;
}

const ITEM_FIELD = /^\s*(?:hts(?: code)?|hs code|tariff (?:code|no\.?)|description|quantity|qty|unit (?:price|value|cost)|part (?:no\.?|number)|sku|net weight|gross weight|origin|country of origin)\s*:/i;

/** A labelled weight ("120.5 kg", "300 lbs") in kg; null when absent. */
function weightOf(text: string | null, ctx: ValueContext): number | null {
  return text ? weightKg(text, ctx) : null;
}
const ITEM_AMOUNT = /^\s*(?:total(?: declared)?(?: value)?|amount|line total|value)\s*:/i;

/** Item blocks without "Item N" headings: runs of adjacent item-field lines (description, quantity, ...). */
function unmarkedBlocks(lines: DocLine[]): Array<{ head: DocLine; lines: DocLine[] }> {
  const blocks: Array<{ head: DocLine; lines: DocLine[] }> = [];
  let cur: DocLine[] = [];
  const flush = () => {
    const fields = cur.filter((l) => /^\s*(?:description|quantity|qty|unit (?:price|value|cost))\s*:/i.test(l.text)).length;
    if (fields >= 2) blocks.push({ head: cur[0]!, lines: cur });
    cur = [];
  };
  for (const l of lines) {
    const prev = cur[cur.length - 1];
    // A blank line (a gap in line numbers) separates blocks.
    const adjacent = prev && prev.page === l.page && l.line === prev.line + 1;
    if (ITEM_FIELD.test(l.text) || (cur.length > 0 && adjacent && ITEM_AMOUNT.test(l.text))) {
      if (cur.length > 0 && !adjacent) flush();
      cur.push(l);
    } else flush();
  }
  flush();
  return blocks;
}
