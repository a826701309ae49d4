/**
 * The layout extractor for invoices, packing lists and bills of lading: header fields, parties
 * and tables read by geometry from positioned words (see layout.ts), with the label dictionary as
 * data. Validation drives the reading: a table row whose quantity x price differs from its amount
 * is re-read with the other decimal convention and OCR digit fixes before it is kept as printed.
 */
import type { CountryIndex } from "../domain/countries.ts";
import { parseCurrency } from "../domain/currencies.ts";
import { normaliseUnit } from "../domain/units.ts";
import { findContainers, isScacShape, numericVariants } from "./checks.ts";
import { hasLegalSuffix } from "./labels.ts";
import type { LabelDictionary } from "./label-dictionary.ts";
import type { Layout, LLine } from "./layout.ts";
import { findBlock, findField, labelCells, sourceOfLine, type FieldHit } from "./layout-fields.ts";
import { countryOfLines, partyOf } from "./layout-parties.ts";
import { findTables, type Table, type TableRow } from "./layout-table.ts";
import { findDates, findNumbers, parseNumber, type ValueContext } from "./parse-values.ts";
import { FieldRecorder } from "./recorder.ts";
import { emptyParty, type BillOfLadingData, type InvoiceData, type InvoiceLine, type PackingLine, type PackingListData, type Party } from "./schemas.ts";
import { packageCount, weightKg } from "./weights.ts";

/** What the layout extractor needs. */
export interface LayoutEnv {
  countries: CountryIndex;
  knowledgeDir: string;
  ctx: ValueContext;
  dict: LabelDictionary;
}

const INCOTERMS = /\b(EXW|FCA|FAS|FOB|CFR|CIF|CPT|CIP|DAP|DPU|DDP|DAT|DDU|CNF|C&F)\b/;
const HTS_IN_TEXT = /(?<![\d.])(\d{4}\.\d{2}(?:\.\d{2,4})?)(?![\d])/;
const hasDate = (ctx: ValueContext) => (v: string) => findDates(v, ctx).length > 0;

function country(text: string | null | undefined, env: LayoutEnv): string | null {
  if (!text) return null;
  const t = text.trim().replace(/[.,;]+$/, "");
  return env.dict.localCountry(t) ?? env.countries.parse(t)?.code ?? null;
}

