import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractDocument } from "../../src/documents/extract.ts";
import { DocumentError } from "../../src/errors.ts";
import { DOCS, testConfig, textPdf } from "./helpers.ts";

const config = testConfig();
const sample = fs.readFileSync(path.join(DOCS, "commercial_invoices_tariffcheck", "invoice_finland_1.pdf"));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (err) {
    if (err instanceof DocumentError) return err.code;
    throw err;
  }
}

describe("bad documents give typed errors", () => {
  it("rejects empty input", async () => {
    expect(await codeOf(extractDocument({ bytes: new Uint8Array() }, { config }))).toBe("document_empty");
    expect(await codeOf(extractDocument({ text: "  \n " }, { config }))).toBe("document_empty");
  });

  it("rejects files over the configured size limit before parsing them", async () => {
    const small = testConfig({ maxFileBytes: 1024 });
    await expect(extractDocument({ bytes: sample }, { config: small })).rejects.toMatchObject({ code: "document_too_large", message: expect.stringMatching(/limit/) });
  });

  it("rejects PDFs with more pages than allowed", async () => {
    const pdf = await textPdf("COMMERCIAL INVOICE\nInvoice No: 1", {}, 3);
    await expect(extractDocument({ bytes: pdf }, { config: testConfig({ maxPages: 2 }) })).rejects.toMatchObject({ code: "document_too_many_pages" });
  });

  it("recognises an encrypted PDF", async () => {
    const pdf = await textPdf("COMMERCIAL INVOICE", { userPassword: "secret", ownerPassword: "owner", pdfVersion: "1.7" });
    await expect(extractDocument({ bytes: pdf }, { config })).rejects.toMatchObject({ code: "document_encrypted" });
  });

  it("recognises a corrupt PDF and an unsupported binary", async () => {
    expect(await codeOf(extractDocument({ bytes: Buffer.from("%PDF-1.7\n garbage \x00\x01\x02 trailer") }, { config }))).toBe("document_corrupt");
    expect(await codeOf(extractDocument({ bytes: new Uint8Array([0, 1, 2, 3, 250, 251, 0, 0, 7, 8]) }, { config }))).toBe("document_unsupported");
  });

  it("survives truncated and mangled PDFs: a result or a DocumentError, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ min: 1, max: sample.length - 1 }).map((cut) => sample.subarray(0, cut)),
          fc.array(fc.tuple(fc.nat(sample.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }).map((edits) => {
            const copy = Buffer.from(sample);
            for (const [at, byte] of edits) copy[at] = byte;
            return copy;
          }),
        ),
        async (bytes) => {
          const code = await codeOf(extractDocument({ bytes: new Uint8Array(bytes) }, { config }));
          expect(code).toMatch(/^(ok|document_[a-z_]+)$/);
        },
      ),
      { numRuns: 25 },
    );
  }, 180_000);
});
