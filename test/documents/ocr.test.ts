import fs from "node:fs";
import path from "node:path";
import { PDFParse } from "pdf-parse";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { extractDocument } from "../../src/documents/extract.ts";
import type { InvoiceData } from "../../src/documents/schemas.ts";
import { DOCS, imagePdf, testConfig } from "./helpers.ts";

const config = testConfig();
let png: Uint8Array;

beforeAll(async () => {
  // A scan is simulated by rendering a sample invoice to an image: no text layer survives.
  const parser = new PDFParse({ data: new Uint8Array(fs.readFileSync(path.join(DOCS, "commercial_invoices_tariffcheck", "invoice_austria_1.pdf"))) });
  const shot = await parser.getScreenshot({ scale: 2, imageDataUrl: false, imageBuffer: true });
  await parser.destroy();
  png = shot.pages[0]!.data;
});

// OCR misreads a character here and there ("CI-" as "C1", "Ltd." as "Lid."), so identifiers are
// checked on their digits; dates, amounts, HTS codes and parties must come through exactly.
function expectAustriaInvoice(inv: InvoiceData, totalRead = true) {
  expect(inv.invoiceNumber).toContain("2026-51796");
  expect(inv.invoiceDate).toBe("2026-07-10");
  expect(inv.currency).toBe("USD");
  expect(inv.seller.country).toBe("AT");
  expect(inv.buyer).toMatchObject({ name: "Coastline Retail Group", country: "US" });
  // The TOTAL row is white text on a dark bar; after re-scanning, tesseract may drop it entirely.
  if (totalRead) expect(inv.totals.total).toBe(6043.4);
  else expect([null, 6043.4]).toContain(inv.totals.total);
  expect(inv.lineItems[0]).toMatchObject({ htsCode: "7612.90.1090", quantity: 670, unitPrice: 9.02, amount: 6043.4 });
  expect(inv.lineItems[0]!.description).toContain("Aluminum cups and lids");
}

describe("OCR path for scanned documents", () => {
  it("reads a PNG photo/scan of an invoice", async () => {
    const r = await extractDocument({ bytes: png, filename: "scan.png" }, { config });
    expect(r.method).toBe("ocr");
    expect(r.type).toBe("invoice");
    expectAustriaInvoice(r.data as InvoiceData);
    // OCR'd values carry less confidence than the same values from a text layer would.
    expect(r.provenance.invoiceNumber!.confidence).toBeLessThan(0.92);
  });

  it("reads a phone photo: low resolution, blurred, unevenly lit, speckled JPEG", async () => {
    // The page at ~130 dpi, blurred, with a shadow growing across it and speckle noise.
    const small = await sharp(png).resize({ width: 1050 }).flatten({ background: "#ffffff" }).greyscale().blur(0.8).raw().toBuffer({ resolveWithObject: true });
    const { data, info } = small;
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        const i = y * info.width + x;
        const shadow = 70 * (x / info.width) + 30 * (y / info.height);
        data[i] = Math.max(0, Math.min(255, data[i]! - shadow + (rand() - 0.5) * 50));
      }
    }
    const photo = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } }).jpeg({ quality: 70 }).toBuffer();
    const r = await extractDocument({ bytes: photo, filename: "photo.jpg" }, { config });
    expect(r.method).toBe("ocr");
    expect(r.type).toBe("invoice");
    const inv = r.data as InvoiceData;
    expect(inv.invoiceDate).toBe("2026-07-10");
    expect(inv.buyer.name).toBe("Coastline Retail Group");
    expect(inv.lineItems[0]).toMatchObject({ quantity: 670, unitPrice: 9.02, amount: 6043.4 });
  });

  it("detects an image-only PDF and OCRs it", async () => {
    const r = await extractDocument({ bytes: await imagePdf(png), filename: "scan.pdf" }, { config });
    expect(r.method).toBe("ocr");
    expectAustriaInvoice(r.data as InvoiceData, false);
  });
});
