import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { describe, expect, it } from "vitest";
import { extractDocument } from "../../src/documents/extract.ts";
import type { InvoiceData } from "../../src/documents/schemas.ts";
import { testConfig } from "./helpers.ts";

/** A chat model that answers every structured-output call with a fixed tool call, and records prompts. */
class FakeExtractionModel extends BaseChatModel {
  prompts: string[] = [];
  private toolName = "extract";
  constructor(private readonly answer: unknown) {
    super({});
  }
  _llmType(): string {
    return "fake-extraction";
  }
  override bindTools(tools: Array<{ function?: { name: string } }>): this {
    this.toolName = tools[0]?.function?.name ?? this.toolName;
    return this;
  }
  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.prompts.push(messages.map((m) => String(m.content)).join("\n"));
    // The base withStructuredOutput parser accepts only message chunks.
    const message = new AIMessageChunk({ content: "", tool_calls: [{ name: this.toolName, args: this.answer as Record<string, unknown>, id: "call_1", type: "tool_call" }] });
    return { generations: [{ text: "", message }] };
  }
}

const config = testConfig();
const TEXT = [
  "COMMERCIAL INVOICE",
  "Seller: Anhui Garden Tools Co., Ltd., Hefei, China",
  "Buyer: Greenway Retail LLC, 10 Main St, Boise, ID 83702, USA",
  "Invoice No: AGT-5521",
  "Invoice Date: 02/11/2026",
  "Description              Qty     Unit Price    Amount",
  "Steel garden spades     300     4.20          1,260.00",
  "Total                                         1,260.00",
].join("\n");

const party = (name: string | null, country: string | null) => ({ name, address: null, country });
function llmAnswer(overrides: Partial<InvoiceData> = {}): InvoiceData {
  return {
    type: "invoice",
    invoiceNumber: "AGT-5521",
    invoiceDate: "2026-11-02",
    currency: "usd",
    incoterms: null,
    incotermsPlace: null,
    paymentTerms: "T/T 30 days",
    seller: party("Anhui Garden Tools Co., Ltd.", "China"),
    buyer: party("Greenway Retail LLC", "US"),
    importerOfRecord: null,
    shipTo: null,
    countryOfOrigin: "Chinese",
    marks: null,
    lineItems: [
      { description: "Steel garden spades", partNumber: null, quantity: 300, unit: "pcs", unitRaw: "pcs", unitPrice: 4.2, amount: 1260, htsCode: "8201.10.0000", countryOfOrigin: "CN", netWeightKg: null, grossWeightKg: null },
    ],
    totals: { subtotal: null, freight: null, insurance: null, discount: null, otherCharges: null, tax: null, total: 1260 },
    ...overrides,
  };
}

describe("LLM extractor reconciled with the offline extractor", () => {
  it("sends the page text, normalises the model's answer and merges it field by field", async () => {
    const model = new FakeExtractionModel(llmAnswer());
    const r = await extractDocument({ text: TEXT }, { config, model });
    expect(r.warnings).toEqual([]);
    expect(r.extractors).toEqual(["offline", "llm"]);
    expect(model.prompts[0]).toContain("AGT-5521");
    const inv = r.data as InvoiceData;
    // Values only the model found are taken, normalised to ISO codes and HTS units.
    expect(inv.countryOfOrigin).toBe("CN");
    // 02/11/2026 from a Chinese issuer is read day-first by both.
    expect(inv.invoiceDate).toBe("2026-11-02");
    expect(inv.currency).toBe("USD");
    expect(inv.paymentTerms).toBe("T/T 30 days");
    expect(inv.lineItems[0]).toMatchObject({ htsCode: "8201.10.0000", unit: "No.", quantity: 300, amount: 1260 });
    expect(r.provenance.paymentTerms).toMatchObject({ by: "llm" });
    // Values both extractors agree on gain confidence and keep their source line.
    expect(r.provenance.invoiceNumber).toMatchObject({ by: "both", source: { line: 4 } });
    expect(r.provenance.invoiceNumber!.confidence).toBeGreaterThan(0.92);
  });

  it("keeps a well-supported offline value when the model disagrees, and says so", async () => {
    const model = new FakeExtractionModel(llmAnswer({ invoiceNumber: "AGT-5527", totals: { subtotal: null, freight: null, insurance: null, discount: null, otherCharges: null, tax: null, total: 1290 } }));
    const r = await extractDocument({ text: TEXT }, { config, model });
    const inv = r.data as InvoiceData;
    expect(inv.invoiceNumber).toBe("AGT-5521");
    expect(inv.totals.total).toBe(1260);
    expect(r.warnings).toContainEqual(expect.stringMatching(/^invoiceNumber: offline extractor read "AGT-5521", model read "AGT-5527"/));
  });

  it("falls back to the offline result when the model's answer does not fit the schema", async () => {
    const model = new FakeExtractionModel({ type: "invoice", invoiceNumber: 42 });
    const r = await extractDocument({ text: TEXT }, { config, model });
    expect(r.extractors).toEqual(["offline"]);
    expect((r.data as InvoiceData).invoiceNumber).toBe("AGT-5521");
    expect(r.warnings[0]).toMatch(/LLM extractor failed/);
  });
});
