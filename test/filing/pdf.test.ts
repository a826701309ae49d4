import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import { renderDraftPdf } from "../../src/filing/pdf.ts";
import { sampleDraft } from "../store/fixtures.ts";

describe("7501 PDF", () => {
  it("renders the numbered blocks with the draft's values, readable back as text", async () => {
    const draft = sampleDraft();
    draft.lines[0]!.chapter99 = [{ heading: "9903.01.25", rate: "10%", amount: "2400.00" }];
    draft.warnings = [{ code: "missing_data", field: "header.importDate", message: "Missing import (arrival) date (block 11)." }];
    const pdf = await renderDraftPdf(draft, { draftId: "D-42", version: 3, status: "draft", contentHash: "ab".repeat(32) });
    const parser = new PDFParse({ data: pdf });
    try {
      const text = (await parser.getText()).text.replace(/\s+/g, " ");
      for (const expected of [
        "DRAFT, NOT FILED",
        "Draft D-42 version 3",
        "2. Entry Type",
        "6. Port Code 2704",
        "12. B/L or AWB No. MAEU123456789",
        "13. Manufacturer ID VNSAIGAR120HOC",
        "6110.20.2079",
        "9903.01.25",
        "1200 doz.",
        "24000.00",
        "3960.00",
        "499 Merchandise Processing Fee: 83.14",
        "40. Total 4073.14",
        "Missing import (arrival) date",
      ]) {
        expect(text).toContain(expected);
      }
    } finally {
      await parser.destroy();
    }
  });
});
