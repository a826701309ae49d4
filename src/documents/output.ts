/**
 * The output contract for scripts (`tollgate extract --json`): plain values under stable keys,
 * missing values as null, and with `provenance` the confidence and source of each field.
 */
import type { ExtractionResult } from "./schemas.ts";

/** Plain JSON view of an extraction result. */
export function toPlainJson(result: ExtractionResult, withProvenance = false): Record<string, unknown> {
  const { type: _type, ...data } = (result.data ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {
    type: result.type,
    schemaVersion: result.schemaVersion,
    typeReason: result.typeReason,
    method: result.method,
    pages: result.pages,
    extractors: result.extractors,
    ...data,
    warnings: result.warnings,
  };
  if (result.data?.type === "bill_of_lading") {
    // The contract names the notify party as { name, address }; country is kept as an extra key.
    out.notifyParty = result.data.notifyParty;
  }
  if (withProvenance) out.provenance = result.provenance;
  return out;
}
