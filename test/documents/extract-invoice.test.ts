import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractDocument } from "../../src/documents/extract.ts";
import { toPlainJson } from "../../src/documents/output.ts";
import type { InvoiceData } from "../../src/documents/schemas.ts";
import { DOCS, testConfig } from "./helpers.ts";

const config = testConfig();

describe("offline invoice extraction", () => {
  it("reads a customs commercial invoice PDF with provenance for each field", async () => {
    const file = path.join(DOCS, "commercial_invoices_tariffcheck", "invoice_thailand_1.pdf");
    const r = await extractDocument({ bytes: fs.readFileSync(file), filename: "invoice_thailand_1.pdf" }, { config });
    expect(r.type).toBe("invoice");
    expect(r.method).toBe("text-layer");
    const inv = r.data as InvoiceData;
    expect(inv.invoiceNumber).toBe("CI-2026-87084");
    expect(inv.invoiceDate).toBe("2026-07-10");
    expect(inv.countryOfOrigin).toBe("TH");
    expect(inv.seller.country).toBe("TH");
    expect(inv.buyer.country).toBe("US");
    expect(inv.lineItems.map((l) => [l.htsCode, l.quantity, l.unit, l.unitPrice, l.amount])).toEqual([
      ["8528.59.2500", 130, "No.", 144.92, 18839.6],
      ["8481.80.9025", 1900, "kg", 35.92, 68248],
    ]);
    expect(inv.totals.total).toBe(87087.6);
    expect(r.provenance.invoiceNumber).toMatchObject({ source: { page: 1, text: expect.stringContaining("CI-2026-87084") } });
    expect(r.provenance["lineItems[1].amount"]!.confidence).toBeGreaterThan(0.8);
    expect(r.warnings).toEqual([]);
  });

  it("reads item blocks from a plain-text invoice and warns when a line does not add up", async () => {
    const text = fs.readFileSync(path.join(DOCS, "commercial_invoices_text_demo", "demo3_electronics.txt"), "utf8");
    const broken = text.replace("Total: USD 45,000.00", "Total: USD 46,000.00");
    const r = await extractDocument({ text: broken }, { config });
    const inv = r.data as InvoiceData;
    expect(r.method).toBe("plain-text");
    expect(inv.seller).toMatchObject({ name: "Shenzhen Electronics Manufacturing Ltd.", country: "CN" });
    expect(inv.lineItems).toHaveLength(2);
    expect(inv.lineItems[1]).toMatchObject({ htsCode: "8517.12.0050", quantity: 100, unit: "No.", unitPrice: 450, amount: 46000 });
    expect(inv.totals.total).toBe(85000);
    expect(r.warnings.some((w) => w.startsWith("Line 2") && w.includes("45000"))).toBe(true);
    expect(r.warnings.some((w) => w.includes("Sum of the 2 lines"))).toBe(true);
  });

  it("reads a label-value item without an 'Item 1' heading", async () => {
    const text = fs.readFileSync(path.join(DOCS, "commercial_invoices_text_demo", "demo1_furniture.txt"), "utf8");
    const inv = (await extractDocument({ text }, { config })).data as InvoiceData;
    expect(inv.lineItems).toEqual([expect.objectContaining({ htsCode: "9403.90.8040", quantity: 200, unit: "No.", unitRaw: "units", unitPrice: 320, amount: 64000 })]);
    expect(inv).toMatchObject({ incoterms: "FOB", incotermsPlace: "Monterrey", countryOfOrigin: "MX" });
  });

  it("reads per-line weights and origin from an item block", async () => {
    const text = [
      "COMMERCIAL INVOICE",
      "Seller: Kyoto Ceramics K.K., Kyoto, Japan",
      "Item 1:",
      "Description: Porcelain dinner plates, 27 cm",
      "HTS Code: 6911.10.3810",
      "Quantity: 1,200 pcs",
      "Unit Price: USD 6.50",
      "Amount: USD 7,800.00",
      "Net Weight: 540 kg",
      "Gross Weight: 1,350 lbs",
      "Country of Origin: Japan",
    ].join("\n");
    const inv = (await extractDocument({ text }, { config })).data as InvoiceData;
    expect(inv.lineItems[0]).toMatchObject({ quantity: 1200, unit: "No.", amount: 7800, countryOfOrigin: "JP", netWeightKg: 540 });
    expect(inv.lineItems[0]!.grossWeightKg).toBeCloseTo(612.35, 2);
  });

  it("handles European number and date formats, charges and per-line origin", async () => {
    const text = [
      "HANDELSRECHNUNG / COMMERCIAL INVOICE",
      "Verkäufer: Schmidt Feinmechanik GmbH, Hauptstraße 5, 80331 München, Deutschland",
      "Buyer: Keystone Instruments Inc., 12 Market St, Philadelphia, PA 19106, USA",
      "Invoice No.: SF-4471        Date: 05.03.2026",
      "Currency: EUR",
      "Incoterms: CIP Philadelphia",
      "",
      "Pos  Art.-Nr.   Description                    Origin   Qty     Unit    Unit Price   Amount",
      "1    SF-220     Precision calipers 150 mm      DE       120     pcs     45,50        5.460,00",
      "2    SF-310     Dial indicators                CH       40      pcs     112,25       4.490,00",
      "",
      "Subtotal                                                                          9.950,00",
      "Freight                                                                             420,00",
      "Insurance                                                                            35,00",
      "Total                                                                            10.405,00",
    ].join("\n");
    const r = await extractDocument({ text }, { config });
    const inv = r.data as InvoiceData;
    expect(r.type).toBe("invoice");
    expect(inv.invoiceDate).toBe("2026-03-05");
    expect(inv.currency).toBe("EUR");
    expect(inv).toMatchObject({ incoterms: "CIP", incotermsPlace: "Philadelphia" });
    expect(inv.seller.country).toBe("DE");
    expect(inv.lineItems.map((l) => [l.partNumber, l.countryOfOrigin, l.quantity, l.unitPrice, l.amount])).toEqual([
      ["SF-220", "DE", 120, 45.5, 5460],
      ["SF-310", "CH", 40, 112.25, 4490],
    ]);
    expect(inv.totals).toMatchObject({ subtotal: 9950, freight: 420, insurance: 35, total: 10405 });
    expect(r.warnings).toEqual([]);
  });

  it("explains why a document is not a shipping document", async () => {
    const r = await extractDocument({ text: "Hi Ana,\nthanks for lunch yesterday. See you next week!\nBest, Tom" }, { config });
    expect(r.type).toBe("other");
    expect(r.typeReason).toMatch(/no invoice/);
    expect(toPlainJson(r)).toMatchObject({ type: "other" });
  });

  it("honours a type hint", async () => {
    const r = await extractDocument({ text: "Ref 12\nShipper: A Co. Ltd.\nGross weight: 100 kg", typeHint: "bill_of_lading" }, { config });
    expect(r.type).toBe("bill_of_lading");
    expect(toPlainJson(r)).toMatchObject({ grossWeightKg: 100 });
  });
});

