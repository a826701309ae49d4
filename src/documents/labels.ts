/**
 * Label-value analysis: finds "Label: value" pairs the way people lay them out on documents — on
 * the same line, in the next cell, on the next line, or (in right-aligned PDF layouts) with the
 * value before the label. Every hit keeps the line it was read from, for provenance.
 */
import type { DocLine } from "./load.ts";
import type { Source } from "./schemas.ts";

/** A value found for a label, with where it was read and how sure the layout makes us. */
export interface LabelHit {
  value: string;
  confidence: number;
  source: Source;
  /** Index of the line in the document's line list. */
  index: number;
}

/** Source record of a line. */
export function sourceOf(line: DocLine): Source {
  return { page: line.page, line: line.line, text: line.text.trim() };
}

/** True when a cell looks like a label of its own ("Invoice Date:", "Payment Terms"). */
export function isLabelCell(cell: string): boolean {
  return /^[A-Za-zÀ-ž][A-Za-zÀ-ž .'/&()#°-]{1,40}:\s*$/.test(cell.trim());
}

/**
 * Finds the value of the first label matching `label` (a regex for the label words only, no
 * colon). `accept` filters candidate values, e.g. "must contain a digit".
 */
export function findLabel(
  lines: DocLine[],
  label: RegExp,
  accept: (v: string) => boolean = (v) => v.trim() !== "",
  from = 0,
): LabelHit | null {
  const re = new RegExp(`^(?:${label.source})\\s*(?:[:#.]|n[°o]\\.?|no\\.?)*\\s*[:#]?\\s*`, "i");
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    const cells = line.cells.length ? line.cells : [line.text.trim()];
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!;
      const m = re.exec(cell);
      if (!m) continue;
      // The label must end at a word boundary: "Total" must not match "Totals carried".
      const rest = cell.slice(m[0].length).trim();
      if (rest !== "" && /^[a-z]/.test(rest) && !/[:#]\s*$/.test(m[0]) && /[a-z]$/i.test(m[0].trim())) continue;
      const candidates: Array<[string, number, DocLine]> = [];
      if (rest !== "") candidates.push([rest, 0.92, line]);
      else {
        if (c + 1 < cells.length && !isLabelCell(cells[c + 1]!)) candidates.push([cells[c + 1]!, 0.9, line]);
        if (c > 0 && c === cells.length - 1) candidates.push([cells[c - 1]!, 0.7, line]);
        const next = lines[i + 1];
        // The next line is the value only if it is not itself a "Label: value" pair.
        const nextText = next ? (next.cells[0] ?? next.text).trim() : "";
        if (next && c === cells.length - 1 && !isLabelCell(nextText) && !/^[A-Za-z][A-Za-z .'/#-]{1,30}:\s*\S/.test(nextText)) {
          candidates.push([next.cells[0] ?? next.text.trim(), 0.75, next]);
        }
      }
      for (const [value, confidence, src] of candidates) {
        if (accept(value)) return { value: value.trim(), confidence, source: sourceOf(src), index: i };
      }
    }
  }
  return null;
}

/** Tries several label patterns in priority order. */
export function findAnyLabel(lines: DocLine[], labels: RegExp[], accept?: (v: string) => boolean): LabelHit | null {
  for (const label of labels) {
    const hit = findLabel(lines, label, accept);
    if (hit) return hit;
  }
  return null;
}

/** Cuts a value at the next inline label ("Sanjay Date: 31/12/2017" -> "Sanjay"). */
export function cutAtNextLabel(value: string): string {
  const m = /\s{2,}|\t|\s(?=[A-Z][A-Za-z .]{1,25}:\s)/.exec(value);
  return (m ? value.slice(0, m.index) : value).trim();
}

// Company-name endings used to split "Name Ltd., street, city" into name and address.
const LEGAL_SUFFIX =
  /\b(?:Ltd\.?|Limited|Inc\.?|LLC|L\.L\.C\.|Corp\.?|Corporation|Co\.,? Ltd\.?|Co\.|Company|GmbH|AG|B\.V\.|BV|N\.V\.|S\.A\.(?: de C\.V\.)?|SA|SAS|SARL|S\.r\.l\.|SpA|S\.p\.A\.|Pvt\.? Ltd\.?|Pty\.? Ltd\.?|PLC|Oy|AB|A\/S|K\.K\.|Sp\. z o\.o\.|S\.L\.|Lda\.?|JSC|Group)(?=[\s,.]|$)/;

/** Splits "Name Ltd., address" into name and address when a legal suffix marks the end of the name. */
export function splitNameAddress(value: string): { name: string; address: string | null } {
  const v = value.trim().replace(/,\s*$/, "");
  let end = -1;
  for (const m of v.matchAll(new RegExp(LEGAL_SUFFIX.source, "g"))) end = m.index + m[0].length;
  if (end > 0 && end < v.length) {
    const rest = v.slice(end).replace(/^[\s.,]+/, "").trim();
    const name = v.slice(0, end).trim();
    if (rest !== "") return { name: v[end] === "." ? `${name}.` : name, address: rest };
  }
  return { name: v, address: null };
}

/** True when the text contains a company legal form ("Ltd.", "GmbH", "B.V.", ...). */
export function hasLegalSuffix(text: string): boolean {
  return LEGAL_SUFFIX.test(text);
}
