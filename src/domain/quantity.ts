/**
 * Quantities for specific duties. The schedule levies specific duties per unit of its own
 * (`kg`, `liters`, `pf.liters`, `No.`, `doz.`, `pairs`, `m2`, `bbl`, ...); users give what their documents
 * say (lb, pieces, dozens, gallons). A quantity is written `"n:unit"` (`"1200:kg"`, `"500:lb"`,
 * `"24:doz"`); for spirits `"1000:liters:40%"` adds the alcohol strength by volume, from which proof
 * liters are derived (a proof liter is a liter at 50% ABV, so proof liters = liters x ABV / 50).
 */
import { InputError } from "../errors.ts";
import { Dec, parseDecimal } from "./money.ts";

/** A quantity as given by the user, in a recognised unit. */
export interface Quantity {
  amount: Dec;
  /** Canonical unit key (see {@link UNIT_TABLE}). */
  unit: string;
  /** Alcohol by volume in percent, for spirits. */
  abv?: Dec;
  /** As the user wrote it. */
  raw: string;
}

interface UnitDef {
  dimension: string;
  /** Size of one unit in the dimension's base unit. */
  factor: string;
  aliases: string[];
}

// Each schedule unit and the user spellings that convert to it. Factors are exact definitions
// (1 lb = 0.45359237 kg; 1 US gallon = 3.785411784 liters; a petroleum barrel is 42 US gallons).
const UNIT_TABLE: Record<string, UnitDef> = {
  kg: { dimension: "mass", factor: "1", aliases: ["kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kgm"] },
  g: { dimension: "mass", factor: "0.001", aliases: ["g", "gr", "gram", "grams", "gm"] },
  t: { dimension: "mass", factor: "1000", aliases: ["t", "mt", "tonne", "tonnes", "metric ton", "metric tons"] },
  lb: { dimension: "mass", factor: "0.45359237", aliases: ["lb", "lbs", "pound", "pounds"] },
  oz: { dimension: "mass", factor: "0.028349523125", aliases: ["oz", "ounce", "ounces"] },
  liters: { dimension: "volume", factor: "1", aliases: ["liters", "liter", "litre", "litres", "l", "ltr", "ltrs"] },
  ml: { dimension: "volume", factor: "0.001", aliases: ["ml", "milliliter", "milliliters"] },
  gal: { dimension: "volume", factor: "3.785411784", aliases: ["gal", "gallon", "gallons", "us gal"] },
  bbl: { dimension: "volume", factor: "158.987294928", aliases: ["bbl", "barrel", "barrels"] },
  m3: { dimension: "volume", factor: "1000", aliases: ["m3", "cbm", "cubic meter", "cubic meters"] },
  "pf.liters": { dimension: "proof", factor: "1", aliases: ["pf.liters", "pf.liter", "pf. liters", "proof liters", "proof liter"] },
  "No.": { dimension: "count", factor: "1", aliases: ["no.", "no", "pcs", "pc", "pieces", "piece", "each", "ea", "units", "unit", "number", "head", "articles"] },
  "doz.": { dimension: "count", factor: "12", aliases: ["doz.", "doz", "dozen", "dozens", "dz"] },
  gross: { dimension: "count", factor: "144", aliases: ["gross"] },
  hundreds: { dimension: "count", factor: "100", aliases: ["hundreds", "hundred"] },
  thousands: { dimension: "count", factor: "1000", aliases: ["thousands", "thousand", "1000"] },
  pairs: { dimension: "pairs", factor: "1", aliases: ["pairs", "pair", "prs.", "prs", "pr", "pr."] },
  "doz. prs.": { dimension: "pairs", factor: "12", aliases: ["doz. prs.", "doz prs", "dozen pairs"] },
  m: { dimension: "length", factor: "1", aliases: ["m", "meter", "meters", "metre", "metres", "lin. m"] },
  ft: { dimension: "length", factor: "0.3048", aliases: ["ft", "feet", "foot"] },
  yd: { dimension: "length", factor: "0.9144", aliases: ["yd", "yard", "yards"] },
  m2: { dimension: "area", factor: "1", aliases: ["m2", "m²", "sqm", "square meters", "sq m"] },
  cm2: { dimension: "area", factor: "0.0001", aliases: ["cm2", "cm²"] },
  ft2: { dimension: "area", factor: "0.09290304", aliases: ["ft2", "sq ft", "square feet"] },
  kWh: { dimension: "energy", factor: "1", aliases: ["kwh"] },
  MWh: { dimension: "energy", factor: "1000", aliases: ["mwh"] },
  carat: { dimension: "carat", factor: "1", aliases: ["carat", "carats", "ct"] },
  jewel: { dimension: "jewel", factor: "1", aliases: ["jewel", "jewels"] },
  "gr.lines": { dimension: "gr.lines", factor: "1", aliases: ["gr.lines", "line/gross", "gross lines"] },
  pack: { dimension: "pack", factor: "1", aliases: ["pack", "packs"] },
  "piece or part": { dimension: "piece or part", factor: "1", aliases: ["piece or part", "other pieces", "parts"] },
};

