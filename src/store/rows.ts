/** Helpers the repositories share for mapping database rows to records. */

/** A row as the driver returns it, before a repository maps it to a record. */
export type Row = Record<string, unknown>;

/** A timestamp column as text: ISO 8601 when the driver returned a Date, else as returned. */
export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
