/** The layout reader of packing lists: references, parties, the carton/weight table and its totals. */
import { normaliseUnit } from "../domain/units.ts";
import type { Layout } from "./layout.ts";
import { findField, sourceOfLine } from "./layout-fields.ts";
import { findTables, type Table } from "./layout-table.ts";
import { findDates } from "./parse-values.ts";
import { FieldRecorder } from "./recorder.ts";
import { emptyParty, type PackingLine, type PackingListData } from "./schemas.ts";
import { weightKg } from "./weights.ts";
import { hasDate, num, parties, type LayoutEnv } from "./layout-common.ts";

/** Extracts a packing list from the layout. */
export function layoutPackingList(layout: Layout, env: LayoutEnv): { data: PackingListData; rec: FieldRecorder } {
  const rec = new FieldRecorder();
  const { ctx, dict } = env;
  const token = (v: string) => v.replace(/^[#:.\s]+/, "").split(/\s+/)[0]!;
  const f = (path: string, keys: string[], accept: (v: string) => boolean, map: (v: string) => string | null = token) => {
    const hit = findField(layout, dict, keys, accept);
    return hit ? rec.put(path, map(hit.value), hit.confidence, hit.source) : null;
  };
  const idLike = (v: string) => /\d/.test(v) && findDates(v, ctx).length === 0;
  const packingListNumber = f("packingListNumber", ["packingListNumber"], idLike);
  const invoiceNumber = f("invoiceNumber", ["relatedInvoice"], idLike);
  const date = f("date", ["documentDate", "invoiceDate"], hasDate(ctx), (v) => findDates(v, ctx)[0]!.iso);
  const p = parties(layout, env, rec, [["shipper", ["seller"]], ["consignee", ["buyer"]]]);
  const tables = findTables(layout, dict, ["cartons", "quantity", "netWeight", "grossWeight"]);
  const items: PackingLine[] = [];
  let totals: PackingListData["totals"] = { cartons: null, quantity: null, netWeightKg: null, grossWeightKg: null, volumeM3: null };
  const kgOf = (text: string | undefined, col: string, t: Table) => {
    if (!text) return null;
    const unit = t.columns.find((c) => c.kind === col)?.unit ?? "kg";
    return weightKg(text, ctx, /lb/i.test(unit) ? "lbs" : "kg");
  };
  for (const t of tables) {
    for (const row of t.rows) {
      const unitRaw = /\d\s*([A-Za-z.]{1,6})\s*$/.exec(row.cells.quantity ?? "")?.[1] ?? t.columns.find((c) => c.kind === "quantity")?.unit ?? null;
      const item: PackingLine = {
        description: (row.cells.description ?? "").replace(/\s+/g, " ").trim() || null,
        partNumber: row.cells.partNumber?.trim() || null,
        quantity: num(row.cells.quantity, ctx),
        unit: normaliseUnit(unitRaw)?.code ?? null,
        unitRaw,
        cartons: num(row.cells.cartons, ctx),
        netWeightKg: kgOf(row.cells.netWeight, "netWeight", t),
        grossWeightKg: kgOf(row.cells.grossWeight, "grossWeight", t),
        dimensions: row.cells.dimensions ?? null,
        volumeM3: num(row.cells.volume, ctx),
      };
      const n = items.length;
      for (const [k, v] of Object.entries(item)) rec.put(`lineItems[${n}].${k}`, v, 0.85, sourceOfLine(row.lines[0]!));
      items.push(item);
    }
    if (t.totals) {
      const src = sourceOfLine(t.totalsLine!);
      totals = {
        cartons: rec.put("totals.cartons", num(t.totals.cartons, ctx), 0.85, src),
        quantity: rec.put("totals.quantity", num(t.totals.quantity, ctx), 0.85, src),
        netWeightKg: rec.put("totals.netWeightKg", kgOf(t.totals.netWeight, "netWeight", t), 0.85, src),
        grossWeightKg: rec.put("totals.grossWeightKg", kgOf(t.totals.grossWeight, "grossWeight", t), 0.85, src),
        volumeM3: rec.put("totals.volumeM3", num(t.totals.volume, ctx), 0.85, src),
      };
    }
  }
  const data: PackingListData = {
    type: "packing_list",
    packingListNumber,
    invoiceNumber,
    date,
    shipper: p.shipper ?? emptyParty(),
    consignee: p.consignee ?? emptyParty(),
    marks: null,
    lineItems: items,
    totals,
  };
  return { data, rec };
}