/** Document-level origin: a labelled field, else a statement such as "Made in Germany". */
function documentOrigin(layout: Layout, env: LayoutEnv, rec: FieldRecorder): string | null {
  const hit = findField(layout, env.dict, ["countryOfOrigin"], (v) => country(v, env) !== null);
  if (hit) return rec.put("countryOfOrigin", country(hit.value, env), hit.confidence, hit.source);
  for (const line of layout.lines) {
    const m = env.dict.originStatements.exec(line.text);
    if (!m) continue;
    const after = line.text.slice(m.index + m[0].length).split(/\s{2,}|[,;(]/)[0]!;
    const c = country(after, env);
    if (c) return rec.put("countryOfOrigin", c, 0.8, sourceOfLine(line));
  }
  return null;
}

function putParty(rec: FieldRecorder, path: string, party: Party, hit: { confidence: number; source: FieldHit["source"] }) {
  rec.put(`${path}.name`, party.name, hit.confidence, hit.source);
  rec.put(`${path}.address`, party.address, hit.confidence * 0.9, hit.source);
  rec.put(`${path}.country`, party.country, hit.confidence * 0.85, hit.source);
}

/** Reads the parties of `roles` in order, never giving two roles the same block. */
function parties(layout: Layout, env: LayoutEnv, rec: FieldRecorder, roles: Array<[string, string[]]>): Record<string, Party | null> {
  const used = new Set<number>();
  const out: Record<string, Party | null> = {};
  for (const [path, keys] of roles) {
    const block = findBlock(layout, env.dict, keys, (at) => used.has(at));
    if (!block) {
      out[path] = null;
      continue;
    }
    used.add(block.at);
    const party = partyOf(block, env.countries, env.dict);
    putParty(rec, path, party, block);
    out[path] = party;
  }
  return out;
}

/**
 * An unlabelled issuer: the letterhead, i.e. the first company name (legal form) on page 1 that
 * starts the page's top block, with the aligned lines under it as its address.
 */
function letterhead(layout: Layout, env: LayoutEnv, rec: FieldRecorder): Party | null {
  const top = layout.lines.filter((l) => l.page === 1).slice(0, 8);
  const big = (l: LLine) => l.y1 - l.y0 > layout.em * 1.4 && l.cells.length === 1 && /[a-z]/.test(l.text) && !/invoice|rechnung|factura|facture|packing|bill of lading/i.test(l.text);
  let k = top.findIndex((l) => hasLegalSuffix(l.cells[0]!.text) && !env.dict.match("fields", l.cells[0]!.text));
  // A name set in large type at the top of the page is the letterhead even without a legal form.
  if (k < 0 || (top[0] && big(top[0]) && k > 0)) k = top[0] && big(top[0]) ? 0 : k;
  if (k < 0) return null;
  const first = top[k]!;
  const cell = first.cells[0]!;
  const lines = [cell.text];
  let last = first;
  for (const l of top.slice(k + 1)) {
    const c = l.cells[0]!;
    const centred = Math.abs((c.x0 + c.x1) / 2 - (cell.x0 + cell.x1) / 2) < layout.em * 2;
    if (l.y0 - last.y1 > layout.em * 1.6 || (Math.abs(c.x0 - cell.x0) > layout.em && !centred) || env.dict.match("fields", c.text)) break;
    lines.push(c.text);
    last = l;
  }
  const party = partyOf({ lines, source: sourceOfLine(first), confidence: 0.7, at: -1 }, env.countries, env.dict);
  putParty(rec, "seller", party, { confidence: 0.7, source: sourceOfLine(first) });
  return party;
}

function num(text: string | undefined, ctx: ValueContext): number | null {
  if (!text) return null;
  // "2 037,64": a space as thousands separator inside one cell.
  const joined = text.replace(/[$€£¥]/g, " ").replace(/(?<![\d.,])(\d{1,3})((?: \d{3})+)(?![\d])/g, (_, a: string, b: string) => a + b.replace(/ /g, ""));
  const n = findNumbers(joined, ctx);
  return n.length ? n[n.length - 1]!.value : null;
}

const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.011, Math.abs(b) * 0.001);

/**
 * Quantity, price and amount of a row; when they disagree, other readings of the printed tokens
 * (the other decimal convention, OCR letter/digit swaps) are tried and the first that agrees wins.
 */
function rowNumbers(row: TableRow, ctx: ValueContext): { q: number | null; p: number | null; a: number | null; checked: boolean } {
  const readings = (t: string | undefined): Array<number | null> => {
    if (!t) return [null];
    const base = t.replace(/[$€£¥]|\b[A-Z]{3}\b/g, " ").trim();
    const token = /[\d.,'OoIlSB|]*\d[\d.,'OoIlSB|]*/.exec(base)?.[0] ?? base;
    const vals = [num(base, ctx), num(base, { ...ctx, decimalComma: !ctx.decimalComma }), ...numericVariants(token).map((v) => parseNumber(v, ctx))];
    return [...new Set(vals)];
  };
  const qs = readings(row.cells.quantity);
  const ps = readings(row.cells.unitPrice);
  const as = readings(row.cells.amount);
  for (const q of qs) for (const p of ps) for (const a of as) if (q !== null && p !== null && a !== null && close(q * p, a)) return { q, p, a, checked: true };
  return { q: qs[0] ?? null, p: ps[0] ?? null, a: as[0] ?? null, checked: false };
}

function unitOf(row: TableRow, table: Table): string | null {
  const raw = row.cells.unit ?? /\d\s*([A-Za-z.]{1,6})\s*$/.exec(row.cells.quantity ?? "")?.[1] ?? table.columns.find((c) => c.kind === "quantity")?.unit ?? null;
  return raw;
}

