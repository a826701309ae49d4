/**
 * Party blocks (seller, buyer, consignee, notify party, ...): a role label followed by a name and
 * a few address lines, either on the label's line ("Seller: ACME Ltd., Shenzhen, China") or below
 * it ("Seller / Exporter" then the name, then the address).
 */
import type { CountryIndex } from "../domain/countries.ts";
import { splitNameAddress, sourceOf } from "./labels.ts";
import type { DocLine } from "./load.ts";
import type { Party, Source } from "./schemas.ts";

/** A party found in a document with where its name was read. */
export interface PartyHit {
  party: Party;
  source: Source;
  confidence: number;
  index: number;
}

// A line that starts another field ends an address block.
const FIELD_START = /^[A-Za-zÀ-ž][A-Za-zÀ-ž .'/&()#°-]{1,35}\s*[:：]/;
const STOP_WORDS =
  /^(?:tel|phone|fax|e-?mail|www\.|http|vat|tax id|ein|gst|nip|siret|iban|swift|bic|attn:?\s*$|invoice|date|item|description|#\s|no\.|page|commercial invoice|packing list|bill of lading)/i;

// "Atlanta, GA 30303": a US state abbreviation and ZIP code identify a US address without "USA".
const US_ADDRESS =
  /\b(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\s+\d{5}(?:-\d{4})?\b/;

/**
 * Finds the block introduced by one of `labels` (regex sources for the role words). `otherRoles`
 * stops the address before a neighbouring block's label.
 */
export function findParty(lines: DocLine[], labels: string[], otherRoles: RegExp, countries: CountryIndex): PartyHit | null {
  const re = new RegExp(`^(?:${labels.join("|")})(?:\\s*(?:/|&|and)\\s*[A-Za-z ]{2,30}?)?\\s*(?:[:：]|$)\\s*`, "i");
  for (let i = 0; i < lines.length; i++) {
    const cells = lines[i]!.cells.length ? lines[i]!.cells : [lines[i]!.text.trim()];
    // The label may head any column of a multi-column letterhead ("Seller ...    Buyer ...").
    let col = cells.findIndex((c) => re.test(c));
    if (col < 0 && re.test(lines[i]!.text.trim())) col = 0;
    if (col < 0) continue;
    const first = cells[col]!;
    const m = re.exec(first) ?? re.exec(lines[i]!.text.trim())!;
    const x = lines[i]!.cellStarts?.[col];
    const multiColumn = x !== undefined && cells.length > 1;
    const inline = (m.input === first ? [first.slice(m[0].length), ...(multiColumn ? [] : cells.slice(col + 1))].join(", ") : m.input.slice(m[0].length))
      .replace(/^[\s,]+/, "")
      .replace(/[\s,]+$/, "")
      .trim();
    const block: Array<{ text: string; line: DocLine }> = [];
    if (inline !== "") block.push({ text: inline, line: lines[i]! });
    for (let j = i + 1; j < lines.length && block.length < 5; j++) {
      let raw = lines[j]!.text.trim();
      if (multiColumn) {
        // Follow the label's column: the cell starting nearest below the label, if any.
        // OCR spacing is proportional, so columns are matched by position in the row rather
        // than by character offset: same number of cells, or the first/last column.
        const row = lines[j]!.cells;
        const starts = lines[j]!.cellStarts ?? [];
        let k = -1;
        if (row.length === cells.length) k = col;
        else if (col === 0) k = 0;
        else if (col === cells.length - 1 && row.length > 1) k = row.length - 1;
        else if (col === cells.length - 1 && (starts[0] ?? 0) >= x * 0.5) k = 0;
        if (k < 0) break;
        raw = row[k]!;
      }
      const text = raw.replace(/^(?:address|addr\.?|adres|adresse|anschrift)\s*[:：]\s*/i, "");
      if (text === "" || otherRoles.test(text) || re.test(text)) break;
      if (text === raw && (FIELD_START.test(text) || STOP_WORDS.test(text))) break;
      if (block.length === 0 && /^\d[\d\s.,/-]*$/.test(text)) break;
      // "(Not to be used for payment remittance)": a note under the label, not the party.
      if (block.length === 0 && /^\(.*\)$/.test(text)) continue;
      block.push({ text, line: lines[j]! });
    }
    if (block.length === 0) continue;
    const head = block[0]!;
    const attn = head.text.replace(/^attn:?\s*/i, "");
    const split = splitNameAddress(attn);
    split.name = split.name.replace(/\s*[:|]\s*$/, "");
    const addressParts = [split.address, ...block.slice(1).map((b) => b.text)].filter((s): s is string => !!s);
    const address = addressParts.length ? addressParts.join(", ") : null;
    const country = countries.find(address ?? "")?.code ?? countries.find(split.name)?.code ?? (US_ADDRESS.test(address ?? "") ? "US" : null);
    return {
      party: { name: split.name, address, country },
      source: sourceOf(head.line),
      confidence: inline !== "" ? 0.9 : 0.85,
      index: i,
    };
  }
  return null;
}
