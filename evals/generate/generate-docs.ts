/**
 * Development generator of synthetic commercial invoices, packing lists and bills of lading with
 * ground truth (evals/datasets/documents/generated/). Layout choices vary per document: buyer
 * beside or below the seller, role labels (Sold to / Bill to / Consignee / Messrs.), header as
 * one or two label columns, values right of or below labels, currency and unit only in column
 * headers, two-line headers, wrapped descriptions, multi-page tables with repeated headers,
 * subtotal / freight rows, origin stated once, 1.234,56 number formats, EN/DE/ES/FR and
 * Chinese-English labels (the last as plain text: no CJK font is installed for PDFs). Some are
 * rendered to images with noise, blur and rotation (scans / photos).
 *
 * The extractor is developed against this set. The held-apart set comes from a different
 * generator (generate-heldout.ts) with its own layouts and vocabulary.
 *
 * Run: npx tsx evals/generate/generate-docs.ts
 */
import fs from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { PROJECT_ROOT } from "../../src/config.ts";
import { BUYERS, CARRIERS, COMPANIES, COUNTRY_NAME, GOODS, L, PORTS, US_PORTS, VESSELS, type Company, type Lang } from "./vocab-a.ts";
import { degrade, mulberry32, type Rng } from "./render.ts";

const OUT = path.join(PROJECT_ROOT, "evals", "datasets", "documents", "generated");
const UNIT_CODE: Record<string, string> = { PCS: "No.", DZ: "doz.", KG: "kg", PRS: "pairs", SETS: "No.", M: "m" };

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const round2 = (n: number) => Math.round(n * 100) / 100;
function fmt(n: number, eu: boolean, dp = 2): string {
  const [i, f] = n.toFixed(dp).split(".");
  const g = i!.replace(/\B(?=(\d{3})+(?!\d))/g, eu ? "." : ",");
  return f ? `${g}${eu ? "," : "."}${f}` : g;
}
function dateText(iso: string, lang: Lang, r: Rng): string {
  const [y, m, d] = iso.split("-");
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  if (lang === "de") return `${d}.${m}.${y}`;
  if (lang === "es" || lang === "fr") return `${d}/${m}/${y}`;
  if (lang === "zh") return iso;
  return pick(r, [iso, `${months[Number(m) - 1]} ${Number(d)}, ${y}`, `${d}-${months[Number(m) - 1]!.slice(0, 3).toUpperCase()}-${y}`]);
}

interface Line { description: string; hts: string; qty: number; unit: string; price: number; amount: number; origin: string }
function makeLines(r: Rng, n: number, origin: string): Line[] {
  return Array.from({ length: n }, () => {
    const g = pick(r, GOODS);
    const qty = g.unit === "KG" ? Math.round(200 + r() * 3000) : Math.round(10 + r() * 990);
    const price = round2(g.price[0] + r() * (g.price[1] - g.price[0]));
    return { description: g.description, hts: g.hts, qty, unit: g.unit, price, amount: round2(qty * price), origin };
  });
}

/** A pdfkit page writer that tracks y and adds pages. */
function newDoc(): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({ size: "A4", margin: 36 });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((res) => doc.on("end", () => res(Buffer.concat(chunks))));
  return { doc, done };
}

function partyBlock(doc: PDFKit.PDFDocument, x: number, y: number, label: string | null, c: Company, inline: boolean): number {
  doc.fontSize(9);
  if (label && inline) {
    doc.font("Helvetica-Bold").text(`${label}: `, x, y, { continued: true }).font("Helvetica").text(c.name);
    y += 12;
  } else {
    if (label) {
      doc.font("Helvetica-Bold").text(label, x, y);
      y += 12;
    }
    doc.font("Helvetica").text(c.name, x, y);
    y += 12;
  }
  for (const l of c.lines) {
    doc.font("Helvetica").text(l, x, y);
    y += 11;
  }
  return y;
}

function fieldPairs(doc: PDFKit.PDFDocument, x: number, y: number, pairs: Array<[string, string]>, style: "right" | "below", cols: 1 | 2): number {
  doc.fontSize(9);
  const colW = 130;
  pairs.forEach(([k, v], i) => {
    const cx = cols === 2 ? x + (i % 2) * 260 : x;
    const cy = cols === 2 ? y + Math.floor(i / 2) * (style === "below" ? 24 : 13) : y + i * (style === "below" ? 24 : 13);
    if (style === "right") {
      doc.font("Helvetica-Bold").text(`${k}:`, cx, cy);
      doc.font("Helvetica").text(v, cx + colW * 0.8, cy);
    } else {
      doc.font("Helvetica-Bold").fontSize(7).text(k, cx, cy);
      doc.font("Helvetica").fontSize(9).text(v, cx, cy + 9);
    }
  });
  const rows = cols === 2 ? Math.ceil(pairs.length / 2) : pairs.length;
  return y + rows * (style === "below" ? 24 : 13);
}