function invoiceLines(tables: Table[], env: LayoutEnv, rec: FieldRecorder, docOrigin: string | null): InvoiceLine[] {
  const items: InvoiceLine[] = [];
  for (const t of tables) {
    if (!t.columns.some((c) => c.kind === "amount" || c.kind === "unitPrice")) continue;
    for (const row of t.rows) {
      const { q, p, a, checked } = rowNumbers(row, env.ctx);
      let description = (row.cells.description ?? "").replace(/\s+/g, " ").trim() || null;
      let hts = row.cells.hts ? (HTS_IN_TEXT.exec(row.cells.hts)?.[1] ?? (/^\d{6,10}$/.test(row.cells.hts.replace(/\s/g, "")) ? row.cells.hts.replace(/\s/g, "") : null)) : null;
      if (!hts && description) {
        const m = HTS_IN_TEXT.exec(description);
        if (m && /(?:hts|hs)[^\d]{0,8}$/i.test(description.slice(0, m.index))) {
          hts = m[1]!;
          description = description.replace(new RegExp(`\\s*(?:hts|hs)(?: code)?[:\\s]*${m[1]!.replace(/\./g, "\\.")}`, "i"), "").trim();
        }
      }
      if (!description && a === null) continue;
      const unitRaw = unitOf(row, t);
      const item: InvoiceLine = {
        description,
        partNumber: row.cells.partNumber?.trim() || null,
        quantity: q,
        unit: normaliseUnit(unitRaw?.replace(/[()]/g, ""))?.code ?? null,
        unitRaw: unitRaw ?? null,
        unitPrice: p,
        amount: a,
        htsCode: hts,
        countryOfOrigin: country(row.cells.origin, env) ?? docOrigin,
        netWeightKg: row.cells.netWeight ? weightKg(row.cells.netWeight, env.ctx) : null,
        grossWeightKg: row.cells.grossWeight ? weightKg(row.cells.grossWeight, env.ctx) : null,
      };
      const n = items.length;
      const src = sourceOfLine(row.lines[0]!);
      // Numbers that disagree lower confidence more than a check that could not be made.
      const confidence = checked ? 0.92 : q !== null && p !== null && a !== null ? 0.7 : 0.85;
      for (const [k, v] of Object.entries(item)) rec.put(`lineItems[${n}].${k}`, v, confidence, src);
      items.push(item);
    }
  }
  return items;
}

/** Totals by label: value right of (or below) the label; of several "Total" labels the last wins. */
function totalOf(layout: Layout, env: LayoutEnv, key: string, table: Table | undefined): { value: number; hit: FieldHit | null; line: LLine } | null {
  const hits = labelCells(layout, env.dict, "totals", [key]);
  let best: { value: number; hit: FieldHit | null; line: LLine } | null = null;
  for (const h of hits) {
    // A year in a dated line ("TOTAL AMOUNT DUE ON August 3, 2014") is not an amount.
    const isDated = (t: string) => findDates(t, env.ctx).length > 0 || /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i.test(t);
    const dated = isDated(h.line.text);
    const rest = h.rest !== "" && !isDated(h.rest) ? num(h.rest.replace(/^[A-Z]{3}\b/, ""), env.ctx) : null;
    const right = h.line.cells
      .slice(h.ci + 1)
      .filter((c) => !(dated && /^\D*(?:19|20)\d{2}\D*$/.test(c.text)) && findDates(c.text, env.ctx).length === 0)
      .map((c) => num(c.text.replace(/%.*$/, ""), env.ctx))
      .find((v) => v !== null);
    const value = rest ?? right ?? null;
    if (value === null) continue;
    // A total line inside a table (the amount column of its totals row) is preferred when present.
    best = { value, hit: null, line: h.line };
    if (key !== "total") break;
  }
  if (!best && table?.totals && key === "total") {
    const v = num(table.totals.amount, env.ctx);
    if (v !== null) best = { value: v, hit: null, line: table.totalsLine! };
  }
  return best;
}

