/** Shared by the duty coverage evaluation and the tracker comparison. */
export const ORIGINS = ["CN", "MX", "CA", "DE", "JP", "KR", "GB", "VN", "IN", "BR"] as const;
export const ENTRY_DATE = "2026-11-20";

/** The quantities a broker declares for the line: 10 of each reporting unit it prints. */
export function reportedQuantities(units: readonly string[]): string[] {
  return units.filter((u) => u !== "X" && u !== "").map((u) => `10:${u}`);
}
