/**
 * Currency normalisation to ISO 4217 codes. The code list comes from
 * knowledge/reference/iso_4217_currencies.json; symbols and local spellings ("€", "Rs", "zł",
 * "US$", "RMB") are mapped here because invoices print them instead of codes.
 */
import fs from "node:fs";
import path from "node:path";
import { DataError } from "../errors.ts";

/** Symbols and words mapped to ISO codes. "$" alone is ambiguous; callers pass a default for it. */
const SYMBOLS: Array<[RegExp, string]> = [
  [/US\s?\$|U\.S\.\s?\$|\bUS\s?dollars?\b|\bdollars?\b/i, "USD"],
  [/C\$|\bCAD\$/i, "CAD"],
  [/A\$|\bAU\$/i, "AUD"],
  [/HK\$/i, "HKD"],
  [/S\$/, "SGD"],
  [/NT\$/i, "TWD"],
  [/€|\beuros?\b/i, "EUR"],
  [/£|\bpounds? sterling\b/i, "GBP"],
  [/¥|\bRMB\b|\byuan\b|\brenminbi\b/i, "CNY"],
  [/₹|\bRs\.?(?=\s?\d)|\brupees?\b|\bINR\b/i, "INR"],
  [/\bzł|\bzloty\b/i, "PLN"],
  [/₩|\bwon\b/i, "KRW"],
  [/₫|\bdong\b/i, "VND"],
  [/\bCHF\b|\bSFr\b|\bFr\.(?=\s?\d)/i, "CHF"],
  [/\byen\b/i, "JPY"],
  [/R\$|\breais\b/i, "BRL"],
  [/\bpesos?\b/i, "MXN"],
  [/\bbaht\b|฿/i, "THB"],
];

const cache = new Map<string, Set<string>>();

/** Loads (once per directory) the set of ISO 4217 alphabetic codes. */
export function loadCurrencyCodes(knowledgeDir: string): Set<string> {
  const cached = cache.get(knowledgeDir);
  if (cached) return cached;
  const file = path.join(knowledgeDir, "reference", "iso_4217_currencies.json");
  try {
    const rows = (JSON.parse(fs.readFileSync(file, "utf8")) as { "4217": Array<{ alpha_3: string }> })["4217"];
    const codes = new Set(rows.map((r) => r.alpha_3));
    cache.set(knowledgeDir, codes);
    return codes;
  } catch (err) {
    throw new DataError(`Cannot read the ISO 4217 currency list at ${file}.`, "data_missing", err);
  }
}

/**
 * Parses a currency mention ("USD", "usd", "US$", "€", "Euro", "Rs") to an ISO 4217 code.
 * A bare "$" returns `dollarDefault` (USD unless the caller knows better), because it is shared by
 * many currencies; null when nothing is recognised.
 */
export function parseCurrency(text: string | null | undefined, knowledgeDir: string, dollarDefault = "USD"): string | null {
  if (!text) return null;
  const codes = loadCurrencyCodes(knowledgeDir);
  const upper = text.trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(upper) && codes.has(upper)) return upper;
  for (const [re, code] of SYMBOLS) if (re.test(text)) return code;
  // A code inside a longer text ("Total EUR 34,73", "Amount (USD)"). Only capitals count, so the
  // English words "ALL" or "TOP" inside sentences are not read as currencies unless shouted.
  for (const m of text.matchAll(/(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])/g)) {
    if (codes.has(m[1]!) && !NOT_CURRENCY.has(m[1]!)) return m[1]!;
  }
  if (/\$/.test(text)) return dollarDefault;
  return null;
}

// Capitalised words that are ISO codes but appear in documents with another meaning.
const NOT_CURRENCY = new Set(["ALL", "TOP", "CUP", "MOP", "BOB", "PEN", "GEL", "MAD", "BAM", "SOS", "LAK"]);