/** Extracts a commercial invoice from the layout. */
export function layoutInvoice(layout: Layout, env: LayoutEnv): { data: InvoiceData; rec: FieldRecorder } {
  const rec = new FieldRecorder();
  const { ctx, dict } = env;
  const f = (path: string, keys: string[], accept: (v: string) => boolean, map: (v: string) => string | null = (v) => v) => {
    const hit = findField(layout, dict, keys, accept);
    return hit ? rec.put(path, map(hit.value), hit.confidence, hit.source) : null;
  };
  const invoiceNumber = f(
    "invoiceNumber",
    ["invoiceNumber"],
    (v) => /\d/.test(v) && /[A-Za-z0-9]{2}/.test(v) && findDates(v, ctx).length === 0,
    (v) => v.replace(/^[#:.\s]+/, "").split(/\s+/)[0]!.replace(/[,;]$/, ""),
  );
  const invoiceDate = f("invoiceDate", ["invoiceDate"], hasDate(ctx), (v) => findDates(v, ctx)[0]!.iso);
  const tables = findTables(layout, dict, ["amount", "unitPrice", "quantity"]);
  const headerCurrency = tables.flatMap((t) => t.columns).find((c) => c.currency)?.currency ?? null;
  let currency = f("currency", ["currency"], (v) => parseCurrency(v.split(/\s/)[0], env.knowledgeDir) !== null, (v) => parseCurrency(v.split(/\s/)[0], env.knowledgeDir));
  if (!currency && headerCurrency) currency = rec.put("currency", headerCurrency, 0.85, sourceOfLine(tables[0]!.header));
  if (!currency) {
    // A currency stated once in running text ("All prices in EUR.").
    for (const line of layout.lines) {
      const m = /\b(?:in|en|currency|devise|währung|moneda)\s+([A-Z]{3})\b/i.exec(line.text);
      const code = m ? parseCurrency(m[1]!.toUpperCase(), env.knowledgeDir) : null;
      if (code) {
        currency = rec.put("currency", code, 0.75, sourceOfLine(line));
        break;
      }
    }
  }
  const incoHit = findField(layout, dict, ["incoterms"], (v) => INCOTERMS.test(v));
  const incoterms = incoHit ? rec.put("incoterms", INCOTERMS.exec(incoHit.value)![1]!.replace(/^(CNF|C&F)$/, "CFR"), incoHit.confidence, incoHit.source) : null;
  const incotermsPlace = incoHit ? rec.put("incotermsPlace", incoHit.value.slice(INCOTERMS.exec(incoHit.value)!.index + 3).replace(/^[\s,-]+/, "").trim() || null, incoHit.confidence * 0.9, incoHit.source) : null;
  const paymentTerms = f("paymentTerms", ["paymentTerms"], (v) => /[A-Za-z]{2}/.test(v));
  const origin = documentOrigin(layout, env, rec);
  const p = parties(layout, env, rec, [["seller", ["seller"]], ["buyer", ["buyer"]], ["shipTo", ["shipTo"]], ["importerOfRecord", ["importerOfRecord"]]]);
  if (!p.seller) p.seller = letterhead(layout, env, rec);
  const lineItems = invoiceLines(tables, env, rec, origin);
  const main = tables.find((t) => t.columns.some((c) => c.kind === "amount"));
  const t = (key: string, path = key) => {
    const hit = totalOf(layout, env, key, main);
    return hit ? rec.put(`totals.${path}`, Math.abs(hit.value), 0.85, sourceOfLine(hit.line)) : null;
  };
  const data: InvoiceData = {
    type: "invoice",
    invoiceNumber,
    invoiceDate,
    currency,
    incoterms,
    incotermsPlace,
    paymentTerms,
    seller: p.seller ?? emptyParty(),
    buyer: p.buyer ?? emptyParty(),
    importerOfRecord: p.importerOfRecord ?? null,
    shipTo: p.shipTo ?? null,
    countryOfOrigin: origin,
    marks: null,
    lineItems,
    totals: { subtotal: t("subtotal"), freight: t("freight"), insurance: t("insurance"), discount: t("discount"), otherCharges: null, tax: t("tax"), total: t("total") },
  };
  return { data, rec };
}

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

/** Extracts a bill of lading from the layout. */
export function layoutBillOfLading(layout: Layout, env: LayoutEnv): { data: BillOfLadingData; rec: FieldRecorder } {
  const rec = new FieldRecorder();
  const { ctx, dict } = env;
  const f = (path: string, keys: string[], accept: (v: string) => boolean, map: (v: string) => string | null = (v) => v.trim()) => {
    const hit = findField(layout, dict, keys, accept);
    return hit ? rec.put(path, map(hit.value), hit.confidence, hit.source) : null;
  };
  const token = (v: string) => v.replace(/^[#:.\s]+/, "").split(/\s+/)[0]!;
  const text = layout.lines.map((l) => l.text).join("\n");
  const documentKind = /air\s*waybill|airway\s*bill|\bawb\b/i.test(text) ? "air_waybill" : /sea\s*waybill/i.test(text) ? "sea_waybill" : "bill_of_lading";
  const number = f("billOfLadingNumber", ["billOfLadingNumber"], (v) => /\d{4,}/.test(v), token);
  const booking = f("bookingNumber", ["bookingNumber"], (v) => /\d{4,}/.test(v), token);
  const carrierName = f("carrier.name", ["carrier"], (v) => /[A-Za-z]{3}/.test(v));
  let scac = f("carrier.scac", ["scac"], (v) => isScacShape(v.trim().split(/\s/)[0]!.toUpperCase()), (v) => v.trim().split(/\s/)[0]!.toUpperCase());
  if (!scac && number && /^[A-Z]{4}\d/.test(number) && documentKind !== "air_waybill") scac = rec.put("carrier.scac", number.slice(0, 4), 0.5, rec.provenance.billOfLadingNumber?.source ?? null);
  let vessel = f("vessel", ["vessel"], (v) => /[A-Za-z]{2}/.test(v));
  let voyage = f("voyage", ["voyage"], (v) => /\d/.test(v), token);
  if (vessel) {
    const m = /^(.*?)\s*(?:\/|\bV\.|\bVOY\.?)\s*([A-Z0-9-]+)\s*$/i.exec(vessel);
    if (m && /\d/.test(m[2]!)) {
      vessel = rec.put("vessel", m[1]!.trim(), 0.85, rec.provenance.vessel!.source);
      voyage = voyage ?? rec.put("voyage", m[2]!, 0.85, rec.provenance.vessel!.source);
    }
  }
  const place = (v: string) => /[A-Za-z]{3}/.test(v) && !dict.isLabel(v);
  // OCR reads a capital L at the start of a place name as "1." or "I." ("1.OS ANGELES").
  const cleanPlace = (v: string) => v.trim().replace(/^(?:1\.|I\.|\|\.?)(?=[A-Z]{2})/, "L");
  const portOfLoading = f("portOfLoading", ["portOfLoading"], place, cleanPlace);
  const portOfDischarge = f("portOfDischarge", ["portOfDischarge"], place, cleanPlace);
  const placeOfReceipt = f("placeOfReceipt", ["placeOfReceipt"], place, cleanPlace);
  const placeOfDelivery = f("placeOfDelivery", ["placeOfDelivery"], place, cleanPlace);
  const p = parties(layout, env, rec, [["shipper", ["seller"]], ["consignee", ["buyer"]], ["notifyParty", ["notifyParty"]]]);
  const containers: BillOfLadingData["containers"] = [];
  const seen = new Set<string>();
  layout.lines.forEach((line, li) => {
    for (const c of findContainers(line.text)) {
      if (seen.has(c.number)) continue;
      seen.add(c.number);
      const after = line.text.slice(c.index + c.length);
      const next = layout.lines[li + 1]?.page === line.page ? (layout.lines[li + 1]?.text ?? "") : "";
      const seal = /^\s*(?:\/|\s)\s*([A-Z]{0,4}-?\d{5,}[A-Z]?)\b/.exec(after) ?? /seal\s*(?:no\.?|#|number)?\s*[:.]?\s*([A-Z0-9-]{5,})/i.exec(`${after} ${next}`);
      const size = /\b(20|40|45)\s?'?\s?(GP|DV|HC|HQ|RF|OT|FR|ST)\b/i.exec(`${after} ${next}`);
      const n = containers.length;
      containers.push({ number: c.number, seal: seal ? seal[1]! : null, sizeType: size ? `${size[1]}${size[2]!.toUpperCase()}` : null });
      rec.put(`containers[${n}].number`, c.number, 0.95, sourceOfLine(line));
      rec.put(`containers[${n}].seal`, containers[n]!.seal, 0.8, sourceOfLine(line));
      rec.put(`containers[${n}].sizeType`, containers[n]!.sizeType, 0.7, sourceOfLine(line));
    }
  });
  const pkgLine = layout.lines.find((l) => /\b\d[\d,.]*\s*(?:cartons?|ctns|packages|pallets|pkgs|cases|bales|rolls|drums)\b/i.test(l.text));
  const pkgHit = findField(layout, dict, ["packages"], (v) => /\d/.test(v));
  const pkgText = pkgHit?.value ?? (pkgLine ? /\b\d[\d,.]*\s*(?:cartons?|ctns|packages|pallets|pkgs|cases|bales|rolls|drums)\b/i.exec(pkgLine.text)![0] : null);
  const pkg = pkgText ? packageCount(pkgText, ctx) : null;
  const pkgSrc = pkgHit?.source ?? (pkgLine ? sourceOfLine(pkgLine) : null);
  const packages = pkg ? rec.put("packages", pkg.count, 0.8, pkgSrc) : null;
  const packageKind = pkg ? rec.put("packageKind", pkg.kind, 0.8, pkgSrc) : null;
  const kgLine = layout.lines.find((l) => /\d[\d,.]*\s*(?:kgs?|lbs)\b/i.test(l.text));
  const gwHit = findField(layout, dict, ["grossWeight"], (v) => /\d/.test(v));
  const gwText = gwHit?.value ?? (kgLine ? /\d[\d,.]*\s*(?:kgs?|lbs)\b/i.exec(kgLine.text)![0] : null);
  const grossWeightKg = gwText ? rec.put("grossWeightKg", weightKg(gwText, ctx), 0.8, gwHit?.source ?? (kgLine ? sourceOfLine(kgLine) : null)) : null;
  const cbmLine = layout.lines.find((l) => /\d[\d,.]*\s*(?:cbm|m3|m³)\b/i.test(l.text));
  const volHit = findField(layout, dict, ["volume"], (v) => /\d/.test(v));
  const volText = volHit?.value ?? (cbmLine ? /\d[\d,.]*\s*(?:cbm|m3|m³)\b/i.exec(cbmLine.text)![0] : null);
  const volumeM3 = volText ? rec.put("volumeM3", findNumbers(volText, ctx)[0]?.value ?? null, 0.8, volHit?.source ?? (cbmLine ? sourceOfLine(cbmLine) : null)) : null;
  const date = (v: string) => findDates(v, ctx)[0]?.iso ?? null;
  const onBoardDate = f("onBoardDate", ["onBoardDate"], hasDate(ctx), date);
  const dateOfIssue = f("dateOfIssue", ["dateOfIssue"], hasDate(ctx), date);
  const freightLine = layout.lines.find((l) => /\bfreight\s*(?:prepaid|collect)\b|\b(?:prepaid|collect)\b/i.test(l.text));
  const freightTerms = freightLine ? rec.put("freightTerms", /prepaid/i.test(freightLine.text) ? "prepaid" : "collect", 0.8, sourceOfLine(freightLine)) : null;
  const data: BillOfLadingData = {
    type: "bill_of_lading",
    documentKind,
    billOfLadingNumber: number,
    bookingNumber: booking,
    carrier: { name: carrierName, scac },
    vessel,
    voyage,
    flight: null,
    portOfLoading,
    portOfDischarge,
    placeOfReceipt,
    placeOfDelivery,
    shipper: p.shipper ?? emptyParty(),
    consignee: p.consignee ?? emptyParty(),
    notifyParty: p.notifyParty ?? emptyParty(),
    containers,
    packages,
    packageKind,
    grossWeightKg,
    volumeM3,
    dateOfIssue,
    onBoardDate,
    freightTerms,
    goodsDescription: null,
  };
  void countryOfLines;
  return { data, rec };
}
