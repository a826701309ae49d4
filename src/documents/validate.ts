/**
 * Arithmetic validation of extracted documents, in decimal (never binary floating point):
 * quantity x unit price = amount per line, sum of lines = subtotal, subtotal + charges = total.
 * Differences within rounding are accepted; the rest become warnings naming the line.
 */
import { Decimal } from "decimal.js";
import { isScacShape, isValidContainer } from "./checks.ts";
import type { BillOfLadingData, DocumentData, InvoiceData, PackingListData } from "./schemas.ts";

const d = (n: number) => new Decimal(n);

/** Allowed rounding: half a cent per line, or 0.05% of the amount for unit prices with many decimals. */
function within(a: Decimal, b: Decimal, lines = 1): boolean {
  const tol = Decimal.max(new Decimal(0.005).times(lines).plus(0.005), b.abs().times(0.0005));
  return a.minus(b).abs().lte(tol);
}

function validateInvoice(inv: InvoiceData): string[] {
  const w: string[] = [];
  inv.lineItems.forEach((li, i) => {
    if (li.quantity !== null && li.unitPrice !== null && li.amount !== null) {
      const expected = d(li.quantity).times(li.unitPrice);
      if (!within(expected, d(li.amount))) {
        w.push(`Line ${i + 1}${li.description ? ` (${li.description.slice(0, 40)})` : ""}: quantity ${li.quantity} x unit price ${li.unitPrice} = ${expected.toDecimalPlaces(2)}, but the amount printed is ${li.amount}.`);
      }
    }
  });
  const amounts = inv.lineItems.map((l) => l.amount);
  const t = inv.totals;
  if (amounts.length && amounts.every((a) => a !== null)) {
    const sum = amounts.reduce((s, a) => s.plus(a!), new Decimal(0));
    // Without a printed subtotal the lines can only be checked against a total that has no charges.
    const hasCharges = [t.freight, t.insurance, t.otherCharges, t.discount, t.tax].some((c) => c !== null && c !== 0);
    const target = t.subtotal ?? (hasCharges ? null : t.total);
    if (target !== null && !within(sum, d(target), amounts.length)) {
      w.push(`Sum of the ${amounts.length} lines is ${sum.toDecimalPlaces(2)}, but the ${t.subtotal !== null ? "subtotal" : "total"} printed is ${target}.`);
    }
  }
  if (t.subtotal !== null && t.total !== null) {
    const charges = [t.freight, t.insurance, t.otherCharges, t.tax].reduce<Decimal>((s, c) => s.plus(c ?? 0), d(t.subtotal)).minus(t.discount ?? 0);
    if (!within(charges, d(t.total), 2)) {
      w.push(`Subtotal ${t.subtotal} plus charges (freight ${t.freight ?? 0}, insurance ${t.insurance ?? 0}, other ${t.otherCharges ?? 0}, tax ${t.tax ?? 0}) less discount ${t.discount ?? 0} is ${charges.toDecimalPlaces(2)}, but the total printed is ${t.total}.`);
    }
  }
  return w;
}

function validatePackingList(pl: PackingListData): string[] {
  const w: string[] = [];
  const sumOf = (k: "cartons" | "quantity" | "netWeightKg" | "grossWeightKg") => {
    const vals = pl.lineItems.map((l) => l[k]);
    return vals.length && vals.every((v) => v !== null) ? vals.reduce((s, v) => s.plus(v!), new Decimal(0)) : null;
  };
  for (const k of ["cartons", "quantity", "netWeightKg", "grossWeightKg"] as const) {
    const sum = sumOf(k);
    const total = pl.totals[k];
    if (sum !== null && total !== null && !within(sum, d(total), pl.lineItems.length)) {
      w.push(`Packing list: lines add up to ${sum} ${k}, but the total printed is ${total}.`);
    }
  }
  pl.lineItems.forEach((l, i) => {
    if (l.netWeightKg !== null && l.grossWeightKg !== null && l.netWeightKg > l.grossWeightKg) {
      w.push(`Packing list line ${i + 1}: net weight ${l.netWeightKg} kg exceeds gross weight ${l.grossWeightKg} kg.`);
    }
  });
  return w;
}

function validateBillOfLading(bl: BillOfLadingData): string[] {
  const w: string[] = [];
  for (const c of bl.containers) {
    if (c.number && !isValidContainer(c.number)) w.push(`Container ${c.number} fails the ISO 6346 check digit; check the number on the document.`);
  }
  const scac = bl.carrier.scac;
  if (scac && bl.documentKind !== "air_waybill" && !isScacShape(scac)) w.push(`Carrier code "${scac}" is not a 4-letter SCAC.`);
  return w;
}

/** Returns human-readable warnings for arithmetic that does not add up and codes that fail their checks. */
export function validateDocument(data: DocumentData): string[] {
  if (data.type === "invoice") return validateInvoice(data);
  if (data.type === "packing_list") return validatePackingList(data);
  return validateBillOfLading(data);
}
