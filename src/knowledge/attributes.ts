/**
 * Product attributes that decide the lower levels of the schedule, read from a description and
 * from a schedule line's own text: material (and its share by weight), knitted or woven, gender
 * and age, power source, and numeric limits ("valued over $0.30 each", "exceeding 1,500 W").
 * The classifier compares the two: a line that names a value the product contradicts is evidence
 * against it; one whose values the product shares, evidence for it.
 */
import { words } from "./text.ts";

/** Material families the schedule distinguishes, with the words that name them. */
const MATERIALS: Record<string, string[]> = {
  cotton: ["cotton", "denim", "corduroy", "chambray", "flannel", "terry"],
  wool: ["wool", "woolen", "woollen", "cashmere", "merino", "angora", "mohair", "alpaca"],
  silk: ["silk"],
  flax: ["flax", "linen", "ramie", "hemp", "jute"],
  synthetic: ["synthetic", "polyester", "nylon", "acrylic", "polyamide", "polypropylene", "spandex", "elastane", "lycra", "aramid", "olefin", "microfiber", "fleece"],
  artificial: ["artificial", "rayon", "viscose", "acetate", "lyocell", "modal", "cupro", "tencel"],
  leather: ["leather", "suede", "cowhide", "calfskin", "nubuck"],
  rubber: ["rubber", "latex", "neoprene"],
  plastics: ["plastic", "plastics", "pvc", "polyethylene", "polyurethane", "abs", "polycarbonate", "acrylonitrile", "vinyl", "polystyrene", "silicone", "eva", "resin"],
  steel: ["steel", "iron", "stainless"],
  aluminum: ["aluminum", "aluminium"],
  copper: ["copper", "brass", "bronze"],
  wood: ["wood", "wooden", "bamboo", "plywood", "timber", "oak", "pine", "mdf"],
  glass: ["glass"],
  ceramic: ["ceramic", "porcelain", "stoneware", "earthenware"],
  paper: ["paper", "paperboard", "cardboard"],
  textile: ["textile", "fabric", "fabrics"],
};
/** Schedule phrases that group families ("man-made fibers" covers synthetic and artificial). */
const GROUPS: Record<string, string[]> = { manmade: ["synthetic", "artificial"], metal: ["steel", "aluminum", "copper"], vegetable: ["cotton", "flax"] };
const MATERIAL_OF = new Map<string, string>(Object.entries(MATERIALS).flatMap(([fam, ws]) => ws.map((w) => [w, fam] as const)));

/** What was read from one text. Empty fields mean "not said". */
export interface Attributes {
  /** Material families named, with share by weight when a percentage was given. */
  materials: Map<string, number | null>;
  /** The family of chief weight: the largest share, else the first named. */
  chiefMaterial: string | null;
  construction: "knitted" | "woven" | "nonwoven" | null;
  gender: "men" | "women" | "unisex" | null;
  age: "babies" | "children" | null;
  power: "electric" | "manual" | "combustion" | null;
  /** Numeric quantities by unit ("usd", "w", "v", "kg", "cm", "mm", "cc", "kw", "pct"). */
  quantities: { unit: string; value: number }[];
}

/** A numeric limit of a schedule line ("valued over $5", "not exceeding 1,500 W"). */
export interface Limit {
  unit: string;
  op: "over" | "notOver";
  value: number;
}

const UNIT_WORDS: Record<string, string> = { w: "w", watt: "w", watts: "w", kw: "kw", v: "v", volt: "v", volts: "v", kg: "kg", kilograms: "kg", g: "g", cm: "cm", mm: "mm", cc: "cc", cm3: "cc", l: "l", liters: "l", litres: "l" };

function num(s: string): number {
  return Number(s.replace(/,/g, ""));
}

