/**
 * Quantities for specific duties. The schedule levies specific duties per unit of its own
 * (`kg`, `liters`, `pf.liters`, `No.`, `doz.`, `pairs`, `m2`, `bbl`, ...); users give what their documents
 * say (lb, pieces, dozens, gallons). A quantity is written `"n:unit"` (`"1200:kg"`, `"500:lb"`,
 * `"24:doz"`); for spirits `"1000:liters:40%"` adds the alcohol strength by volume, from which proof
 * liters are derived (a proof liter is a liter at 50% ABV, so proof liters = liters x ABV / 50).
 */
import { InputError } from "../errors.ts";
import { Dec, mulFixed, parseFixed, parseNumber, shiftFixed, type Fixed } from "./money.ts";

/** A quantity as given by the user, in a recognised unit. */
export interface Quantity {
  /** The amount as a Decimal (built on first use: the fixed-point path reads `fixed`). */
  readonly amount: Dec;
  /** The exact amount as a fixed-point decimal, or null beyond its range (then `amount` is used). */
  readonly fixed: Fixed | null;
  /** Canonical unit key (see {@link UNIT_TABLE}). */
  unit: string;
  /** Alcohol by volume in percent, for spirits. */
  abv?: Dec;
  abvFixed?: Fixed | null;
  /** As the user wrote it. */
  raw: string;
}

class ParsedQuantity implements Quantity {
  #dec: Dec | undefined;
  abv?: Dec;
  abvFixed?: Fixed | null;
  constructor(
    readonly fixed: Fixed | null,
    private readonly text: string,
    public unit: string,
    public raw: string,
  ) {}

