/** Shared fixtures for document-extraction tests: configuration, sample paths, PDF builders. */
import path from "node:path";
import PDFDocument from "pdfkit";
import { PROJECT_ROOT, loadConfig, type Config } from "../../src/config.ts";

export const DOCS = path.join(PROJECT_ROOT, "evals", "datasets", "documents");

/** Configuration with default knowledge directory and optional limit overrides. */
export function testConfig(limits: Partial<Config["limits"]> = {}): Config {
  const config = loadConfig({});
  return { ...config, limits: { ...config.limits, ...limits } };
}

/** Renders text to a PDF with pdfkit; `pages` repeats it on several pages. Options go to PDFDocument. */
export function textPdf(text: string, options: PDFKit.PDFDocumentOptions = {}, pages = 1): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4", margin: 36, ...options });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    for (let p = 0; p < pages; p++) {
      if (p > 0) doc.addPage();
      doc.font("Courier").fontSize(7.5).text(text, { lineGap: 2 });
    }
    doc.end();
  });
}

/** A PDF whose only content is an image (a scanned document). */
export function imagePdf(png: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4", margin: 0 });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.image(Buffer.from(png), 0, 0, { fit: [595, 842] });
    doc.end();
  });
}
