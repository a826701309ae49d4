/**
 * Parties from layout blocks: the first line of a block is the name (unless it reads as an
 * address and a later line carries a company form), the rest is the address, and the country is
 * the last one named in the address (English or local spelling).
 */
import type { CountryIndex } from "../domain/countries.ts";
import type { LabelDictionary } from "./label-dictionary.ts";
import { hasLegalSuffix, splitNameAddress } from "./labels.ts";
import type { BlockHit } from "./layout-fields.ts";
import type { Party } from "./schemas.ts";

const ADDRESS_LIKE = /^(?:\d|p\.?o\.? box|no\.|lot\b|plot\b|unit\b|suite\b|floor\b|room\b|building\b|calle\b|rue\b|via\b|avenida\b|av\.|str\.|strasse\b|straße\b)/i;
const CONTACT = /^(?:tel|phone|fax|e-?mail|www\.|http|vat|tax id|ein|attn|contact|iban|swift)/i;

/** Country of an address: the last line naming one, in English or the local spelling. */
export function countryOfLines(lines: string[], countries: CountryIndex, dict: LabelDictionary): string | null {
  for (const l of [...lines].reverse()) {
    const tail = l.split(/[,\s]+(?=[^,]*$)/).pop() ?? l;
    const local = dict.localCountry(tail) ?? dict.localCountry(l.split(",").pop() ?? "");
    if (local) return local;
    const c = countries.find(l);
    if (c) return c.code;
  }
  return null;
}

/** Turns a block into a party. */
export function partyOf(block: BlockHit, countries: CountryIndex, dict: LabelDictionary): Party {
  let lines = block.lines.map((l) => l.trim()).filter((l) => l !== "" && !CONTACT.test(l));
  if (lines.length === 0) return { name: null, address: null, country: null };
  // "ACME Ltd., 12 Road, City" on one line: split at the legal form.
  if (lines.length === 1 || (hasLegalSuffix(lines[0]!) && splitNameAddress(lines[0]!).address)) {
    const s = splitNameAddress(lines[0]!);
    if (s.address) lines = [s.name, s.address, ...lines.slice(1)];
  }
  let nameAt = 0;
  if (ADDRESS_LIKE.test(lines[0]!) && !hasLegalSuffix(lines[0]!)) {
    const k = lines.findIndex((l) => hasLegalSuffix(l));
    if (k > 0) nameAt = k;
  }
  const name = lines[nameAt]!.replace(/[,;:]\s*$/, "");
  const address = lines.filter((_, i) => i !== nameAt);
  return { name, address: address.length ? address.join(", ") : null, country: countryOfLines(address.length ? address : [name], countries, dict) };
}