/** Reads the attributes of a text (a product description or a schedule line). */
export function readAttributes(text: string): Attributes {
  const lower = text.toLowerCase();
  const materials = new Map<string, number | null>();
  // Percentages first: "60% cotton, 40% polyester" or "cotton 60%". Each share belongs to the
  // material right after it, else to the one right before it, so no share is counted twice.
  for (const m of lower.matchAll(/(\d{1,3}(?:\.\d+)?)\s*(?:%|percent)/g)) {
    const after = /^\s*(?:of\s+)?([a-z-]+)/.exec(lower.slice(m.index! + m[0].length))?.[1];
    const before = /([a-z-]+)[\s:]*$/.exec(lower.slice(Math.max(0, m.index! - 30), m.index!))?.[1];
    const fam = (after && MATERIAL_OF.get(after)) || (before && MATERIAL_OF.get(before));
    if (fam) materials.set(fam, (materials.get(fam) ?? 0) + Number(m[1]));
  }
  const ws = words(lower);
  for (const w of ws) {
    const fam = MATERIAL_OF.get(w);
    if (fam && !materials.has(fam)) materials.set(fam, null);
  }
  if (/man-made|manmade/.test(lower)) for (const f of GROUPS.manmade!) if (!materials.has(f)) materials.set(f, null);
  if (/base metal|of metal\b/.test(lower)) for (const f of GROUPS.metal!) if (!materials.has(f)) materials.set(f, null);
  let chief: string | null = null;
  let best = -1;
  for (const [fam, share] of materials) {
    if (fam === "textile") continue;
    const s = share ?? 0;
    if (chief === null || s > best) {
      chief = fam;
      best = s;
    }
  }
  const has = (re: RegExp) => re.test(lower);
  // "(not knitted or crocheted)", as the HS texts of chapter 62 say, means woven.
  const notKnitted = has(/\b(?:not|other than) knit/);
  const construction = has(/\bnonwoven|non-woven\b/) ? "nonwoven" : notKnitted ? "woven" : has(/\bknit|knitted|crochet|jersey\b/) ? "knitted" : has(/\bwoven\b/) ? "woven" : null;
  const men = has(/\b(men|man|male|boy|boys|gentlemen)(?:'s|s')?\b|\bmen's|\bboys'/);
  const women = has(/\b(women|woman|female|girl|girls|ladies|lady)(?:'s|s')?\b|\bwomen's|\bgirls'/);
  const gender = has(/\bunisex\b/) || (men && women) ? "unisex" : men ? "men" : women ? "women" : null;
  const age = has(/\b(bab(y|ies)|infants?|toddlers?|newborn)\b/) ? "babies" : has(/\b(child|children|kids?|juvenile)\b/) ? "children" : null;
  const power = has(/\b(gasoline|diesel|internal combustion|spark-ignition|compression-ignition)\b/)
    ? "combustion"
    : has(/\b(electric|electrical|electrically|battery|batteries|rechargeable|motor|motorized|powered|volt|voltage|usb|plug|led)\b/)
      ? "electric"
      : has(/\b(manual|manually|hand-operated|non-electric|nonelectric|hand operated)\b/)
        ? "manual"
        : null;
  const quantities: { unit: string; value: number }[] = [];
  for (const m of lower.matchAll(/(?:us)?\$\s*(\d[\d,]*(?:\.\d+)?)/g)) quantities.push({ unit: "usd", value: num(m[1]!) });
  for (const m of lower.matchAll(/(\d[\d,]*(?:\.\d+)?)\s*(kw|w|watts?|v|volts?|kg|kilograms|g|cm|mm|cc|cm3|l|liters|litres)\b/g)) quantities.push({ unit: UNIT_WORDS[m[2]!]!, value: num(m[1]!) });
  return { materials, chiefMaterial: chief, construction, gender, age, power, quantities };
}

/** Numeric limits a schedule line sets ("valued over $0.30/kg", "not exceeding 50 cc"). */
export function readLimits(text: string): Limit[] {
  const lower = text.toLowerCase();
  const out: Limit[] = [];
  const re = /\b(not over|not exceeding|over|exceeding|less than|more than|under)\s+(?:us)?(\$)?\s*(\d[\d,]*(?:\.\d+)?)\s*(kw|w|watts?|v|volts?|kg|g|cm|mm|cc|cm3|l|liters?)?\b/g;
  for (const m of lower.matchAll(re)) {
    const unit = m[2] ? "usd" : m[4] ? UNIT_WORDS[m[4]] : undefined;
    if (!unit) continue;
    const op = m[1] === "over" || m[1] === "exceeding" || m[1] === "more than" ? "over" : "notOver";
    out.push({ unit, op, value: num(m[3]!) });
  }
  return out;
}

/** How a product's attributes agree with what a schedule line requires. */
export interface AttributeMatch {
  /** Dimensions where the line names a value and the product has it. */
  agree: number;
  /** Dimensions where the line names a value and the product says otherwise. */
  conflict: number;
  /** The line names the product's material of chief weight. */
  chiefMaterial: boolean;
  /** Words of the reasons, for the rationale. */
  reasons: string[];
}

/** What a schedule line requires, read once per line. */
export interface LineRequirements {
  attributes: Attributes;
  limits: Limit[];
}

/** Reads a schedule line's requirements (attributes it names and numeric limits). */
export function readRequirements(lineText: string): LineRequirements {
  return { attributes: readAttributes(lineText), limits: readLimits(lineText) };
}

/** Compares product attributes with a schedule line's own text (or its requirements read before). */
export function matchAttributes(product: Attributes, lineText: string | LineRequirements): AttributeMatch {
  const req = typeof lineText === "string" ? readRequirements(lineText) : lineText;
  const line = req.attributes;
  const out: AttributeMatch = { agree: 0, conflict: 0, chiefMaterial: false, reasons: [] };
  const lineMats = [...line.materials.keys()].filter((m) => m !== "textile");
  if (lineMats.length > 0 && product.materials.size > 0) {
    if (product.chiefMaterial && lineMats.includes(product.chiefMaterial)) {
      out.agree++;
      out.chiefMaterial = true;
      out.reasons.push(`chief material ${product.chiefMaterial}`);
    } else if (lineMats.some((m) => product.materials.has(m))) {
      out.agree += 0.5;
    } else out.conflict++;
  }
  const dims: ["construction" | "gender" | "age" | "power", string][] = [["construction", "knit/woven"], ["gender", "gender"], ["age", "age"], ["power", "power"]];
  for (const [dim, label] of dims) {
    const lv = line[dim];
    const pv = product[dim];
    if (!lv || !pv) continue;
    if (lv === pv || (dim === "gender" && (lv === "unisex" || pv === "unisex"))) {
      out.agree++;
      out.reasons.push(`${label} ${pv}`);
    } else out.conflict++;
  }
  for (const limit of req.limits) {
    const q = product.quantities.find((x) => x.unit === limit.unit);
    if (!q) continue;
    const ok = limit.op === "over" ? q.value > limit.value : q.value <= limit.value;
    if (ok) {
      out.agree++;
      out.reasons.push(`${q.value} ${limit.unit} ${limit.op === "over" ? ">" : "<="} ${limit.value}`);
    } else out.conflict++;
  }
  return out;
}
