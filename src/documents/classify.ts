/**
 * Document type detection from titles and vocabulary. Titles ("COMMERCIAL INVOICE", "PACKING
 * LIST", "BILL OF LADING") weigh most; field vocabulary decides untitled documents. The reason
 * is returned so a broker can see why a document was (not) treated as an invoice.
 */
import type { DocumentType } from "./schemas.ts";

interface Signal {
  type: Exclude<DocumentType, "other">;
  re: RegExp;
  weight: number;
  why: string;
}

const SIGNALS: Signal[] = [
  { type: "invoice", re: /\b(?:commercial|proforma|pro-forma|customs|tax)\s+invoice\b/i, weight: 5, why: "title 'commercial invoice'" },
  { type: "invoice", re: /\b(?:invoice|facture|factuur|(?:handels)?rechnung|faktura|factura|fattura)\b/i, weight: 3, why: "the word 'invoice'" },
  { type: "invoice", re: /\b(?:unit price|unit value|amount due|total due|prix unitaire|p\.u\.|vk-preis|prijs per stuk|cena)\b/i, weight: 1, why: "prices" },
  { type: "invoice", re: /\b(?:payment terms|incoterms?|sold to|bill to|total ttc|btw|mwst|vat)\b/i, weight: 1, why: "invoice vocabulary" },
  { type: "packing_list", re: /\bpacking\s+(?:list|slip|specification)\b|\bpackliste\b|\bliste de colisage\b|\blista de (?:empaque|embalaje|bultos)\b|装箱单/i, weight: 7, why: "title 'packing list'" },
  { type: "packing_list", re: /\b(?:n\.?\s?w\.?|net weight|g\.?\s?w\.?|gross weight)\b/i, weight: 1, why: "weights" },
  { type: "packing_list", re: /\b(?:cartons?|ctns?|measurements?|dimensions|carton no)\b/i, weight: 1, why: "carton vocabulary" },
  { type: "bill_of_lading", re: /提单|\b(?:bill of lading|conocimiento de embarque|connaissement|konnossement|b\/?l\s*(?:no|number)|sea\s*waybill|air\s*waybill|airway\s*bill|ocean bill|house bill|master bill|\bawb\b|\bmawb\b|\bhawb\b)/i, weight: 7, why: "title 'bill of lading' / 'waybill'" },
  { type: "bill_of_lading", re: /\b(?:port of loading|port of discharge|notify party|vessel|voyage|place of receipt|ocean vessel|airport of departure|container no)\b/i, weight: 2, why: "transport vocabulary" },
];

/** A detected type with its confidence and the reason. */
export interface Classification {
  type: DocumentType;
  confidence: number;
  reason: string;
}

/** Classifies a document from its text. */
export function classifyDocument(text: string): Classification {
  const head = text.slice(0, 600);
  const scores = new Map<DocumentType, { score: number; why: string[] }>();
  for (const s of SIGNALS) {
    const hits = (text.match(new RegExp(s.re.source, "gi")) ?? []).length;
    if (!hits) continue;
    // A title near the top counts double: a B/L mentions "invoice" in its goods text, not its title.
    const inHead = s.re.test(head) ? 2 : 1;
    const entry = scores.get(s.type) ?? { score: 0, why: [] };
    entry.score += s.weight * inHead + Math.min(hits - 1, 3) * 0.5;
    entry.why.push(s.why);
    scores.set(s.type, entry);
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score);
  const best = ranked[0];
  if (!best || best[1].score < 3) {
    return {
      type: "other",
      confidence: 0.6,
      reason: best ? `only weak signs of a ${best[0].replace("_", " ")} (${best[1].why.join(", ")})` : "no invoice, packing-list or transport-document vocabulary found",
    };
  }
  const second = ranked[1]?.[1].score ?? 0;
  const confidence = Math.min(0.98, 0.55 + (best[1].score - second) / (best[1].score + 4));
  return { type: best[0], confidence: Math.round(confidence * 100) / 100, reason: `found ${[...new Set(best[1].why)].join(", ")}` };
}
