/**
 * Canonical JSON and content hashes. A draft version's approval binds to the SHA-256 of its
 * canonical JSON, and each audit row hashes its canonical JSON, so the same value must always give
 * the same bytes: object keys sorted, no whitespace, `undefined` members dropped (as JSON.stringify
 * does), and non-finite numbers refused because they have no JSON form.
 */
import { createHash } from "node:crypto";

/** Serialises a JSON-compatible value with sorted keys and no insignificant whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot serialise a ${typeof value}`);
  }
}

/** Lower-case hex SHA-256 of a UTF-8 string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** SHA-256 of a value's canonical JSON: the content hash an approval binds to. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
