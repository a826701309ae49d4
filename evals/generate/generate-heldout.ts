/**
 * Held-apart generator: a second, independently written generator (pdf-lib instead of pdfkit)
 * with its own layout families and vocabulary, for measuring the extractor on layouts it was not
 * developed on. Nothing in the extractor is tuned on its output; its score is reported as is.
 *
 * Families: a boxed-grid invoice (parties in framed boxes with small-caps labels, a reference box
 * with labels left of values, ruled table, currency stated once in a footer or a header such as
 * "PRICE (EUR)", spaces as thousands separators), a letter-style invoice (centred letterhead, the
 * buyer as "Messrs.", reference labels above their values, descriptions wrapping over two or three
 * lines with the numbers centred on the row), a packing list with weights written with their unit
 * in each cell, and a numbered-box sea waybill with vessel and voyage in one box.
 *
 * Run: npx tsx evals/generate/generate-heldout.ts
 */
import fs from "node:fs";
import path from "node:path";
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { PROJECT_ROOT } from "../../src/config.ts";
import { degrade, mulberry32, type Rng } from "./render.ts";

const OUT = path.join(PROJECT_ROOT, "evals", "datasets", "documents", "heldout");

interface Firm { name: string; addr: string[]; cc: string; origin: string }
const EXPORTERS: Firm[] = [
  { name: "Tessitura Bellini S.p.A.", addr: ["Via Roma 118", "22100 Como (CO), Italy"], cc: "IT", origin: "Italy" },
  { name: "Fábrica de Louça Ribeiro Lda.", addr: ["Rua do Comércio 45", "3780-101 Anadia, Portugal"], cc: "PT", origin: "Portugal" },
  { name: "Manufacturas del Bajío S.A. de C.V.", addr: ["Blvd. Industrial 2200", "León, Gto. 37490, Mexico"], cc: "MX", origin: "Mexico" },
  { name: "Hanil Precision Co., Ltd.", addr: ["77 Gongdan-ro, Seongsan-gu", "Changwon 51567, Korea"], cc: "KR", origin: "Korea" },
  { name: "Sialkot Sports Works (Pvt) Ltd.", addr: ["Small Industrial Estate, Ugoki Road", "Sialkot 51310, Pakistan"], cc: "PK", origin: "Pakistan" },
  { name: "PT Jaya Furniture Indonesia", addr: ["Jl. Raya Semarang-Demak Km 9", "Semarang 50111, Indonesia"], cc: "ID", origin: "Indonesia" },
  { name: "Zaklady Metalowe Nowak Sp. z o.o.", addr: ["ul. Fabryczna 3", "41-200 Sosnowiec, Poland"], cc: "PL", origin: "Poland" },
];
const IMPORTERS: Firm[] = [
  { name: "Cascade Retail Group Inc.", addr: ["1201 Third Avenue", "Seattle, WA 98101, United States"], cc: "US", origin: "" },
  { name: "Lone Star Sporting Goods LLC", addr: ["4400 Irving Blvd", "Dallas, TX 75247, United States"], cc: "US", origin: "" },
  { name: "Peachtree Home Furnishings Corp.", addr: ["990 Marietta Street NW", "Atlanta, GA 30318, United States"], cc: "US", origin: "" },
  { name: "Keystone Industrial Supply Inc.", addr: ["250 Liberty Avenue", "Pittsburgh, PA 15222, United States"], cc: "US", origin: "" },
];
const ITEMS: Array<{ d: string; hs: string; uom: string; code: string; p: [number, number] }> = [
  { d: "Silk necktie, 100% silk, woven jacquard", hs: "6215.10.0040", uom: "PCS", code: "No.", p: [6, 18] },
  { d: "Wool suiting fabric 98% wool 2% elastane, 150 cm", hs: "5112.19.9560", uom: "M", code: "m", p: [9, 22] },
  { d: "Stoneware dinner set, 18 pieces, glazed", hs: "6912.00.3510", uom: "SET", code: "No.", p: [14, 40] },
  { d: "Leather work boots, steel toe, men's", hs: "6403.40.6000", uom: "PR", code: "pairs", p: [18, 45] },
  { d: "Hand-stitched soccer ball, size 5, PU cover", hs: "9506.62.4080", uom: "PCS", code: "No.", p: [3, 9] },
  { d: "Teak wood dining chair with rattan seat", hs: "9401.69.6011", uom: "PCS", code: "No.", p: [25, 70] },
  { d: "Hex bolts M12 x 80, zinc plated steel, grade 8.8", hs: "7318.15.2095", uom: "KG", code: "kg", p: [1, 4] },
  { d: "Ball bearings 6204-2RS, chrome steel", hs: "8482.10.5044", uom: "PCS", code: "No.", p: [0.5, 2] },
  { d: "Cotton denim jeans, women's, 98% cotton 2% spandex", hs: "6204.62.4011", uom: "DOZ", code: "doz.", p: [60, 120] },
];
type Lg = "en" | "de" | "es" | "fr";
const W: Record<Lg, Record<string, string>> = {
  en: { inv: "COMMERCIAL INVOICE", no: "Invoice No.", date: "Invoice Date", exp: "EXPORTER", imp: "IMPORTER", messrs: "Messrs.", terms: "Terms", desc: "DESCRIPTION OF GOODS", hs: "H.S. CODE", qty: "QUANTITY", uom: "UOM", price: "UNIT PRICE", value: "TOTAL VALUE", total: "TOTAL", ccy: "All prices in", origin: "Country of Manufacture", pl: "PACKING LIST", pkgs: "PACKAGES", nw: "NET WEIGHT", gw: "GROSS WEIGHT", meas: "MEASUREMENT", ref: "Invoice Ref." },
  de: { inv: "HANDELSRECHNUNG", no: "Rechnungs-Nr.", date: "Rechnungsdatum", exp: "LIEFERANT", imp: "KUNDE", messrs: "Firma", terms: "Lieferbedingung", desc: "BEZEICHNUNG", hs: "WARENNUMMER", qty: "ANZAHL", uom: "EINHEIT", price: "PREIS", value: "WERT", total: "GESAMT", ccy: "Alle Preise in", origin: "Ursprungsland", pl: "PACKLISTE", pkgs: "PACKSTÜCKE", nw: "NETTO", gw: "BRUTTO", meas: "VOLUMEN", ref: "Rechnungsnummer" },
  es: { inv: "FACTURA COMERCIAL", no: "Número de factura", date: "Fecha", exp: "EXPORTADOR", imp: "IMPORTADOR", messrs: "Señores", terms: "Incoterm", desc: "DESCRIPCIÓN", hs: "CÓDIGO ARANCELARIO", qty: "CANTIDAD", uom: "UNIDAD", price: "PRECIO", value: "VALOR", total: "TOTAL", ccy: "Precios en", origin: "País de origen", pl: "LISTA DE EMPAQUE", pkgs: "BULTOS", nw: "PESO NETO", gw: "PESO BRUTO", meas: "VOLUMEN", ref: "Factura N°" },
  fr: { inv: "FACTURE", no: "Numéro de facture", date: "Date", exp: "FOURNISSEUR", imp: "CLIENT", messrs: "Messieurs", terms: "Incoterm", desc: "DÉSIGNATION", hs: "NOMENCLATURE", qty: "QUANTITÉ", uom: "UNITÉ", price: "PRIX", value: "VALEUR", total: "TOTAL", ccy: "Prix en", origin: "Pays d'origine", pl: "LISTE DE COLISAGE", pkgs: "COLIS", nw: "POIDS NET", gw: "POIDS BRUT", meas: "VOLUME", ref: "Facture N°" },
};

