/**
 * Reads edits to a draft entry from a message: "change line 2 origin to Vietnam", "set the value of
 * line 1 to $5,000", "line 1 HTS 6110.30.3020", "set the quantity on line 3 to 300 pcs". Each edit
 * names a line, a field and a new value, normalised the way the draft stores it (ISO country,
 * HTS digits in CBP format, decimal amount, quantity and unit).
 */
import type { CountryIndex } from "../../domain/countries.ts";
import { findHtsCodes, formatHts } from "../../domain/hts-code.ts";
import { normaliseUnit } from "../../domain/units.ts";
import { findMoney } from "./arguments.ts";

/** One field change on one line of a draft. */
export interface DraftChange {
  line: number;
  field: "hts" | "origin" | "value" | "quantity" | "description";
  value: string;
  /** Unit of a quantity change, in HTS spelling. */
  unit?: string;
  /** Currency of a value change (ISO 4217). */
  currency?: string;
}

const FIELD_WORDS: Array<[DraftChange["field"], RegExp]> = [
  ["hts", /\b(hts(?: code| number)?|tariff (?:code|number)|classification|code)\b/i],
  ["origin", /\b(origin|country(?: of origin)?|coo)\b/i],
  ["value", /\b(value|price|amount|entered value)\b/i],
  ["quantity", /\b(quantity|qty|units|count)\b/i],
  ["description", /\bdescription\b/i],
];

/**
 * Splits "change line 2 origin to Vietnam and line 1 value to $300" into one clause per edit. The
 * field may come before or after the line ("set the value of line 1 to ...", "line 1 value to
 * ..."), so clauses are cut at conjunctions, not at line mentions; a clause that names no line
 * continues the previous one ("line 1 origin to VN and value to 500").
 */
function clauses(text: string): Array<{ line: number; clause: string }> {
  const out: Array<{ line: number; clause: string }> = [];
  let line: number | null = null;
  for (const part of text.split(/\s+and\s+|;\s*|,\s+(?=(?:then\s+)?(?:set|change|update|make|line)\b)/i)) {
    const mark = /\bline\s*#?\s*(\d{1,3})\b/i.exec(part);
    if (mark) line = Number(mark[1]);
    if (line !== null) out.push({ line, clause: part });
  }
  return out;
}

/** The edits a message asks for; empty when it names no line and field it can read. */
export function parseDraftChanges(text: string, countries: CountryIndex, knowledgeDir: string): DraftChange[] {
  const changes: DraftChange[] = [];
  for (const { line, clause } of clauses(text)) {
    const field = FIELD_WORDS.find(([, re]) => re.test(clause))?.[0];
    if (!field) continue;
    // The new value follows "to" or "=" (or ":" / "is"), after the field word.
    const target = /\b(?:to|=|:|is|as)\s+(.+?)\s*(?:\band\b|[.;](?!\d)|$)/i.exec(clause.slice(clause.search(FIELD_WORDS.find(([f]) => f === field)![1])))?.[1];
    if (!target) continue;
    switch (field) {
      case "hts": {
        const code = findHtsCodes(target)[0];
        if (code) changes.push({ line, field, value: formatHts(code) });
        break;
      }
      case "origin": {
        const hit = countries.parse(target.replace(/[?!]+$/, ""));
        if (hit) changes.push({ line, field, value: hit.code });
        break;
      }
      case "value": {
        const money = findMoney(target, knowledgeDir) ?? (/^\d[\d,]*(\.\d+)?$/.test(target.trim()) ? { amount: target.trim().replace(/,/g, ""), currency: "USD" } : null);
        if (money) changes.push({ line, field, value: money.amount, currency: money.currency });
        break;
      }
      case "quantity": {
        const m = /^(\d[\d,]*(?:\.\d+)?)\s*([a-zA-Z.² ]*)$/.exec(target.trim());
        if (m) changes.push({ line, field, value: m[1]!.replace(/,/g, ""), unit: normaliseUnit(m[2])?.code });
        break;
      }
      case "description":
        changes.push({ line, field, value: target.replace(/^["“]|["”]$/g, "") });
        break;
    }
  }
  return changes;
}