  get amount(): Dec {
    return (this.#dec ??= new Dec(this.text));
  }
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
  "Dz Pcs": { dimension: "count", factor: "12", aliases: ["dz pcs", "doz pcs", "doz. pcs.", "dozen pieces"] },
  W: { dimension: "power", factor: "1", aliases: ["w", "watt", "watts"] },
  kW: { dimension: "power", factor: "1000", aliases: ["kw", "kilowatt", "kilowatts"] },
  "thousand m3": { dimension: "volume", factor: "1000000", aliases: ["thousand m3", "1000 m3", "thousand cubic meters"] },
  "thousand m": { dimension: "length", factor: "1000", aliases: ["thousand m", "1000 m", "km"] },
  square: { dimension: "area", factor: "9.290304", aliases: ["square", "squares", "roofing square"] },
  "Fiber m": { dimension: "fiber length", factor: "1", aliases: ["fiber m", "fibre m", "fiber meters", "fibre metres"] },
  GBq: { dimension: "radioactivity", factor: "1", aliases: ["gbq", "gigabecquerel", "gigabecquerels"] },
  MBq: { dimension: "radioactivity", factor: "0.001", aliases: ["mbq", "megabecquerel", "megabecquerels"] },
  TBq: { dimension: "radioactivity", factor: "1000", aliases: ["tbq", "terabecquerel", "terabecquerels"] },
  doses: { dimension: "doses", factor: "1", aliases: ["doses", "dose"] },
};

/**
 * Masses of a stated quality or content: the schedule prints e.g. "Cu kg" (kilograms of copper content),
 * "Au g" (grams of gold content), "cy kg" (clean-yield kilograms of wool), "t adw" (metric tons, air-dry
 * weight of pulp), "kg cmsc" / "kg msc" (milk solids content), "kg ttl sug" (total sugars). Each is its own
 * dimension (a gross kilogram is not a kilogram of copper content) with kg, g and t variants.
 */
const CONTENT_MASSES: Array<{ key: string; name: string; aliases: string[] }> = [
  ...(
    [
      ["Cu", "copper"], ["Pb", "lead"], ["Zn", "zinc"], ["Mo", "molybdenum"], ["W", "tungsten"], ["Mg", "magnesium"],
      ["Mn", "manganese"], ["V", "vanadium"], ["Si", "silicon"], ["Ni", "nickel"], ["Cr", "chromium"], ["Co", "cobalt"],
      ["Sb", "antimony"], ["Sn", "tin"], ["Au", "gold"], ["Ag", "silver"], ["Pt", "platinum"], ["Pd", "palladium"],
      ["Rh", "rhodium"], ["Ir", "iridium"], ["Os", "osmium"], ["Ru", "ruthenium"], ["V2O5", "vanadium pentoxide"],
      ["Cr2O3", "chromic oxide"], ["NH3", "ammonia"], ["NaOH", "sodium hydroxide"],
    ] as const
  ).map(([sym, name]) => ({ key: sym, name, aliases: [sym.toLowerCase(), name] })),
  { key: "cy", name: "clean yield", aliases: ["cy", "clean yield", "clean"] },
  { key: "adw", name: "air-dry weight", aliases: ["adw", "air dry", "air-dry"] },
  { key: "dwb", name: "dry weight basis", aliases: ["dwb", "dry weight"] },
  { key: "cmsc", name: "component milk solids content", aliases: ["cmsc"] },
  { key: "msc", name: "milk solids content", aliases: ["msc"] },
  { key: "amc", name: "amc", aliases: ["amc"] },
  { key: "ttl sug", name: "total sugars", aliases: ["ttl sug", "total sugars", "total sugar"] },
];
const SYMBOL_BY_NAME = new Map<string, string>();
for (const c of CONTENT_MASSES) {
  SYMBOL_BY_NAME.set(c.name, c.key);
  for (const [mass, factor] of [["kg", "1"], ["g", "0.001"], ["t", "1000"]] as const) {
    // The schedule writes element contents "Cu kg" and qualities "cy kg", "kg cmsc", "t adw".
    const names = new Set<string>();
    for (const a of c.aliases) for (const form of [`${a} ${mass}`, `${mass} ${a}`]) names.add(form);
    const keys = [`${c.key} ${mass}`, `${mass} ${c.key}`];
    UNIT_TABLE[keys[0]!] = { dimension: `${c.name} mass`, factor, aliases: [...names, ...keys.map((k) => k.toLowerCase())] };
  }
}
// The printed spellings not of the "<content> <mass>" form.
for (const [printed, key] of [["kg cmsc", "cmsc kg"], ["kg msc", "msc kg"], ["kg amc", "amc kg"], ["kg ttl sug", "ttl sug kg"], ["t adw", "adw t"], ["t dwb", "dwb t"]] as const) {
  UNIT_TABLE[printed] = UNIT_TABLE[key]!;
  delete UNIT_TABLE[key];
}
UNIT_TABLE.jewel!.aliases.push("jwls.", "jwls", "jwl");

/**
 * The content unit a specific rate "per kg on copper content" is measured in ("Cu kg"), or null when the
 * qualifier names no known content. The quantity of gross weight is then not the one the duty needs.
 */
export function contentUnit(unit: string, on: string | undefined): string | null {
  if (!on) return null;
  const m = /on (?:the )?([a-z ]+?) content/.exec(on) ?? /of (total sugars)/.exec(on);
  const sym = m ? SYMBOL_BY_NAME.get(m[1]!) : undefined;
  if (!sym) return null;
  const key = unitKey(`${sym} ${unit}`);
  return key;
}

const BY_ALIAS = new Map<string, string>();
for (const [key, def] of Object.entries(UNIT_TABLE)) for (const a of def.aliases) BY_ALIAS.set(a, key);

/** Each unit's factor as a Fixed, and k when the factor is exactly 10^k (conversion is then a scale shift). */
const FACTOR = new Map<string, { fixed: Fixed; pow10: number | null }>();
for (const [key, def] of Object.entries(UNIT_TABLE)) {
  const k = Math.round(Math.log10(Number(def.factor)));
  FACTOR.set(key, { fixed: parseFixed(def.factor)!, pow10: new Dec(10).pow(k).eq(def.factor) ? k : null });
}

/** Example spellings per dimension, for refusal messages. */
const EXAMPLES: Record<string, string> = {
  mass: "kg, g, t, lb", volume: "liters, gal, m3", proof: "pf.liters, or liters with strength as 1000:liters:40%",
  count: "pcs, doz., gross", pairs: "pairs, doz. prs.", length: "m, ft, yd", area: "m2, ft2",
};

/** The canonical unit key for a spelling, or null. */
export function unitKey(spelling: string): string | null {
  let key = unitKeys.get(spelling);
  if (key === undefined) {
    key = unitKeyUncached(spelling);
    // Spellings are few in practice; the cap keeps a long-running process from growing without bound.
    if (unitKeys.size > 5000) unitKeys.clear();
    unitKeys.set(spelling, key);
  }
  return key;
}
const unitKeys = new Map<string, string | null>();

function unitKeyUncached(spelling: string): string | null {
  const s = spelling.trim().toLowerCase().replace(/\s+/g, " ");
  return BY_ALIAS.get(s) ?? BY_ALIAS.get(s.replace(/\.$/, "")) ?? (UNIT_TABLE[spelling.trim()] ? spelling.trim() : null);
}

/** Parses `"n:unit"` or `"n:unit:abv%"`. Throws InputError naming the accepted form. */
export function parseQuantity(raw: string): Quantity {
  // raw.split(":") with each part trimmed, without the intermediate arrays (this runs for every quantity).
  const c1 = raw.indexOf(":");
  const c2 = c1 < 0 ? -1 : raw.indexOf(":", c1 + 1);
  const extra = c2 >= 0 && raw.indexOf(":", c2 + 1) >= 0;
  const parts = c1 < 0 ? [raw.trim()] : c2 < 0 ? [raw.slice(0, c1).trim(), raw.slice(c1 + 1).trim()] : [raw.slice(0, c1).trim(), raw.slice(c1 + 1, c2).trim(), raw.slice(c2 + 1).trim()];
  if (parts.length < 2 || extra || parts[0] === "" || parts[1] === "") {
    throw new InputError(`Quantity "${raw}" must be written n:unit, e.g. "1200:kg", "500:lb", "24:doz" or "1000:liters:40%".`, "invalid_quantity");
  }
  const amount = parseNumber(parts[0]!, `Quantity "${raw}"`);
  if (amount.negative) throw new InputError(`Quantity "${raw}" must not be negative.`, "invalid_quantity");
  const unit = unitKey(parts[1]!);
  if (!unit) {
    throw new InputError(`Unit "${parts[1]}" in quantity "${raw}" is not one Tollgate converts (use e.g. kg, lb, g, t, liters, gal, pf.liters, pcs, doz., pairs, m, m2, m3).`, "unknown_unit");
  }
  const q = new ParsedQuantity(amount.fixed, amount.text, unit, raw);
  if (parts[2] !== undefined) {
    const abv = /^(\d+(?:\.\d+)?)\s*%?$/.exec(parts[2]);
    if (!abv || new Dec(abv[1]!).gt(100)) throw new InputError(`Alcohol strength "${parts[2]}" in "${raw}" must be a percentage by volume, e.g. 40%.`, "invalid_quantity");
    q.abv = new Dec(abv[1]!);
    q.abvFixed = parseFixed(abv[1]!);
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

/**
 * {@link quantityIn} in exact fixed point: the same choice of quantity, the same value. Returns null when
 * no quantity converts, and undefined when the conversion is not a scale shift (a factor such as 12 or
 * 158.987294928 in the divisor, whose quotient decimal.js rounds to 40 digits) or leaves the fixed
 * range: the caller then uses {@link quantityIn}.
 */
export function quantityFixedIn(quantities: readonly Quantity[], target: string): Fixed | null | undefined {
  const targetKey = unitKey(target);
  if (!targetKey) return null;
  const t = UNIT_TABLE[targetKey]!;
  const tf = FACTOR.get(targetKey)!;
  for (const q of quantities) {
    const d = UNIT_TABLE[q.unit]!;
    if (d.dimension === t.dimension) {
      if (q.fixed === null) return undefined;
      if (q.unit === targetKey) return q.fixed;
      if (tf.pow10 === null) return undefined;
      const scaled = mulFixed(q.fixed, FACTOR.get(q.unit)!.fixed);
      return scaled === null ? undefined : (shiftFixed(scaled, tf.pow10) ?? undefined);
    }
    if (t.dimension === "proof" && d.dimension === "volume" && q.abv) {
      // liters x ABV / 50 = liters x ABV x 2 / 100: exact in fixed point.
      if (q.fixed === null || !q.abvFixed) return undefined;
      const v = mulFixed(q.fixed, FACTOR.get(q.unit)!.fixed);
      const p = v && mulFixed(v, q.abvFixed);
      const twice = p && mulFixed(p, { m: 2, s: 0 });
      return (twice && shiftFixed(twice, 2)) ?? undefined;
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