const BY_ALIAS = new Map<string, string>();
for (const [key, def] of Object.entries(UNIT_TABLE)) for (const a of def.aliases) BY_ALIAS.set(a, key);

/** Example spellings per dimension, for refusal messages. */
const EXAMPLES: Record<string, string> = {
  mass: "kg, g, t, lb", volume: "liters, gal, m3", proof: "pf.liters, or liters with strength as 1000:liters:40%",
  count: "pcs, doz., gross", pairs: "pairs, doz. prs.", length: "m, ft, yd", area: "m2, ft2",
};

/** The canonical unit key for a spelling, or null. */
export function unitKey(spelling: string): string | null {
  const s = spelling.trim().toLowerCase().replace(/\s+/g, " ");
  return BY_ALIAS.get(s) ?? BY_ALIAS.get(s.replace(/\.$/, "")) ?? (UNIT_TABLE[spelling.trim()] ? spelling.trim() : null);
}

/** Parses `"n:unit"` or `"n:unit:abv%"`. Throws InputError naming the accepted form. */
export function parseQuantity(raw: string): Quantity {
  const parts = raw.split(":").map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3 || parts[0] === "" || parts[1] === "") {
    throw new InputError(`Quantity "${raw}" must be written n:unit, e.g. "1200:kg", "500:lb", "24:doz" or "1000:liters:40%".`, "invalid_quantity");
  }
  const amount = parseDecimal(parts[0]!, `Quantity "${raw}"`);
  if (amount.isNegative()) throw new InputError(`Quantity "${raw}" must not be negative.`, "invalid_quantity");
  const unit = unitKey(parts[1]!);
  if (!unit) {
    throw new InputError(`Unit "${parts[1]}" in quantity "${raw}" is not one Tollgate converts (use e.g. kg, lb, g, t, liters, gal, pf.liters, pcs, doz., pairs, m, m2, m3).`, "unknown_unit");
  }
  const q: Quantity = { amount, unit, raw };
  if (parts[2] !== undefined) {
    const abv = /^(\d+(?:\.\d+)?)\s*%?$/.exec(parts[2]);
    if (!abv || new Dec(abv[1]!).gt(100)) throw new InputError(`Alcohol strength "${parts[2]}" in "${raw}" must be a percentage by volume, e.g. 40%.`, "invalid_quantity");
    q.abv = new Dec(abv[1]!);
  }
  return q;
}

/**
 * Converts the quantities given for a line into the unit the rate (or schedule) needs. Returns null when
 * none of them can be converted; callers refuse with {@link missingQuantityMessage}.
 */
export function quantityIn(quantities: readonly Quantity[], target: string): Dec | null {
  const targetKey = unitKey(target);
  if (!targetKey) return null;
  const t = UNIT_TABLE[targetKey]!;
  for (const q of quantities) {
    const d = UNIT_TABLE[q.unit]!;
    if (d.dimension === t.dimension) return q.amount.mul(d.factor).div(t.factor);
    // Proof liters from liters of known strength: proof (US) is twice the ABV, a proof liter is 100 proof.
    if (t.dimension === "proof" && d.dimension === "volume" && q.abv) {
      return q.amount.mul(d.factor).mul(q.abv).div(50);
    }
  }
  return null;
}

/** The refusal text when a specific rate needs a quantity the user did not give. */
export function missingQuantityMessage(unit: string, hts: string, rateText: string): string {
  const key = unitKey(unit);
  const dim = key ? UNIT_TABLE[key]!.dimension : undefined;
  const examples = dim && EXAMPLES[dim] ? ` (accepted: ${EXAMPLES[dim]})` : "";
  return `HTS ${hts} has a specific duty (${rateText}) charged per ${unit}: give the quantity in ${unit}${examples}, as qty "n:${unit}".`;
}
