/**
 * Offline packing-list extractor. Columns are recognised from the header words (cartons,
 * quantity, net and gross weight, volume) and each row's numbers are assigned to them in order,
 * so column order may vary between shippers.
 */
import { normaliseUnit } from "../domain/units.ts";
import type { ExtractorEnv } from "./extract-invoice.ts";
import { BUYER_LABELS, SELLER_LABELS } from "./extract-invoice.ts";
import { cutAtNextLabel, findAnyLabel, sourceOf } from "./labels.ts";
import type { DocLine } from "./load.ts";
import { findParty } from "./parties.ts";
import { findDates, findNumbers } from "./parse-values.ts";
import { FieldRecorder } from "./recorder.ts";
import { emptyParty, type PackingLine, type PackingListData } from "./schemas.ts";
import { DIMENSIONS_RE, weightKg } from "./weights.ts";

type Col = "cartons" | "quantity" | "netWeightKg" | "grossWeightKg" | "volumeM3";
const COLS: Array<[Col, RegExp]> = [
  ["cartons", /\b(?:ctns?|cartons?|packages|pkgs|boxes|no\.? of (?:ctns|cartons|packages))\b/i],
  ["quantity", /\b(?:qty|quantity|pcs|pieces|units)\b/i],
  ["netWeightKg", /\b(?:n\.\s?w\.?|nw|net(?: weight| wt\.?)?)\b/i],
  ["grossWeightKg", /\b(?:g\.\s?w\.?|gw|gross(?: weight| wt\.?)?)\b/i],
  ["volumeM3", /\b(?:cbm|m3|volume|meas(?:urement)?)\b/i],
];
const ROLE_RE = /^(?:seller|exporter|shipper|buyer|consignee|sold to|bill to|ship to|notify|importer|deliver to|customer)\b/i;

function headerColumns(text: string): Array<{ col: Col; at: number }> {
  const cols: Array<{ col: Col; at: number }> = [];
  for (const [col, re] of COLS) {
    const m = re.exec(text);
    if (m) cols.push({ col, at: m.index });
  }
  return cols.sort((a, b) => a.at - b.at);
}