interface Col { key: string; head: string[]; w: number; align: "left" | "right" }

function table(doc: PDFKit.PDFDocument, y: number, cols: Col[], rows: string[][], lang: Lang): number {
  const x0 = 36;
  const header = () => {
    doc.font("Helvetica-Bold").fontSize(8);
    let x = x0;
    const h = Math.max(...cols.map((c) => c.head.length));
    for (const c of cols) {
      c.head.forEach((t, k) => doc.text(t, x + 2, y + k * 10, { width: c.w - 4, align: c.align, lineBreak: false }));
      x += c.w;
    }
    y += h * 10 + 4;
    doc.moveTo(x0, y - 2).lineTo(x, y - 2).lineWidth(0.5).stroke();
  };
  header();
  void lang;
  for (const row of rows) {
    doc.font("Helvetica").fontSize(8);
    const hs = row.map((t, i) => doc.heightOfString(t, { width: cols[i]!.w - 4 }));
    const h = Math.max(...hs) + 4;
    if (y + h > 770) {
      doc.addPage();
      y = 50;
      header();
      doc.font("Helvetica").fontSize(8);
    }
    let x = x0;
    row.forEach((t, i) => {
      doc.text(t, x + 2, y, { width: cols[i]!.w - 4, align: cols[i]!.align });
      x += cols[i]!.w;
    });
    y += h;
  }
  return y;
}

