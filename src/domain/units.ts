/**
 * Unit-of-quantity normalisation to the spellings of the HTS "Unit of Quantity" column, which the
 * duty engine keys on: `No.`, `kg`, `g`, `t`, `doz.`, `pairs`, `doz. prs.`, `liters`, `m`, `m2`,
 * `m3`. Invoices write "pcs", "PCS", "units", "ea", "KGS", "L", "sq m"; the raw spelling is kept by
 * callers next to the code so a broker can see what the document said.
 */

/** A normalised unit with the raw text it came from. */
export interface NormalisedUnit {
  code: string;
  raw: string;
}

const UNIT_MAP: Array<[RegExp, string]> = [
  [/^(dozen|doz\.?|dz\.?)\s*(pairs?|prs?\.?)$/i, "doz. prs."],
  [/^(pcs?\.?|pieces?|piece|units?|ea\.?|each|nos?\.?|numbers?|nr\.?|stk\.?|stuks?|st\.?|sets?|items?|h87|c62|pce)$/i, "No."],
  [/^(kgs?\.?|kilos?|kilograms?|kilogrammes?|kgm)$/i, "kg"],
  [/^(g|gr\.?|grams?|grammes?|grm)$/i, "g"],
  [/^(t|mt|tonnes?|metric tons?|tne)$/i, "t"],
  [/^(doz\.?|dozens?|dz\.?)$/i, "doz."],
  [/^(pairs?|prs?\.?|pr)$/i, "pairs"],
  [/^(l|ltrs?\.?|liters?|litres?|ltr)$/i, "liters"],
  [/^(m|meters?|metres?|mtrs?\.?|lm|mtr)$/i, "m"],
  [/^(m2|m²|sq\.?\s?m\.?|square meters?|square metres?|sqm|mtk)$/i, "m2"],
  [/^(m3|m³|cbm|cu\.?\s?m\.?|cubic meters?|cubic metres?|mtq)$/i, "m3"],
];

/** Normalises a unit spelling to its HTS code; null when it is not a unit we know. */
export function normaliseUnit(raw: string | null | undefined): NormalisedUnit | null {
  if (!raw) return null;
  const r = raw.trim().replace(/\s+/g, " ");
  if (r === "") return null;
  for (const [re, code] of UNIT_MAP) if (re.test(r)) return { code, raw: r };
  return null;
}

/** Converts a weight in a given unit to kilograms; null for units that are not weights. */
export function toKilograms(value: number, unit: string): number | null {
  const u = unit.trim().toLowerCase().replace(/\.$/, "");
  if (/^(kgs?|kilos?|kilograms?|kgm)$/.test(u)) return value;
  if (/^(g|grams?|gr)$/.test(u)) return value / 1000;
  if (/^(lbs?|pounds?)$/.test(u)) return Math.round(value * 0.45359237 * 1000) / 1000;
  if (/^(t|mt|tonnes?|metric tons?)$/.test(u)) return value * 1000;
  return null;
}