describe("e-mail bodies and date order from context", () => {
  it("reads an invoice pasted into an e-mail without taking the mail headers as parties", async () => {
    const mail = [
      "From: Linh Tran <linh@saigonhome.example>",
      "To: entries@broker.example",
      "Subject: Invoice SHT-2026-0931",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Dear broker, please find our commercial invoice below.",
      "",
      "> COMMERCIAL INVOICE",
      "> Seller: Saigon Home Textiles Co., Ltd., Ho Chi Minh City, Vietnam",
      "> Buyer: Harbor Linen Imports Inc., Long Beach, CA 90802, USA",
      "> Invoice No: SHT-2026-0931",
      "> Invoice Date: 04/10/2026",
      "> Description            Qty      Unit Price    Amount",
      "> Cotton bath towels     1,000    2.10          2,100.0=",
      "0",
      "> Total                                         2,100.00",
    ].join("\n");
    const r = await extractDocument({ text: mail }, { config });
    const inv = r.data as InvoiceData;
    expect(inv.seller.name).toBe("Saigon Home Textiles Co., Ltd.");
    expect(inv.invoiceNumber).toBe("SHT-2026-0931");
    // A Vietnamese issuer writes day first: 4 October, not April 10.
    expect(inv.invoiceDate).toBe("2026-10-04");
    expect(inv.lineItems[0]).toMatchObject({ quantity: 1000, amount: 2100 });
  });

  it("reads 04/10/2026 month-first on a US issuer's invoice", async () => {
    const r = await extractDocument({ text: "INVOICE\nSeller: Ohio Valve Co., Dayton, OH 45402, USA\nInvoice No: 77\nDate: 04/10/2026\nTotal 10.00" }, { config });
    expect((r.data as InvoiceData).invoiceDate).toBe("2026-04-10");
  });
});
