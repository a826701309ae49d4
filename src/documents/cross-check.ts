/**
 * Cross-document checks for documents of one shipment (invoice, packing list, bill of lading):
 * the parties should be the same companies, and quantities, packages and weights should agree.
 * Differences are listed for the broker; nothing is corrected automatically.
 */
import type { BillOfLadingData, DocumentData, ExtractionResult, InvoiceData, PackingListData, Party } from "./schemas.ts";

/** One disagreement between two documents. */
export interface CrossCheckDifference {
  field: string;
  documents: [string, string];
  values: [string | number | null, string | number | null];
  message: string;
}

function words(name: string | null): Set<string> {
  const stop = /^(?:ltd|limited|inc|llc|co|corp|company|gmbh|ag|sa|the|and|of|pvt|plc)$/;
  return new Set((name ?? "").toLowerCase().replace(/[^a-z0-9 ]/g, " ").split(/\s+/).filter((w) => w.length > 1 && !stop.test(w)));
}

/** True when two company names plausibly name the same party (most distinctive words shared). */
export function sameParty(a: string | null, b: string | null): boolean {
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 || wb.size === 0) return true;
  const shared = [...wa].filter((w) => wb.has(w)).length;
  return shared / Math.min(wa.size, wb.size) >= 0.6;
}

const sum = (xs: Array<number | null>): number | null => (xs.length && xs.every((x) => x !== null) ? xs.reduce<number>((s, x) => s + x!, 0) : null);
const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.5, Math.abs(b) * 0.005);

/** A document of one type, with the name differences call it by. */
interface Named<T extends DocumentData> {
  name: string;
  data: T;
}

/** Compares every pair of invoice, packing list and bill of lading among the given results. */
export function crossCheckDocuments(docs: ExtractionResult[]): { differences: CrossCheckDifference[]; checked: string[] } {
  const named = docs.map((r, i) => ({ name: r.filename ?? `${r.type} #${i + 1}`, data: r.data }));
  const ofType = <T extends DocumentData>(type: T["type"]) => named.filter((d): d is Named<T> => d.data?.type === type);
  const inv = ofType<InvoiceData>("invoice");
  const pl = ofType<PackingListData>("packing_list");
  const bl = ofType<BillOfLadingData>("bill_of_lading");
  const differences: CrossCheckDifference[] = [];
  const checked: string[] = [];
  const diff = (field: string, a: string, b: string, va: string | number | null, vb: string | number | null, what: string) => {
    differences.push({ field, documents: [a, b], values: [va, vb], message: `${what}: ${a} says ${JSON.stringify(va)}, ${b} says ${JSON.stringify(vb)}.` });
  };
  const parties = (a: string, b: string, pa: Party, pb: Party, role: string) => {
    checked.push(`${role}: ${a} vs ${b}`);
    if (pa.name && pb.name && !sameParty(pa.name, pb.name)) diff(role, a, b, pa.name, pb.name, `Different ${role}`);
  };
  const numbers = (field: string, a: string, b: string, va: number | null, vb: number | null, what: string) => {
    if (va === null || vb === null) return;
    checked.push(`${field}: ${a} vs ${b}`);
    if (!near(va, vb)) diff(field, a, b, va, vb, what);
  };
  for (const { name: i, data: d } of inv) {
    for (const { name: p, data: q } of pl) {
      parties(i, p, d.seller, q.shipper, "seller/shipper");
      parties(i, p, d.buyer, q.consignee, "buyer/consignee");
      numbers("quantity", i, p, sum(d.lineItems.map((l) => l.quantity)), q.totals.quantity ?? sum(q.lineItems.map((l) => l.quantity)), "Total quantity differs");
      numbers("netWeightKg", i, p, sum(d.lineItems.map((l) => l.netWeightKg)), q.totals.netWeightKg, "Net weight differs");
      if (d.invoiceNumber && q.invoiceNumber && d.invoiceNumber.replace(/\W/g, "") !== q.invoiceNumber.replace(/\W/g, "")) {
        diff("invoiceNumber", i, p, d.invoiceNumber, q.invoiceNumber, "Packing list refers to another invoice");
      }
    }
    for (const { name: b, data: l } of bl) {
      parties(i, b, d.seller, l.shipper, "seller/shipper");
      parties(i, b, d.buyer, l.consignee, "buyer/consignee");
    }
  }
  for (const { name: p, data: q } of pl) {
    for (const { name: b, data: l } of bl) {
      parties(p, b, q.shipper, l.shipper, "shipper");
      parties(p, b, q.consignee, l.consignee, "consignee");
      numbers("packages", p, b, q.totals.cartons ?? sum(q.lineItems.map((x) => x.cartons)), l.packages, "Package count differs");
      numbers("grossWeightKg", p, b, q.totals.grossWeightKg ?? sum(q.lineItems.map((x) => x.grossWeightKg)), l.grossWeightKg, "Gross weight differs");
    }
  }
  return { differences, checked };
}
