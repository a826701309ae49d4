import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/channels/cli/main.ts";
import { createExtractDocumentTool, extractDocumentTool } from "../../src/tools/extract-document.ts";
import { DOCS, testConfig } from "./helpers.ts";

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) }, out, err };
}

const invoicePdf = path.join(DOCS, "commercial_invoices_tariffcheck", "invoice_slovenia_1.pdf");

describe("tollgate extract", () => {
  it("prints the script contract with --json", async () => {
    const { io, out } = captureIo();
    expect(await main(["extract", invoicePdf, "--json"], io, {})).toBe(0);
    const json = JSON.parse(out.join("\n"));
    expect(json).toMatchObject({ type: "invoice", currency: "USD", invoiceDate: "2026-07-10" });
    for (const key of ["invoiceNumber", "incoterms", "seller", "buyer", "countryOfOrigin", "lineItems", "totals"]) expect(json).toHaveProperty(key);
    expect(Object.keys(json.lineItems[0])).toEqual(expect.arrayContaining(["description", "quantity", "unit", "unitPrice", "amount", "htsCode", "countryOfOrigin"]));
    expect(Object.keys(json.totals)).toEqual(expect.arrayContaining(["subtotal", "freight", "insurance", "total"]));
    expect(typeof json.totals.total).toBe("number");
    expect(json.provenance).toBeUndefined();
  });

  it("adds confidence and source per field with --provenance, and cross-checks several files", async () => {
    const { io, out } = captureIo();
    const bl = path.join(DOCS, "synthetic", "bill_of_lading_1.txt");
    expect(await main(["extract", invoicePdf, bl, "--json", "--provenance"], io, {})).toBe(0);
    const json = JSON.parse(out.join("\n"));
    expect(json.documents).toHaveLength(2);
    expect(json.documents[0].provenance.invoiceNumber).toMatchObject({ confidence: expect.any(Number), source: { page: 1 } });
    expect(json.documents[1]).toMatchObject({ type: "bill_of_lading", containers: [{ number: "MSKU1234565", seal: "ML-778812" }] });
    expect(json.crossCheck.differences.length).toBeGreaterThan(0);
  });

  it("prints a readable summary and exits 2 on bad input", async () => {
    const ok = captureIo();
    expect(await main(["extract", invoicePdf, "--provenance"], ok.io, {})).toBe(0);
    expect(ok.out.join("\n")).toMatch(/invoiceNumber: CI-2026-\d+ {2}\[0\.9\d? p1 l\d+\]/);
    const bad = captureIo();
    expect(await main(["extract", invoicePdf, "--type", "receipt"], bad.io, {})).toBe(2);
    expect(bad.err.join("\n")).toMatch(/--type must be/);
    const missing = captureIo();
    expect(await main(["extract", "/nonexistent/file.pdf"], missing.io, {})).toBe(2);
    expect(missing.err.join("\n")).toMatch(/Cannot read/);
  });
});

describe("extract_document tool", () => {
  const config = testConfig();

  it("extracts inline text with a type hint", async () => {
    const result = await extractDocumentTool({ text: "Shipper: A Co. Ltd.\nB/L No: ABCD1234567\nGross weight: 1,000 KGS", typeHint: "bill_of_lading" }, { config });
    expect(result).toMatchObject({ type: "bill_of_lading", billOfLadingNumber: "ABCD1234567", grossWeightKg: 1000 });
  });

  it("returns a user-fixable failure to the model as text", async () => {
    const tool = createExtractDocumentTool({ config });
    expect(tool.name).toBe("extract_document");
    const answer = await tool.invoke({ path: "/nonexistent/invoice.pdf" });
    expect(answer).toMatch(/^Could not extract the document: Cannot read .*\[document_not_found\]/);
    const ok = JSON.parse(await tool.invoke({ path: invoicePdf }));
    expect(ok.type).toBe("invoice");
  });
});