async function invoice(r: Rng, lang: Lang): Promise<{ pdf?: Buffer; text?: string; gold: object }> {
  const lab = L[lang];
  const seller = pick(r, COMPANIES);
  const buyer = pick(r, BUYERS);
  const eu = lang === "de" || lang === "es" || lang === "fr" ? r() < 0.85 : false;
  const currency = pick(r, eu ? ["EUR", "USD"] : ["USD", "USD", "EUR"]);
  const nLines = r() < 0.15 ? 28 + Math.floor(r() * 10) : 2 + Math.floor(r() * 6);
  const originMode = pick(r, ["label", "madein", "column"] as const);
  const lines = makeLines(r, nLines, originMode === "column" ? "" : seller.country);
  if (originMode === "column") for (const l of lines) l.origin = pick(r, [seller.country, "CN", "VN", "IN"]);
  const subtotal = round2(lines.reduce((s, l) => s + l.amount, 0));
  const freight = r() < 0.5 ? round2(100 + r() * 900) : 0;
  const total = round2(subtotal + freight);
  const invNo = pick(r, ["INV", "CI", "EX", "2026"]) + "-" + String(Math.floor(r() * 90000) + 10000) + (r() < 0.3 ? "/A" : "");
  const dateIso = `2026-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;
  const port = pick(r, [...PORTS.filter((p) => p[1] === seller.country).map((p) => p[0] as string), seller.city]);
  const inco = pick(r, ["FOB", "CIF", "EXW", "FCA", "DAP"]);
  const unitInHeader = r() < 0.5;
  const curInHeader = r() < 0.6;
  const oneUnit = unitInHeader ? lines[0]!.unit : null;
  if (oneUnit) for (const l of lines) if (l.unit !== oneUnit) { l.unit = oneUnit; }
  const gold = {
    type: "invoice",
    invoiceNumber: invNo,
    invoiceDate: dateIso,
    currency,
    incoterms: inco,
    seller: { name: seller.name, country: seller.country },
    buyer: { name: buyer.name, country: buyer.country },
    ...(originMode !== "column" ? { countryOfOrigin: seller.country } : {}),
    lineItems: lines.map((l) => ({ description: l.description, quantity: l.qty, unit: UNIT_CODE[l.unit], unitPrice: l.price, amount: l.amount, htsCode: l.hts, countryOfOrigin: l.origin })),
    totals: { subtotal: freight ? subtotal : undefined, freight: freight || undefined, total },
  };
  const cn = COUNTRY_NAME[lang];
  const headerPairs: Array<[string, string]> = [
    [pick(r, lab.invNo!), invNo],
    [pick(r, lab.date!), dateText(dateIso, lang, r)],
    [pick(r, lab.terms!), `${inco} ${port}`],
  ];
  if (!curInHeader) headerPairs.push([pick(r, lab.currency!), currency]);
  if (originMode === "label") headerPairs.push([pick(r, lab.origin!), cn[seller.country]!]);
  const qtyHead = pick(r, lab.qty!);
  const priceHead = pick(r, lab.price!);
  const amountHead = pick(r, lab.amount!);
  const twoLine = r() < 0.5;
  const cols: Col[] = [
    { key: "no", head: [pick(r, lab.no!)], w: 28, align: "left" },
    { key: "desc", head: [pick(r, lab.desc!)], w: 200, align: "left" },
    { key: "hts", head: [pick(r, lab.hts!)], w: 70, align: "left" },
  ];
  if (originMode === "column") cols.push({ key: "origin", head: [pick(r, lab.origin!).split(" ")[0]!], w: 40, align: "left" });
  const unitLabel = oneUnit ? (twoLine ? `(${oneUnit})` : `(${oneUnit})`) : "";
  cols.push({ key: "qty", head: twoLine && oneUnit ? [qtyHead, unitLabel] : [oneUnit ? `${qtyHead} ${unitLabel}` : qtyHead], w: 60, align: "right" });
  if (!oneUnit) cols.push({ key: "unit", head: ["Unit"], w: 30, align: "left" });
  cols.push({ key: "price", head: twoLine && curInHeader ? [priceHead, currency] : [curInHeader ? `${priceHead} ${currency}` : priceHead], w: 65, align: "right" });
  cols.push({ key: "amount", head: twoLine && curInHeader ? [amountHead, currency] : [curInHeader ? `${amountHead} ${currency}` : amountHead], w: 70, align: "right" });
  const rows = lines.map((l, i) =>
    cols.map((c) =>
      c.key === "no" ? String(i + 1) : c.key === "desc" ? l.description : c.key === "hts" ? l.hts : c.key === "origin" ? l.origin : c.key === "qty" ? fmt(l.qty, eu, 0) : c.key === "unit" ? l.unit : c.key === "price" ? fmt(l.price, eu) : fmt(l.amount, eu),
    ),
  );
  const totalRows: Array<[string, number]> = [];
  if (freight) totalRows.push([pick(r, lab.subtotal!), subtotal], [pick(r, lab.freight!), freight]);
  totalRows.push([pick(r, lab.total!), total]);

  if (lang === "zh") {
    // Plain-text rendering with fixed columns.
    const out: string[] = [pick(r, lab.title!), "", `${pick(r, lab.seller!)}:`, seller.name, ...seller.lines, "", `${pick(r, lab.buyer!)}:`, buyer.name, ...buyer.lines, ""];
    for (const [k, v] of headerPairs) out.push(`${k}: ${v}`);
    out.push("");
    const widths = cols.map((c) => Math.max(c.key === "desc" ? 52 : 8, ...c.head.map((h) => h.length + 4)));
    const pad = (t: string, w: number, right: boolean) => (right ? t.padStart(w - 2) + "  " : t.padEnd(w));
    const heads = Math.max(...cols.map((c) => c.head.length));
    for (let k = 0; k < heads; k++) out.push(cols.map((c, i) => pad(c.head[k] ?? "", widths[i]!, c.align === "right")).join(""));
    for (const row of rows) out.push(row.map((t, i) => pad(t, widths[i]!, cols[i]!.align === "right")).join(""));
    out.push("");
    const w = widths.reduce((s, x) => s + x, 0);
    for (const [k, v] of totalRows) out.push(`${k}:`.padStart(w - 16) + fmt(v, false).padStart(14) + "  ");
    if (originMode === "madein") out.push("", `${lab.madeIn![0]} ${cn[seller.country]}`);
    return { text: out.join("\n"), gold };
  }

  const { doc, done } = newDoc();
  const sellerLabelled = r() < 0.7;
  const beside = r() < 0.5;
  let y = 36;
  if (!sellerLabelled) {
    doc.font("Helvetica-Bold").fontSize(14).text(seller.name, 36, y);
    y += 18;
    doc.font("Helvetica").fontSize(9).text(seller.lines.join(", "), 36, y);
    y += 20;
  }
  doc.font("Helvetica-Bold").fontSize(13).text(pick(r, lab.title!), 36, y, { width: 523, align: sellerLabelled ? "center" : "right" });
  y += 26;
  const inline = r() < 0.35;
  const styleR = r() < 0.5 ? "right" : "below";
  if (beside) {
    let y1 = y;
    if (sellerLabelled) y1 = partyBlock(doc, 36, y, pick(r, lab.seller!), seller, inline);
    const y2 = partyBlock(doc, 310, y, pick(r, lab.buyer!), buyer, inline);
    y = Math.max(y1, y2) + 12;
    y = fieldPairs(doc, 36, y, headerPairs, styleR, 2) + 10;
  } else {
    let y1 = y;
    if (sellerLabelled) y1 = partyBlock(doc, 36, y1, pick(r, lab.seller!), seller, inline) + 10;
    y1 = partyBlock(doc, 36, y1, pick(r, lab.buyer!), buyer, inline);
    const y2 = fieldPairs(doc, 330, y, headerPairs, styleR, 1);
    y = Math.max(y1, y2) + 14;
  }
  y = table(doc, y, cols, rows, lang) + 8;
  if (y > 720) {
    doc.addPage();
    y = 50;
  }
  doc.fontSize(9);
  const amountX = 36 + cols.slice(0, -1).reduce((s, c) => s + c.w, 0);
  for (const [k, v] of totalRows) {
    doc.font("Helvetica-Bold").text(k, amountX - 120, y, { width: 115, align: "right" });
    doc.font("Helvetica").text(fmt(v, eu), amountX + 2, y, { width: cols[cols.length - 1]!.w - 4, align: "right" });
    y += 13;
  }
  if (originMode === "madein") doc.font("Helvetica").text(`${lab.madeIn![0]} ${cn[seller.country]}`, 36, y + 10);
  doc.end();
  return { pdf: await done, gold };
}

async function packingList(r: Rng, lang: Exclude<Lang, "zh">): Promise<{ pdf: Buffer; gold: object }> {
  const lab = L[lang];
  const seller = pick(r, COMPANIES);
  const buyer = pick(r, BUYERS);
  const eu = lang !== "en" && r() < 0.8;
  const n = r() < 0.2 ? 30 + Math.floor(r() * 8) : 2 + Math.floor(r() * 6);
  const items = Array.from({ length: n }, () => {
    const g = pick(r, GOODS);
    const cartons = 5 + Math.floor(r() * 60);
    const qty = cartons * pick(r, [12, 24, 36, 50]);
    const nw = round2(cartons * (3 + r() * 12));
    const gw = round2(nw + cartons * (0.5 + r()));
    const cbm = Math.round(cartons * (0.03 + r() * 0.08) * 1000) / 1000;
    return { description: g.description, cartons, qty, nw, gw, cbm };
  });
  const sum = (k: "cartons" | "qty" | "nw" | "gw" | "cbm") => Math.round(items.reduce((s, i) => s + i[k], 0) * 1000) / 1000;
  const plNo = `PL-${Math.floor(r() * 90000) + 10000}`;
  const invNo = `INV-${Math.floor(r() * 90000) + 10000}`;
  const dateIso = `2026-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;
  const gold = {
    type: "packing_list", packingListNumber: plNo, invoiceNumber: invNo, date: dateIso,
    shipper: { name: seller.name, country: seller.country }, consignee: { name: buyer.name, country: buyer.country },
    lineItems: items.map((i) => ({ description: i.description, cartons: i.cartons, quantity: i.qty, netWeightKg: i.nw, grossWeightKg: i.gw, volumeM3: i.cbm })),
    totals: { cartons: sum("cartons"), quantity: sum("qty"), netWeightKg: sum("nw"), grossWeightKg: sum("gw"), volumeM3: sum("cbm") },
  };
  const { doc, done } = newDoc();
  let y = 36;
  doc.font("Helvetica-Bold").fontSize(13).text(pick(r, lab.plTitle!), 36, y, { width: 523, align: "center" });
  y += 26;
  const beside = r() < 0.5;
  const inline = r() < 0.3;
  if (beside) {
    const y1 = partyBlock(doc, 36, y, pick(r, lab.seller!), seller, inline);
    const y2 = partyBlock(doc, 310, y, pick(r, lab.buyer!), buyer, inline);
    y = Math.max(y1, y2) + 12;
  } else {
    y = partyBlock(doc, 36, y, pick(r, lab.seller!), seller, inline) + 8;
    y = partyBlock(doc, 36, y, pick(r, lab.buyer!), buyer, inline) + 8;
  }
  y = fieldPairs(doc, 36, y, [[pick(r, lab.plNo!), plNo], [pick(r, lab.invRef!), invNo], [pick(r, lab.date!), dateText(dateIso, lang, r)]], r() < 0.5 ? "right" : "below", 2) + 10;
  const two = r() < 0.6;
  const cols: Col[] = [
    { key: "desc", head: [pick(r, lab.desc!)], w: 210, align: "left" },
    { key: "cartons", head: [pick(r, lab.cartons!)], w: 50, align: "right" },
    { key: "qty", head: two ? [pick(r, lab.qty!), "(PCS)"] : [`${pick(r, lab.qty!)} (PCS)`], w: 60, align: "right" },
    { key: "nw", head: two ? [pick(r, lab.nw!), "(KG)"] : [`${pick(r, lab.nw!)} (KG)`], w: 65, align: "right" },
    { key: "gw", head: two ? [pick(r, lab.gw!), "(KG)"] : [`${pick(r, lab.gw!)} (KG)`], w: 65, align: "right" },
    { key: "cbm", head: two ? [pick(r, lab.cbm!), "(M3)"] : [`${pick(r, lab.cbm!)} (M3)`], w: 60, align: "right" },
  ];
  const rows = items.map((i) => [i.description, fmt(i.cartons, eu, 0), fmt(i.qty, eu, 0), fmt(i.nw, eu), fmt(i.gw, eu), fmt(i.cbm, eu, 3)]);
  rows.push([pick(r, lab.total!).toUpperCase(), fmt(sum("cartons"), eu, 0), fmt(sum("qty"), eu, 0), fmt(sum("nw"), eu), fmt(sum("gw"), eu), fmt(sum("cbm"), eu, 3)]);
  table(doc, y, cols, rows, lang);
  doc.end();
  return { pdf: await done, gold };
}

