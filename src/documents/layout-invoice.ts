/**
 * The layout reader of commercial invoices: header fields, seller (labelled or letterhead) and
 * buyer, the line-item table and the totals. Validation drives the reading: a table row whose
 * quantity x price differs from its amount is re-read with the other decimal convention and OCR
 * digit fixes before it is kept as printed.
 */
import { parseCurrency } from "../domain/currencies.ts";
import { normaliseUnit } from "../domain/units.ts";
import { numericVariants } from "./checks.ts";
import { hasLegalSuffix } from "./labels.ts";
import type { Layout, LLine } from "./layout.ts";
import { findField, labelCells, sourceOfLine, type FieldHit } from "./layout-fields.ts";
import { partyOf } from "./layout-parties.ts";
import { findTables, type Table, type TableRow } from "./layout-table.ts";
import { findDates, parseNumber, type ValueContext } from "./parse-values.ts";
import { FieldRecorder } from "./recorder.ts";
import { emptyParty, type InvoiceData, type InvoiceLine, type Party } from "./schemas.ts";
import { weightKg } from "./weights.ts";
import { country, hasDate, num, parties, putParty, type LayoutEnv } from "./layout-common.ts";

const INCOTERMS = /\b(EXW|FCA|FAS|FOB|CFR|CIF|CPT|CIP|DAP|DPU|DDP|DAT|DDU|CNF|C&F)\b/;
const HTS_IN_TEXT = /(?<![\d.])(\d{4}\.\d{2}(?:\.\d{2,4})?)(?![\d])/;

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
