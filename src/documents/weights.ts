/** Reading weights, volumes and package counts with their units from document text. */
import { toKilograms } from "../domain/units.ts";
import { findNumbers, type ValueContext } from "./parse-values.ts";

/** The first weight in a text, converted to kg ("1,234.5 KGS", "2,720 lbs"); `defaultUnit` when none printed. */
export function weightKg(text: string, ctx: ValueContext, defaultUnit = "kg"): number | null {
  const n = findNumbers(text, ctx)[0];
  if (!n) return null;
  const unit = /^\s*(kgs?|kilos?|kilograms?|lbs?|pounds?|g|grams?|mt|t|tonnes?)\b/i.exec(text.slice(n.index + n.text.length))?.[1] ?? defaultUnit;
  return toKilograms(n.value, unit.toLowerCase().replace(/s$/, "") === "kg" ? "kg" : unit);
}

/** Package count and kind, e.g. "1,200 CARTONS" -> {count: 1200, kind: "CARTONS"}. */
export function packageCount(text: string, ctx: ValueContext): { count: number; kind: string | null } | null {
  const m = /(\d[\d,.]*)\s*(cartons?|ctns?|packages?|pkgs?|pallets?|plts?|cases?|boxes|bales?|bags?|drums?|crates?|rolls?|pieces?|pcs)\b/i.exec(text);
  if (m) return { count: findNumbers(m[1]!, ctx)[0]?.value ?? Number(m[1]), kind: m[2]!.toUpperCase() };
  const n = findNumbers(text, ctx)[0];
  return n ? { count: n.value, kind: null } : null;
}

/** Carton dimensions as printed ("60 x 40 x 30 cm"). */
export const DIMENSIONS_RE = /\d+(?:[.,]\d+)?\s*[x×*]\s*\d+(?:[.,]\d+)?\s*[x×*]\s*\d+(?:[.,]\d+)?\s*(?:cm|mm|in(?:ch(?:es)?)?|m)?\b/i;