const choose = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const r2 = (n: number) => Math.round(n * 100) / 100;
function money(n: number, style: "us" | "eu" | "space", dp = 2): string {
  const [i, f] = n.toFixed(dp).split(".");
  const sep = style === "us" ? "," : style === "eu" ? "." : " ";
  const g = i!.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return f ? g + (style === "us" ? "." : ",") + f : g;
}
const isoDate = (r: Rng) => `2026-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;
function printed(iso: string, lg: Lg): string {
  const [y, m, d] = iso.split("-");
  return lg === "en" ? `${m}/${d}/${y}` : lg === "de" ? `${d}.${m}.${y}` : `${d}-${m}-${y}`;
}

class Canvas {
  page!: PDFPage;
  constructor(readonly pdf: PDFDocument, readonly font: PDFFont, readonly bold: PDFFont) {
    this.add();
  }
  add() {
    this.page = this.pdf.addPage([612, 792]);
  }
  text(s: string, x: number, top: number, size = 9, f: PDFFont = this.font) {
    this.page.drawText(s, { x, y: 792 - top - size, size, font: f, color: rgb(0.1, 0.1, 0.1) });
  }
  right(s: string, xRight: number, top: number, size = 9, f: PDFFont = this.font) {
    this.text(s, xRight - f.widthOfTextAtSize(s, size), top, size, f);
  }
  center(s: string, top: number, size = 9, f: PDFFont = this.font) {
    this.text(s, 306 - f.widthOfTextAtSize(s, size) / 2, top, size, f);
  }
  box(x: number, top: number, w: number, h: number) {
    this.page.drawRectangle({ x, y: 792 - top - h, width: w, height: h, borderWidth: 0.7, borderColor: rgb(0, 0, 0) });
  }
  hline(x0: number, x1: number, top: number) {
    this.page.drawLine({ start: { x: x0, y: 792 - top }, end: { x: x1, y: 792 - top }, thickness: 0.5 });
  }
  wrap(s: string, width: number, size = 9): string[] {
    const out: string[] = [];
    let cur = "";
    for (const w of s.split(" ")) {
      const t = cur ? `${cur} ${w}` : w;
      if (this.font.widthOfTextAtSize(t, size) > width && cur) {
        out.push(cur);
        cur = w;
      } else cur = t;
    }
    if (cur) out.push(cur);
    return out;
  }
}

async function invoiceDoc(r: Rng, lg: Lg, family: "grid" | "letter") {
  const w = W[lg];
  const exp = choose(r, EXPORTERS);
  const imp = choose(r, IMPORTERS);
  const style = lg === "en" ? "us" : lg === "fr" ? choose(r, ["space", "eu"] as const) : "eu";
  const ccy = choose(r, ["EUR", "USD"]);
  const n = 2 + Math.floor(r() * 9);
  const lines = Array.from({ length: n }, () => {
    const it = choose(r, ITEMS);
    const q = it.uom === "KG" ? 100 + Math.floor(r() * 5000) : 12 + Math.floor(r() * 1200);
    const p = r2(it.p[0] + r() * (it.p[1] - it.p[0]));
    return { ...it, q, p, a: r2(q * p) };
  });
  const total = r2(lines.reduce((s, l) => s + l.a, 0));
  const no = `${choose(r, ["F", "FA", "RE", "INV"])}${Math.floor(r() * 9e5) + 1e5}`;
  const date = isoDate(r);
  const inco = choose(r, ["FOB", "FCA", "EXW", "CIF"]);
  const gold = {
    type: "invoice", invoiceNumber: no, invoiceDate: date, currency: ccy, incoterms: inco,
    seller: { name: exp.name, country: exp.cc }, buyer: { name: imp.name, country: imp.cc }, countryOfOrigin: exp.cc,
    lineItems: lines.map((l) => ({ description: l.d, quantity: l.q, unit: l.code, unitPrice: l.p, amount: l.a, htsCode: l.hs, countryOfOrigin: exp.cc })),
    totals: { total },
  };
  const pdf = await PDFDocument.create();
  const c = new Canvas(pdf, await pdf.embedFont(family === "grid" ? StandardFonts.Helvetica : StandardFonts.TimesRoman), await pdf.embedFont(family === "grid" ? StandardFonts.HelveticaBold : StandardFonts.TimesRomanBold));
  let top: number;
  const ccyInHeader = r() < 0.5;
  if (family === "grid") {
    c.text(w.inv, 40, 36, 15, c.bold);
    c.box(40, 64, 260, 78);
    c.text(w.exp, 46, 68, 6.5, c.bold);
    [exp.name, ...exp.addr].forEach((t, i) => c.text(t, 46, 80 + i * 12));
    c.box(312, 64, 260, 78);
    const refs: Array<[string, string]> = [[w.no, no], [w.date, printed(date, lg)], [w.terms, `${inco} ${exp.addr[1]!.split(",")[0]!.replace(/^[\d-]+\s*/, "")}`]];
    refs.forEach(([k, v], i) => {
      c.text(`${k}`, 318, 72 + i * 20, 8, c.bold);
      c.text(v, 440, 72 + i * 20, 9);
    });
    c.box(40, 150, 260, 70);
    c.text(w.imp, 46, 154, 6.5, c.bold);
    [imp.name, ...imp.addr].forEach((t, i) => c.text(t, 46, 166 + i * 12));
    top = 236;
  } else {
    c.center(exp.name, 30, 16, c.bold);
    c.center(exp.addr.join(" - "), 50, 9);
    c.center(w.inv, 76, 13, c.bold);
    c.text(w.messrs, 40, 104, 9, c.bold);
    [imp.name, ...imp.addr].forEach((t, i) => c.text(t, 40, 117 + i * 12));
    const refs: Array<[string, string]> = [[w.no, no], [w.date, printed(date, lg)], [w.terms, `${inco}`]];
    refs.forEach(([k, v], i) => {
      c.text(k, 330 + (i % 2) * 130, 104 + Math.floor(i / 2) * 30, 7.5, c.bold);
      c.text(v, 330 + (i % 2) * 130, 114 + Math.floor(i / 2) * 30, 9);
    });
    top = 180;
  }
  const xs = [40, 80, 300, 380, 440, 480, 520, 572];
  const heads = ["#", w.desc, w.hs, w.qty, w.uom, ccyInHeader ? `${w.price} (${ccy})` : w.price, ccyInHeader ? `${w.value} (${ccy})` : w.value];
  const drawHead = () => {
    c.hline(40, 572, top);
    heads.forEach((h, i) => {
      const words = c.wrap(h, xs[i + 1]! - xs[i]! - 6, 7);
      words.forEach((t, k) => (i >= 3 && i !== 4 ? c.right(t, xs[i + 1]! - 3, top + 4 + k * 9, 7, c.bold) : c.text(t, xs[i]! + 3, top + 4 + k * 9, 7, c.bold)));
    });
    top += 26;
    c.hline(40, 572, top - 3);
  };
  drawHead();
  lines.forEach((l, i) => {
    const desc = c.wrap(l.d, family === "letter" ? 120 : 210, 9);
    const h = desc.length * 11 + 6;
    if (top + h > 720) {
      c.add();
      top = 40;
      drawHead();
    }
    const mid = top + ((desc.length - 1) * 11) / 2;
    const rowTop = family === "letter" ? mid : top;
    c.text(String(i + 1), 43, rowTop);
    desc.forEach((t, k) => c.text(t, 83, top + k * 11));
    c.text(l.hs, 303, rowTop);
    c.right(money(l.q, style, 0), xs[4]! - 3, rowTop);
    c.text(l.uom, 443, rowTop);
    c.right(money(l.p, style), xs[6]! - 3, rowTop);
    c.right(money(l.a, style), xs[7]! - 3, rowTop);
    top += h;
    if (family === "grid") c.hline(40, 572, top - 3);
  });
  top += 6;
  c.right(`${w.total} ${inco}`, xs[6]! - 3, top, 9, c.bold);
  c.right(money(total, style), xs[7]! - 3, top, 9, c.bold);
  top += 24;
  if (!ccyInHeader) c.text(`${w.ccy} ${ccy}.`, 40, top);
  c.text(`${w.origin}: ${exp.origin}`, 40, top + 14);
  return { pdf: Buffer.from(await pdf.save()), gold };
}

async function packingDoc(r: Rng, lg: Lg) {
  const w = W[lg];
  const exp = choose(r, EXPORTERS);
  const imp = choose(r, IMPORTERS);
  const style = lg === "en" ? "us" : "eu";
  const n = 2 + Math.floor(r() * 7);
  const rows = Array.from({ length: n }, () => {
    const it = choose(r, ITEMS);
    const pk = 2 + Math.floor(r() * 40);
    const q = pk * choose(r, [10, 20, 25, 48]);
    const nw = r2(pk * (4 + r() * 15));
    const gw = r2(nw + pk * (0.4 + r() * 1.5));
    return { d: it.d, pk, q, nw, gw };
  });
  const sum = (k: "pk" | "q" | "nw" | "gw") => r2(rows.reduce((s, x) => s + x[k], 0));
  const ref = `${choose(r, ["F", "RE", "INV"])}${Math.floor(r() * 9e5) + 1e5}`;
  const date = isoDate(r);
  const gold = {
    type: "packing_list", invoiceNumber: ref, date,
    shipper: { name: exp.name, country: exp.cc }, consignee: { name: imp.name, country: imp.cc },
    lineItems: rows.map((x) => ({ description: x.d, cartons: x.pk, quantity: x.q, netWeightKg: x.nw, grossWeightKg: x.gw })),
    totals: { cartons: sum("pk"), quantity: sum("q"), netWeightKg: sum("nw"), grossWeightKg: sum("gw") },
  };
  const pdf = await PDFDocument.create();
  const c = new Canvas(pdf, await pdf.embedFont(StandardFonts.Helvetica), await pdf.embedFont(StandardFonts.HelveticaBold));
  c.right(w.pl, 572, 36, 15, c.bold);
  c.text(w.exp, 40, 70, 7, c.bold);
  [exp.name, ...exp.addr].forEach((t, i) => c.text(t, 40, 81 + i * 11));
  c.text(w.imp, 40, 130, 7, c.bold);
  [imp.name, ...imp.addr].forEach((t, i) => c.text(t, 40, 141 + i * 11));
  c.text(`${w.ref}: ${ref}`, 360, 81);
  c.text(`${w.date}: ${printed(date, lg)}`, 360, 94);
  let top = 200;
  const xs = [40, 270, 330, 390, 480, 572];
  const heads = [w.desc, w.pkgs, w.qty, w.nw, w.gw];
  c.hline(40, 572, top);
  heads.forEach((h, i) => (i === 0 ? c.text(h, 43, top + 4, 7, c.bold) : c.right(h, xs[i + 1]! - 3, top + 4, 7, c.bold)));
  top += 18;
  c.hline(40, 572, top - 3);
  for (const x of rows) {
    const desc = c.wrap(x.d, 200);
    desc.forEach((t, k) => c.text(t, 43, top + k * 11));
    c.right(money(x.pk, style, 0), xs[2]! - 3, top);
    c.right(`${money(x.q, style, 0)} PCS`, xs[3]! - 3, top);
    c.right(`${money(x.nw, style)} KGS`, xs[4]! - 3, top);
    c.right(`${money(x.gw, style)} KGS`, xs[5]! - 3, top);
    top += desc.length * 11 + 5;
  }
  c.hline(40, 572, top);
  top += 4;
  c.text(w.total, 43, top, 9, c.bold);
  c.right(money(sum("pk"), style, 0), xs[2]! - 3, top, 9, c.bold);
  c.right(`${money(sum("q"), style, 0)} PCS`, xs[3]! - 3, top, 9, c.bold);
  c.right(`${money(sum("nw"), style)} KGS`, xs[4]! - 3, top, 9, c.bold);
  c.right(`${money(sum("gw"), style)} KGS`, xs[5]! - 3, top, 9, c.bold);
  return { pdf: Buffer.from(await pdf.save()), gold };
}

function checkDigit(s: string): number {
  const v = "0123456789A?BCDEFGHIJK?LMNOPQRSTU?VWXYZ";
  let t = 0;
  for (let i = 0; i < 10; i++) t += v.indexOf(s[i]!) * 2 ** i;
  return (t % 11) % 10;
}

async function waybillDoc(r: Rng) {
  const exp = choose(r, EXPORTERS);
  const imp = choose(r, IMPORTERS);
  const notify = choose(r, IMPORTERS.filter((x) => x !== imp));
  const [carrier, scac] = choose(r, [["ONE Ocean Network Express", "ONEY"], ["Yang Ming Marine Transport", "YMLU"], ["ZIM Integrated Shipping", "ZIMU"], ["HMM Co., Ltd.", "HDMU"]] as const);
  const no = `${scac}${Math.floor(r() * 9e7) + 1e7}`;
  const vessel = choose(r, ["ONE HARMONY", "YM WELLNESS", "ZIM KINGSTON", "HMM ALGECIRAS"]);
  const voy = `${Math.floor(r() * 90) + 10}${choose(r, ["E", "W"])}`;
  const pol = choose(r, ["Genoa", "Leixoes", "Manzanillo", "Busan", "Karachi", "Semarang", "Gdansk"]);
  const pod = choose(r, ["Seattle", "Houston", "Savannah", "New York"]);
  const conts = Array.from({ length: 1 + Math.floor(r() * 2) }, () => {
    const base = `${choose(r, ["ONEU", "YMMU", "ZCSU", "HDMU"])}${Math.floor(r() * 9e5) + 1e5}`;
    return { number: `${base}${checkDigit(base)}`, seal: `${Math.floor(r() * 9e6) + 1e6}` };
  });
  const pk = 20 + Math.floor(r() * 500);
  const gw = r2(2000 + r() * 18000);
  const onb = isoDate(r);
  const gold = {
    type: "bill_of_lading", billOfLadingNumber: no, carrier: { scac }, vessel, voyage: voy, portOfLoading: pol, portOfDischarge: pod,
    shipper: { name: exp.name, country: exp.cc }, consignee: { name: imp.name, country: imp.cc }, notifyParty: { name: notify.name },
    containers: conts, packages: pk, grossWeightKg: gw, onBoardDate: onb,
  };
  const pdf = await PDFDocument.create();
  const c = new Canvas(pdf, await pdf.embedFont(StandardFonts.Courier), await pdf.embedFont(StandardFonts.CourierBold));
  c.text("SEA WAYBILL", 330, 36, 14, c.bold);
  c.text(`${carrier}`, 330, 54, 8);
  c.text(`Waybill No. ${no}`, 330, 70, 9, c.bold);
  const boxes: Array<[number, number, number, number, string, string[]]> = [
    [40, 90, 270, 66, "(1) Shipper", [exp.name, ...exp.addr]],
    [40, 156, 270, 66, "(2) Consignee", [imp.name, ...imp.addr]],
    [40, 222, 270, 66, "(3) Notify Party", [notify.name, ...notify.addr]],
    [310, 90, 262, 33, "(4) SCAC", [scac]],
    [40, 288, 270, 33, "(5) Ocean Vessel / Voy. No.", [`${vessel} / ${voy}`]],
    [310, 288, 131, 33, "(6) Port of Loading", [pol]],
    [441, 288, 131, 33, "(7) Port of Discharge", [pod]],
  ];
  for (const [x, t, w0, h, label, body] of boxes) {
    c.box(x, t, w0, h);
    c.text(label, x + 4, t + 3, 6.5, c.bold);
    body.forEach((b, i) => c.text(b, x + 6, t + 14 + i * 11, 8));
  }
  let top = 335;
  c.text("CONTAINER / SEAL", 40, top, 7, c.bold);
  c.text("PACKAGES", 250, top, 7, c.bold);
  c.text("GROSS WEIGHT", 470, top, 7, c.bold);
  top += 14;
  conts.forEach((k, i) => {
    c.text(`${k.number}  SEAL ${k.seal}  40'HC`, 40, top, 8);
    if (i === 0) {
      c.text(`${pk} PACKAGES`, 250, top, 8);
      c.text(`${money(gw, "us")} KGS`, 470, top, 8);
    }
    top += 13;
  });
  c.text(`SHIPPED ON BOARD ${printed(onb, "en")}`, 40, top + 20, 8, c.bold);
  return { pdf: Buffer.from(await pdf.save()), gold };
}