function containerNo(r: Rng, owner: string): string {
  const letters = "0123456789A?BCDEFGHIJK?LMNOPQRSTU?VWXYZ";
  const digits = String(Math.floor(r() * 900000) + 100000);
  const s = `${owner}${digits}`;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += letters.indexOf(s[i]!) * 2 ** i;
  return `${s}${(sum % 11) % 10}`;
}

async function billOfLading(r: Rng): Promise<{ pdf: Buffer; gold: object }> {
  const seller = pick(r, COMPANIES);
  const buyer = pick(r, BUYERS);
  const notify = pick(r, BUYERS.filter((b) => b !== buyer));
  const [carrier, scac] = pick(r, CARRIERS);
  const pol = pick(r, PORTS);
  const pod = pick(r, US_PORTS);
  const blNo = `${scac}${Math.floor(r() * 9e8) + 1e8}`;
  const nC = 1 + Math.floor(r() * 3);
  const containers = Array.from({ length: nC }, () => ({ number: containerNo(r, pick(r, ["MSKU", "TGHU", "CMAU", "HLXU", "TCLU"])), seal: `${pick(r, ["ML", "SL", "CS"])}${Math.floor(r() * 900000) + 100000}`, sizeType: pick(r, ["40HC", "20GP", "40GP"]) }));
  const packages = 50 + Math.floor(r() * 900);
  const gw = round2(1000 + r() * 20000);
  const cbm = Math.round((10 + r() * 60) * 1000) / 1000;
  const vessel = pick(r, VESSELS);
  const voyage = `${Math.floor(r() * 900) + 100}${pick(r, ["E", "W", "N", "S"])}`;
  const onBoard = `2026-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 27)).padStart(2, "0")}`;
  const gold = {
    type: "bill_of_lading", billOfLadingNumber: blNo, carrier: { scac }, vessel, voyage,
    portOfLoading: `${pol[0]}`, portOfDischarge: pod,
    shipper: { name: seller.name, country: seller.country }, consignee: { name: buyer.name, country: buyer.country }, notifyParty: { name: notify.name },
    containers: containers.map((c) => ({ number: c.number, seal: c.seal })), packages, grossWeightKg: gw, onBoardDate: onBoard, freightTerms: "prepaid",
  };
  const { doc, done } = newDoc();
  const box = (x: number, y: number, w: number, h: number, label: string, body: string[]) => {
    doc.rect(x, y, w, h).lineWidth(0.6).stroke();
    doc.font("Helvetica").fontSize(6.5).text(label, x + 3, y + 3);
    doc.font("Helvetica").fontSize(8.5);
    body.forEach((b, i) => doc.text(b, x + 4, y + 13 + i * 10.5, { width: w - 8, lineBreak: false }));
  };
  doc.font("Helvetica-Bold").fontSize(12).text("BILL OF LADING", 320, 40);
  doc.font("Helvetica").fontSize(8).text(carrier, 320, 56);
  box(36, 75, 270, 70, pick(r, ["Shipper", "Shipper / Exporter"]), [seller.name, ...seller.lines]);
  box(306, 75, 253, 35, "B/L No.", [blNo]);
  box(306, 110, 253, 35, "SCAC", [scac]);
  box(36, 145, 270, 70, pick(r, ["Consignee", "Consignee (if To Order so indicate)"]), [buyer.name, ...buyer.lines]);
  box(306, 145, 253, 70, "Notify Party", [notify.name, ...notify.lines]);
  box(36, 215, 135, 32, "Ocean Vessel", [vessel]);
  box(171, 215, 135, 32, "Voyage No.", [voyage]);
  box(306, 215, 126, 32, "Port of Loading", [`${pol[0]}`]);
  box(432, 215, 127, 32, "Port of Discharge", [pod]);
  const head = ["Container No. / Seal No.", "No. of Pkgs", "Description of Goods", "Gross Weight", "Measurement"];
  const xs = [36, 156, 226, 400, 480, 559];
  doc.rect(36, 247, 523, 22).stroke();
  head.forEach((h, i) => doc.font("Helvetica-Bold").fontSize(7).text(h, xs[i]! + 3, 252, { width: xs[i + 1]! - xs[i]! - 6 }));
  let y = 275;
  containers.forEach((c, i) => {
    doc.font("Helvetica").fontSize(8.5).text(`${c.number} / ${c.seal}`, 39, y);
    doc.text(c.sizeType, 39, y + 10);
    if (i === 0) {
      doc.text(`${packages} CARTONS`, 159, y);
      doc.text(pick(r, GOODS).description.toUpperCase(), 229, y, { width: 165 });
      doc.text(`${fmt(gw, false)} KGS`, 403, y);
      doc.text(`${fmt(cbm, false, 3)} CBM`, 483, y);
    }
    y += 26;
  });
  doc.font("Helvetica").fontSize(8.5).text("FREIGHT PREPAID", 229, y + 10);
  box(36, 470, 260, 32, "Shipped on Board Date", [dateText(onBoard, "en", r)]);
  box(296, 470, 263, 32, "Place and Date of Issue", [`${pol[0]}, ${dateText(onBoard, "en", r)}`]);
  doc.end();
  return { pdf: await done, gold };
}