/** Extracts a packing list from document lines. */
export function extractPackingList(lines: DocLine[], env: ExtractorEnv): { data: PackingListData; rec: FieldRecorder } {
  const rec = new FieldRecorder();
  const { ctx, countries } = env;
  const hasDigit = (v: string) => /\d/.test(v);
  const plNo = findAnyLabel(lines, [/packing list\s*(?:no\.?|number|#)|p\/l\s*(?:no\.?|#)/], hasDigit);
  const invNo = findAnyLabel(lines, [/invoice\s*(?:no\.?|number|#|ref\.?)|inv\.?\s*no\.?/], hasDigit);
  const date = findAnyLabel(lines, [/date|packing date|issue date/], (v) => findDates(v, ctx).length > 0);
  const seller = findParty(lines, SELLER_LABELS, ROLE_RE, countries);
  const buyer = findParty(lines, BUYER_LABELS, ROLE_RE, countries);
  const marks = findAnyLabel(lines, [/shipping marks|marks (?:and|&) numbers|marks/]);

  const headerIdx = lines.findIndex((l) => headerColumns(l.text).length >= 3 && !/\d{2,}/.test(l.text));
  const cols = headerIdx >= 0 ? headerColumns(lines[headerIdx]!.text) : [];
  const lbs = headerIdx >= 0 && /\blbs?\b/i.test(lines[headerIdx]!.text);
  // "Qty (pcs)" in the header gives the unit of every row that prints none.
  const headerUnitRaw = headerIdx >= 0 ? /\b(?:qty|quantity)\s*\(([^)]+)\)/i.exec(lines[headerIdx]!.text)?.[1]?.trim() : undefined;
  const items: PackingLine[] = [];
  const totals: Partial<Record<Col, number>> = {};
  let totalsSource: DocLine | null = null;
  for (let i = headerIdx + 1; headerIdx >= 0 && i < lines.length; i++) {
    const line = lines[i]!;
    let text = line.text;
    const dims = DIMENSIONS_RE.exec(text);
    if (dims) text = text.replace(dims[0], " ");
    const isTotal = /^\s*(?:total|grand total|totals?)\b/i.test(text);
    const nums = findNumbers(text, ctx);
    if (nums.length < Math.min(2, cols.length)) {
      if (isTotal || /^\s*(?:shipping marks|marks|remarks|signature|declaration)/i.test(text)) break;
      continue;
    }
    // Numbers are assigned right-aligned: a leading item number or style number is extra.
    const used = nums.slice(-cols.length);
    const values: Partial<Record<Col, number>> = {};
    cols.slice(cols.length - used.length).forEach((c, k) => {
      const v = used[k]!.value;
      values[c.col] = (c.col === "netWeightKg" || c.col === "grossWeightKg") && lbs ? Math.round(v * 0.45359237 * 1000) / 1000 : v;
    });
    if (isTotal) {
      Object.assign(totals, values);
      totalsSource = line;
      break;
    }
    const firstIdx = used[0]!.index;
    let description = text.slice(0, firstIdx).replace(/\s+/g, " ").trim().replace(/^\d{1,3}[.)]?\s+/, "");
    let partNumber: string | null = null;
    const code = /^([A-Z0-9][A-Z0-9_/.-]{3,})\s+(?=[A-Za-z])/.exec(description);
    if (code && /\d/.test(code[1]!)) {
      partNumber = code[1]!;
      description = description.slice(code[0].length);
    }
    const unitWord = /^\s*([A-Za-z.]+)/.exec(text.slice(nums.find((n) => n.value === values.quantity)?.index ?? 0).replace(/^[\d.,\s]+/, ""))?.[1];
    const unit = normaliseUnit(unitWord) ?? normaliseUnit(headerUnitRaw);
    const item: PackingLine = {
      description: description || null,
      partNumber,
      quantity: values.quantity ?? null,
      unit: unit?.code ?? null,
      unitRaw: unit?.raw ?? null,
      cartons: values.cartons ?? null,
      netWeightKg: values.netWeightKg ?? null,
      grossWeightKg: values.grossWeightKg ?? null,
      dimensions: dims ? dims[0].trim() : null,
      volumeM3: values.volumeM3 ?? null,
    };
    const n = items.length;
    for (const [k, v] of Object.entries(item)) rec.put(`lineItems[${n}].${k}`, v, 0.8, sourceOf(line));
    items.push(item);
  }
  // Labelled totals ("Total gross weight: 1,234 kg") fill what a totals row did not give.
  const labelled: Array<[Col, RegExp]> = [
    ["cartons", /total (?:cartons|packages|ctns|no\. of packages)|total packages/],
    ["quantity", /total (?:quantity|qty|pcs|pieces|units)/],
    ["netWeightKg", /total net weight|total n\.?w\.?|net weight/],
    ["grossWeightKg", /total gross weight|total g\.?w\.?|gross weight/],
    ["volumeM3", /total (?:volume|cbm|measurement)|volume|measurement/],
  ];
  for (const [col, re] of labelled) {
    if (totals[col] !== undefined) continue;
    const hit = findAnyLabel(lines, [re], (v) => findNumbers(v, ctx).length > 0);
    if (!hit) continue;
    const v = col === "netWeightKg" || col === "grossWeightKg" ? weightKg(hit.value, ctx) : findNumbers(hit.value, ctx)[0]!.value;
    if (v !== null) totals[col] = rec.put(`totals.${col}`, v, hit.confidence, hit.source)!;
  }
  if (totalsSource) for (const [k, v] of Object.entries(totals)) rec.put(`totals.${k}`, v, 0.85, sourceOf(totalsSource));
  const put = (p: string, h: { value: string; confidence: number; source: import("./schemas.ts").Source } | null, v?: string | null) =>
    h ? rec.put(p, v === undefined ? cutAtNextLabel(h.value) : v, h.confidence, h.source) : null;
  for (const [p, h] of [["shipper", seller], ["consignee", buyer]] as const) {
    if (!h) continue;
    rec.put(`${p}.name`, h.party.name, h.confidence, h.source);
    rec.put(`${p}.address`, h.party.address, h.confidence * 0.9, h.source);
    rec.put(`${p}.country`, h.party.country, h.confidence * 0.85, h.source);
  }
  const data: PackingListData = {
    type: "packing_list",
    packingListNumber: put("packingListNumber", plNo),
    invoiceNumber: put("invoiceNumber", invNo),
    date: put("date", date, date ? findDates(date.value, ctx)[0]!.iso : null),
    shipper: seller?.party ?? emptyParty(),
    consignee: buyer?.party ?? emptyParty(),
    marks: put("marks", marks),
    lineItems: items,
    totals: {
      cartons: totals.cartons ?? null,
      quantity: totals.quantity ?? null,
      netWeightKg: totals.netWeightKg ?? null,
      grossWeightKg: totals.grossWeightKg ?? null,
      volumeM3: totals.volumeM3 ?? null,
    },
  };
  return { data, rec };
}
