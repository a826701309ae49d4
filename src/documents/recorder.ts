/** Collects values with their confidence and source while an extractor walks a document. */
import type { FieldProvenance, Source } from "./schemas.ts";

/** Records provenance per field path; `put` returns the value so extractors can assign inline. */
export class FieldRecorder {
  readonly provenance: Record<string, FieldProvenance> = {};

  put<T>(path: string, value: T | null | undefined, confidence: number, source: Source | null): T | null {
    if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return null;
    this.provenance[path] = { confidence: Math.round(confidence * 100) / 100, source, by: "offline" };
    return value;
  }
}