async function main() {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(path.join(OUT, "scans"), { recursive: true });
  const r = mulberry32(20261204);
  const langs: Lang[] = ["en", "en", "de", "es", "fr", "zh"];
  let k = 0;
  const write = async (name: string, doc: { pdf?: Buffer; text?: string; gold: object }, scan: boolean) => {
    if (doc.pdf) fs.writeFileSync(path.join(OUT, `${name}.pdf`), doc.pdf);
    if (doc.text) fs.writeFileSync(path.join(OUT, `${name}.txt`), doc.text);
    fs.writeFileSync(path.join(OUT, `${name}.json`), JSON.stringify(doc.gold, null, 1));
    if (scan && doc.pdf) {
      const img = await degrade(doc.pdf, r, r() < 0.5 ? "scan" : "photo");
      if (img) {
        fs.writeFileSync(path.join(OUT, "scans", `${name}.${img.ext}`), img.bytes);
        fs.writeFileSync(path.join(OUT, "scans", `${name}.json`), JSON.stringify(doc.gold, null, 1));
      }
    }
  };
  for (let i = 0; i < 30; i++) {
    const lang = langs[i % langs.length]!;
    await write(`invoice_${lang}_${String(++k).padStart(2, "0")}`, await invoice(r, lang), i % 4 === 0);
  }
  for (let i = 0; i < 12; i++) {
    const lang = (["en", "de", "es", "fr"] as const)[i % 4];
    await write(`packing_list_${lang}_${String(++k).padStart(2, "0")}`, await packingList(r, lang), i % 4 === 1);
  }
  for (let i = 0; i < 10; i++) await write(`bill_of_lading_${String(++k).padStart(2, "0")}`, await billOfLading(r), i % 2 === 0);
  console.log(`wrote ${k} documents to ${OUT}`);
}

await main();
