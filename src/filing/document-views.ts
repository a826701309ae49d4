/**
 * Reads the stored extraction results of a thread as typed invoice, packing list and bill of lading
 * views. Documents are stored either as the extractor's result (`{ type, data: {...} }`) or as its
 * plain JSON (`{ type, ...fields }`); both are accepted and checked against the extraction schemas
 * (src/documents/schemas.ts), so a malformed record is skipped rather than half-trusted.
 */
import { BillOfLadingSchema, InvoiceSchema, PackingListSchema, type BillOfLadingData, type InvoiceData, type PackingListData, type Party } from "../documents/schemas.ts";
import type { DocumentRecord } from "../store/index.ts";

export type InvoiceLike = InvoiceData;
export type PackingLike = PackingListData;
export type BolLike = BillOfLadingData;
export type PartyLike = Party;

/** The first valid document of each kind (the newest when a thread has several of a kind). */
export interface ThreadDocuments {
  invoice: InvoiceLike | null;
  packing: PackingLike | null;
  bol: BolLike | null;
  /** Documents that could not be read as any kind, by file name. */
  skipped: string[];
}

function dataOf(doc: DocumentRecord): Record<string, unknown> {
  const e = doc.extracted;
  const inner = e.data && typeof e.data === "object" && !Array.isArray(e.data) ? (e.data as Record<string, unknown>) : e;
  return inner;
}

function kindOf(doc: DocumentRecord, data: Record<string, unknown>): string {
  const t = String(data.type ?? doc.extracted.type ?? doc.docType);
  if (/invoice/.test(t)) return "invoice";
  if (/packing/.test(t)) return "packing_list";
  if (/bill|lading|waybill|awb/.test(t)) return "bill_of_lading";
  return t;
}

/** Sorts a thread's documents into the three kinds the draft uses. */
export function asDocuments(documents: DocumentRecord[]): ThreadDocuments {
  const out: ThreadDocuments = { invoice: null, packing: null, bol: null, skipped: [] };
  for (const doc of [...documents].reverse()) {
    const data = dataOf(doc);
    switch (kindOf(doc, data)) {
      case "invoice": {
        const r = InvoiceSchema.safeParse({ ...data, type: "invoice" });
        if (r.success) out.invoice ??= r.data;
        else out.skipped.push(doc.fileName);
        break;
      }
      case "packing_list": {
        const r = PackingListSchema.safeParse({ ...data, type: "packing_list" });
        if (r.success) out.packing ??= r.data;
        else out.skipped.push(doc.fileName);
        break;
      }
      case "bill_of_lading": {
        const r = BillOfLadingSchema.safeParse({ ...data, type: "bill_of_lading" });
        if (r.success) out.bol ??= r.data;
        else out.skipped.push(doc.fileName);
        break;
      }
      default:
        out.skipped.push(doc.fileName);
    }
  }
  return out;
}
