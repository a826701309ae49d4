/**
 * Cross-document checks for documents of one shipment (invoice, packing list, bill of lading):
 * the parties should be the same companies, and quantities, packages and weights should agree.
 * Differences are listed for the broker; nothing is corrected automatically.
 */
import type { BillOfLadingData, ExtractionResult, InvoiceData, PackingListData, Party } from "./schemas.ts";

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

/** Compares every pair of invoice, packing list and bill of lading among the given results. */
export function crossCheckDocuments(docs: ExtractionResult[]): { differences: CrossCheckDifference[]; checked: string[] } {
  const name = (r: ExtractionResult, i: number) => r.filename ?? `${r.type} #${i + 1}`;
  const inv = docs.map((d, i) => [d, i] as const).filter(([d]) => d.data?.type === "invoice");
  const pl = docs.map((d, i) => [d, i] as const).filter(([d]) => d.data?.type === "packing_list");
  const bl = docs.map((d, i) => [d, i] as const).filter(([d]) => d.data?.type === "bill_of_lading");
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
  for (const [i, ii] of inv) {
    const d = i.data as InvoiceData;
    for (const [p, pi] of pl) {
      const q = p.data as PackingListData;
      parties(name(i, ii), name(p, pi), d.seller, q.shipper, "seller/shipper");
      parties(name(i, ii), name(p, pi), d.buyer, q.consignee, "buyer/consignee");
      numbers("quantity", name(i, ii), name(p, pi), sum(d.lineItems.map((l) => l.quantity)), q.totals.quantity ?? sum(q.lineItems.map((l) => l.quantity)), "Total quantity differs");
      numbers("netWeightKg", name(i, ii), name(p, pi), sum(d.lineItems.map((l) => l.netWeightKg)), q.totals.netWeightKg, "Net weight differs");
      if (d.invoiceNumber && q.invoiceNumber && d.invoiceNumber.replace(/\W/g, "") !== q.invoiceNumber.replace(/\W/g, "")) {
        diff("invoiceNumber", name(i, ii), name(p, pi), d.invoiceNumber, q.invoiceNumber, "Packing list refers to another invoice");
      }
    }
    for (const [b, bi] of bl) {
      const l = b.data as BillOfLadingData;
      parties(name(i, ii), name(b, bi), d.seller, l.shipper, "seller/shipper");
      parties(name(i, ii), name(b, bi), d.buyer, l.consignee, "buyer/consignee");
    }
  }
  for (const [p, pi] of pl) {
    const q = p.data as PackingListData;
    for (const [b, bi] of bl) {
      const l = b.data as BillOfLadingData;
      parties(name(p, pi), name(b, bi), q.shipper, l.shipper, "shipper");
      parties(name(p, pi), name(b, bi), q.consignee, l.consignee, "consignee");
      numbers("packages", name(p, pi), name(b, bi), q.totals.cartons ?? sum(q.lineItems.map((x) => x.cartons)), l.packages, "Package count differs");
      numbers("grossWeightKg", name(p, pi), name(b, bi), q.totals.grossWeightKg ?? sum(q.lineItems.map((x) => x.grossWeightKg)), l.grossWeightKg, "Gross weight differs");
    }
  }
  return { differences, checked };
}