async function main() {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(path.join(OUT, "scans"), { recursive: true });
  const r = mulberry32(77001);
  let k = 0;
  const save = async (name: string, d: { pdf: Buffer; gold: object }, scan: boolean) => {
    fs.writeFileSync(path.join(OUT, `${name}.pdf`), d.pdf);
    fs.writeFileSync(path.join(OUT, `${name}.json`), JSON.stringify(d.gold, null, 1));
    if (scan) {
      const img = await degrade(d.pdf, r, r() < 0.5 ? "scan" : "photo");
      if (img) {
        fs.writeFileSync(path.join(OUT, "scans", `${name}.${img.ext}`), img.bytes);
        fs.writeFileSync(path.join(OUT, "scans", `${name}.json`), JSON.stringify(d.gold, null, 1));
      }
    }
  };
  const lgs: Lg[] = ["en", "de", "es", "fr"];
  for (let i = 0; i < 16; i++) await save(`h_invoice_${i % 2 ? "letter" : "grid"}_${lgs[i % 4]}_${++k}`, await invoiceDoc(r, lgs[i % 4]!, i % 2 ? "letter" : "grid"), i % 3 === 0);
  for (let i = 0; i < 6; i++) await save(`h_packing_list_${lgs[i % 4]}_${++k}`, await packingDoc(r, lgs[i % 4]!), i % 3 === 0);
  for (let i = 0; i < 6; i++) await save(`h_waybill_${++k}`, await waybillDoc(r), i % 2 === 0);
  console.log(`wrote ${k} held-apart documents to ${OUT}`);
}

await main();
