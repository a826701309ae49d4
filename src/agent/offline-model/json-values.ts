/**
 * Reading tool results defensively. The offline model's answer writer gets each result back as
 * parsed JSON from a tool message, so nothing about its shape is trusted: a value of the wrong kind
 * reads as absent rather than throwing.
 */

/** A JSON object. */
export type Obj = Record<string, unknown>;

/** The value as an object, or undefined when it is not a (non-array) object. */
export function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** The objects in an array value; other entries and non-arrays are skipped. */
export function arr(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map((x) => obj(x)).filter((x): x is Obj => x !== undefined) : [];
}

/** A non-blank string as given, or a finite number as text; otherwise undefined. */
export function str(v: unknown): string | undefined {
  if (typeof v === "string" && v.trim() !== "") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}
