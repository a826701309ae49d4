/**
 * The layout extractor on each failure kind of line-pattern reading: numbers inside descriptions,
 * parties beside/below with other labels, header values from the right token, currency and unit
 * only in column headers, origin stated once, wrapped rows and two-line headers, numbered form
 * boxes, ISO 6346 containers through OCR confusions.
 */
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { findContainers, isValidContainer } from "../../src/documents/checks.ts";
import { extractDocument } from "../../src/documents/extract.ts";
import type { BillOfLadingData, InvoiceData, PackingListData } from "../../src/documents/schemas.ts";
import { testConfig } from "./helpers.ts";

const config = testConfig();

/** Draws text runs at positions with pdfkit (Helvetica), like a designed document. */
function pdf(runs: Array<[string, number, number, (PDFKit.Mixins.TextOptions & { size?: number })?]>): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: "A4", margin: 36 });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    for (const [t, x, y, o] of runs) doc.font("Helvetica").fontSize(o?.size ?? 9).text(t, x, y, { lineBreak: false, ...o });
    doc.end();
  });
}

describe("layout extraction", () => {
  it("keeps percentages in descriptions, reads buyer beside seller with 'Messrs.', currency and unit from column headers, origin stated once", async () => {
    const bytes = await pdf([
      ["COMMERCIAL INVOICE", 220, 36, { size: 13 }],
      ["Exporter", 36, 70], ["Dhaka Knit Composite Ltd.", 36, 82], ["Plot 45, Ashulia Road, Savar", 36, 94], ["Dhaka 1340, Bangladesh", 36, 106],
      ["Messrs.", 310, 70], ["Harborline Apparel Inc.", 310, 82], ["1450 Harbor Blvd", 310, 94], ["Long Beach, CA 90802, USA", 310, 106],
      ["Invoice No.:", 36, 130], ["CI-2026/118", 120, 130], ["Date:", 310, 130], ["14.03.2026", 360, 130],
      ["Description", 36, 160], ["QTY (DZ)", 300, 160], ["U/PRICE USD", 380, 160], ["AMOUNT USD", 480, 160],
      ["Men's knitted pullover, 60% cotton 40% polyester", 36, 175], ["120", 330, 175], ["45.00", 420, 175], ["5,400.00", 505, 175],
      ["Children's T-shirt, 95% cotton 5% elastane", 36, 188], ["30", 335, 188], ["20.50", 420, 188], ["615.00", 515, 188],
      ["Total", 430, 210], ["6,015.00", 505, 210],
      ["Country of origin: Bangladesh", 36, 240],
    ]);
    const r = await extractDocument({ bytes, filename: "inv.pdf" }, { config });
    const inv = r.data as InvoiceData;
    expect(inv.invoiceNumber).toBe("CI-2026/118");
    expect(inv.currency).toBe("USD");
    expect(inv.seller).toMatchObject({ name: "Dhaka Knit Composite Ltd.", country: "BD" });
    expect(inv.buyer).toMatchObject({ name: "Harborline Apparel Inc.", country: "US" });
    expect(inv.lineItems.map((l) => [l.description, l.quantity, l.unit, l.unitPrice, l.amount, l.countryOfOrigin])).toEqual([
      ["Men's knitted pullover, 60% cotton 40% polyester", 120, "doz.", 45, 5400, "BD"],
      ["Children's T-shirt, 95% cotton 5% elastane", 30, "doz.", 20.5, 615, "BD"],
    ]);
    expect(inv.totals.total).toBe(6015);
  });

  it("reads a German invoice with the buyer below the seller, values below labels and 1.234,56 numbers", async () => {
    const bytes = await pdf([
      ["HANDELSRECHNUNG", 36, 36, { size: 13 }],
      ["Verkäufer", 36, 70], ["Textilwerk Albrecht GmbH", 36, 82], ["Industriestrasse 14", 36, 94], ["72070 Tübingen, Deutschland", 36, 106],
      ["Rechnungsempfänger", 36, 126], ["Great Lakes Home Goods LLC", 36, 138], ["700 W Lake Street", 36, 150], ["Chicago, IL 60661, USA", 36, 162],
      ["Rechnungsnummer", 330, 70, { size: 7 }], ["RE-5531", 330, 79], ["Datum", 330, 96, { size: 7 }], ["02.11.2026", 330, 105],
      ["Beschreibung", 36, 190], ["Menge", 300, 190], ["Einzelpreis", 380, 190], ["Betrag", 490, 190],
      ["(PCS)", 300, 200], ["EUR", 390, 200], ["EUR", 495, 200],
      ["Woven fabric, 65% polyester 35% cotton,", 36, 215], ["1.200", 305, 215], ["3,10", 395, 215], ["3.720,00", 490, 215],
      ["width 150 cm", 36, 225],
      ["Stainless steel cooking pot 24 cm", 36, 240], ["300", 310, 240], ["12,50", 390, 240], ["3.750,00", 490, 240],
      ["Gesamtbetrag", 400, 262], ["7.470,00", 490, 262],
      ["Made in Germany", 36, 290],
    ]);
    const inv = (await extractDocument({ bytes }, { config })).data as InvoiceData;
    expect(inv).toMatchObject({ invoiceNumber: "RE-5531", invoiceDate: "2026-11-02", currency: "EUR", countryOfOrigin: "DE" });
    expect(inv.seller).toMatchObject({ name: "Textilwerk Albrecht GmbH", country: "DE" });
    expect(inv.buyer.name).toBe("Great Lakes Home Goods LLC");
    expect(inv.lineItems.map((l) => [l.description, l.quantity, l.unit, l.unitPrice, l.amount, l.countryOfOrigin])).toEqual([
      ["Woven fabric, 65% polyester 35% cotton, width 150 cm", 1200, "No.", 3.1, 3720, "DE"],
      ["Stainless steel cooking pot 24 cm", 300, "No.", 12.5, 3750, "DE"],
    ]);
    expect(inv.totals.total).toBe(7470);
  });

  it("keeps packing-list rows aligned with their values when a row wraps and the header spans two lines", async () => {
    const bytes = await pdf([
      ["PACKING LIST", 250, 36, { size: 13 }],
      ["Shipper:", 36, 70], ["Saigon Garment Export Co., Ltd.", 80, 70], ["Consignee:", 310, 70], ["Harborline Apparel Inc.", 365, 70],
      ["Description", 36, 110], ["Cartons", 260, 110], ["Qty", 320, 110], ["N.W.", 380, 110], ["G.W.", 440, 110],
      ["(PCS)", 320, 120], ["(KG)", 380, 120], ["(KG)", 440, 120],
      ["Cotton bath towel 70x140 cm,", 36, 135], ["60", 270, 135], ["2400", 320, 135], ["720.00", 380, 135], ["780.00", 440, 135],
      ["500 g/m2, white", 36, 145],
      ["Polyester fleece blanket 150x200 cm", 36, 160], ["40", 270, 160], ["800", 325, 160], ["384.50", 380, 160], ["424.00", 440, 160],
      ["TOTAL", 36, 180], ["100", 265, 180], ["3200", 320, 180], ["1104.50", 377, 180], ["1204.00", 437, 180],
    ]);
    const pl = (await extractDocument({ bytes }, { config })).data as PackingListData;
    expect(pl.consignee.name).toBe("Harborline Apparel Inc.");
    expect(pl.lineItems.map((l) => [l.description, l.cartons, l.quantity, l.netWeightKg, l.grossWeightKg])).toEqual([
      ["Cotton bath towel 70x140 cm, 500 g/m2, white", 60, 2400, 720, 780],
      ["Polyester fleece blanket 150x200 cm", 40, 800, 384.5, 424],
    ]);
    expect(pl.totals).toMatchObject({ cartons: 100, quantity: 3200, netWeightKg: 1104.5, grossWeightKg: 1204 });
  });

  it("reads numbered boxes of a waybill and containers by their ISO 6346 check digit", async () => {
    const bytes = await pdf([
      ["SEA WAYBILL", 330, 36, { size: 13 }],
      ["(1) Shipper", 40, 80, { size: 6.5 }], ["Hanil Precision Co., Ltd.", 44, 92], ["77 Gongdan-ro", 44, 103], ["Changwon 51567, Korea", 44, 114],
      ["(4) Waybill No.", 320, 80, { size: 6.5 }], ["HDMU123456789", 324, 92],
      ["(2) Consignee", 40, 135, { size: 6.5 }], ["Keystone Industrial Supply Inc.", 44, 147], ["250 Liberty Avenue", 44, 158], ["Pittsburgh, PA 15222, USA", 44, 169],
      ["(5) Port of Loading", 320, 135, { size: 6.5 }], ["Busan", 324, 147],
      ["CONTAINER / SEAL", 40, 200, { size: 7 }],
      ["MSKU1234565 / ML-778812 40HC", 40, 214], ["MSKU1234566 / ML-778813 40HC", 40, 228],
    ]);
    const bl = (await extractDocument({ bytes }, { config })).data as BillOfLadingData;
    expect(bl.billOfLadingNumber).toBe("HDMU123456789");
    expect(bl.shipper).toMatchObject({ name: "Hanil Precision Co., Ltd.", country: "KR" });
    expect(bl.consignee.name).toBe("Keystone Industrial Supply Inc.");
    expect(bl.portOfLoading).toBe("Busan");
    // The second number fails its check digit and is not a container.
    expect(bl.containers).toEqual([{ number: "MSKU1234565", seal: "ML-778812", sizeType: "40HC" }]);
  });

  it("recovers container numbers through OCR letter/digit confusions only when the check digit holds", () => {
    expect(isValidContainer("MSKU1234565")).toBe(true);
    expect(findContainers("CONT: MSKU 12345G 5 SEAL").map((c) => c.number)).toEqual(["MSKU1234565"]);
    expect(findContainers("M5KU1234565").map((c) => c.number)).toEqual(["MSKU1234565"]);
    expect(findContainers("MSKU1234560")).toEqual([]);
  });

  it("reads Chinese-English labels in plain text", async () => {
    const text = [
      "商业发票 COMMERCIAL INVOICE",
      "卖方 Seller:",
      "Ningbo Bright Home Products Co., Ltd.",
      "88 Jiangnan Road, Ningbo 315100, China",
      "",
      "买方 Buyer:",
      "Bayou Kitchenware Inc.",
      "501 Poydras Street, New Orleans, LA 70130, USA",
      "",
      "发票号 Invoice No.: NB-2026-0042",
      "日期 Date: 2026-10-09",
      "",
      "品名 Description                         数量 Qty    单价 Unit Price USD    金额 Amount USD",
      "Ceramic coffee mug 350 ml, glazed           1200                   1.85               2220.00",
      "",
      "总计 Total:                                                                   2220.00",
    ].join("\n");
    const inv = (await extractDocument({ text }, { config })).data as InvoiceData;
    expect(inv).toMatchObject({ invoiceNumber: "NB-2026-0042", invoiceDate: "2026-10-09", currency: "USD" });
    expect(inv.seller).toMatchObject({ name: "Ningbo Bright Home Products Co., Ltd.", country: "CN" });
    expect(inv.buyer.name).toBe("Bayou Kitchenware Inc.");
    expect(inv.lineItems[0]).toMatchObject({ description: "Ceramic coffee mug 350 ml, glazed", quantity: 1200, unitPrice: 1.85, amount: 2220 });
  });
});
