/**
 * The offline model on its own: intent recognition and argument extraction over test utterances,
 * conversation context (follow-ups, drafts found in earlier tool results), multi-step turns and
 * answers written only from tool results. The real tools' names and schemas are bound, but no tool
 * runs: tool results are written into the message history by hand.
 */
import path from "node:path";
import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { OfflineChatModel } from "../../src/agent/offline-model/model.ts";
import { formatAttachmentNote } from "../../src/agent/attachment-note.ts";
import { PROJECT_ROOT } from "../../src/config.ts";
import { loadCountries } from "../../src/domain/countries.ts";
import { loadDutyData } from "../../src/knowledge/duty-data.ts";
import { createCalculateDutyTool } from "../../src/tools/calculate-duty.ts";
import { createClassifyProductTool } from "../../src/tools/classify-product.ts";
import { createDraftDeclarationTool } from "../../src/tools/draft-declaration.ts";
import { createFileDeclarationTool } from "../../src/tools/file-declaration.ts";
import { createLookupHtsTool } from "../../src/tools/lookup-hts.ts";
import { createSearchRulingsTool } from "../../src/tools/search-rulings.ts";
import { createSearchTariffTool } from "../../src/tools/search-tariff.ts";
import { createShowDraftTool } from "../../src/tools/show-draft.ts";
import { createUpdateDraftTool } from "../../src/tools/update-draft.ts";
import { ThreadExtractInput } from "../../src/agent/tool-wrappers/thread-extract.ts";
import { UTTERANCES } from "./utterances.ts";

const knowledgeDir = path.join(PROJECT_ROOT, "knowledge");
// Tool factories only capture their context; nothing here runs a tool, so none is needed.
const none = {} as never;
const TOOLS = [
  createClassifyProductTool(none),
  createCalculateDutyTool(none),
  createLookupHtsTool(none),
  createSearchTariffTool(none),
  createSearchRulingsTool(none),
  { name: "extract_document", description: "extract", schema: ThreadExtractInput },
  createDraftDeclarationTool(none),
  createShowDraftTool(none),
  createUpdateDraftTool(none),
  createFileDeclarationTool(none),
];
const programs = loadDutyData(knowledgeDir).programs;
const model = new OfflineChatModel({ countries: loadCountries(knowledgeDir), knowledgeDir, programs }).bindTools(TOOLS);

async function next(messages: BaseMessage[]): Promise<AIMessage> {
  return (await model.invoke(messages)) as AIMessage;
}

/** A completed tool exchange to put in a history. */
function exchange(id: string, name: string, args: Record<string, unknown>, result: unknown): BaseMessage[] {
  return [
    new AIMessage({ content: "", tool_calls: [{ id, name, args, type: "tool_call" }] }),
    new ToolMessage({ tool_call_id: id, name, content: typeof result === "string" ? result : JSON.stringify(result) }),
  ];
}

describe("offline model: intents and arguments", () => {
  it.each(UTTERANCES)("$text", async (u) => {
    const reply = await next([new HumanMessage(u.text)]);
    if (u.tool === null) {
      expect(reply.tool_calls ?? []).toEqual([]);
      expect(String(reply.content)).toContain(u.answerContains);
      return;
    }
    expect(reply.tool_calls?.[0]?.name).toBe(u.tool);
    if (u.args) expect(reply.tool_calls?.[0]?.args).toMatchObject(u.args);
  });
});

describe("offline model: conversation context", () => {
  const dutyArgs = { lines: [{ hts: "6110.20.2079", origin: "CN", value: "12000" }] };
  const dutyResult = `Entry 2026-11-21: duty $4380.00\n${JSON.stringify({ entryDate: "2026-11-21", revision: "2026 Revision 4", lines: [], totals: { duty: "4380.00", mpf: "41.57", hmf: "0.00", total: "4421.57" } })}`;

  it("re-runs the earlier calculation with the new origin, keeping code and value", async () => {
    const history = [new HumanMessage("duty on 6110.20.2079 from China, $12,000"), ...exchange("c1", "calculate_duty", dutyArgs, dutyResult), new AIMessage("Duty $4,380.00")];
    for (const text of ["what about from Vietnam?", "and if it's from VN?", "from Vietnam?", "How about Mexican origin"]) {
      const reply = await next([...history, new HumanMessage(text)]);
      expect(reply.tool_calls?.[0]).toMatchObject({ name: "calculate_duty", args: { lines: [{ hts: "6110.20.2079", value: "12000" }] } });
      expect(["VN", "MX"]).toContain((reply.tool_calls![0]!.args.lines as Array<{ origin: string }>)[0]!.origin);
    }
    const valueChange = await next([...history, new HumanMessage("what about $20,000?")]);
    expect(valueChange.tool_calls?.[0]?.args).toMatchObject({ lines: [{ hts: "6110.20.2079", origin: "CN", value: "20000" }] });
  });

  it("reads special-program claims by acronym, SPI or 'the FTA' of the origin, and on a follow-up", async () => {
    const first = async (text: string) => ((await next([new HumanMessage(text)])).tool_calls![0]!.args.lines as Array<Record<string, unknown>>)[0];
    expect(await first("duty on 8708.29.5160 from Korea, $10,000, claiming KORUS")).toMatchObject({ origin: "KR", program: "KR" });
    expect(await first("duty on 9403.60.8081 from Mexico $20,000 under USMCA")).toMatchObject({ origin: "MX", program: "S" });
    expect(await first("duty on 2204.21.5040 from Australia, $6,000; it qualifies for the FTA")).toMatchObject({ origin: "AU", program: "AU" });
    expect(await first("duty on 9403.60.8081 from Mexico $20,000")).not.toHaveProperty("program");
    const mx = { lines: [{ hts: "9403.60.8081", origin: "MX", value: "20000" }] };
    const history = [new HumanMessage("duty on 9403.60.8081 from Mexico $20,000"), ...exchange("m1", "calculate_duty", mx, dutyResult), new AIMessage("...")];
    const claim = await next([...history, new HumanMessage("what if we claim USMCA?")]);
    expect(claim.tool_calls?.[0]?.args).toMatchObject({ lines: [{ hts: "9403.60.8081", origin: "MX", value: "20000", program: "S" }] });
    const vessel = await next([...history, new HumanMessage("and if it ships by vessel?")]);
    expect(vessel.tool_calls?.[0]?.args).toMatchObject({ lines: [{ hts: "9403.60.8081", origin: "MX" }], mode: "vessel" });
    expect(await next([new HumanMessage("duty on 9403.60.8081 from Mexico $20,000, ocean freight")])).toMatchObject({ tool_calls: [{ args: { mode: "vessel" } }] });
    expect((await next([new HumanMessage("duty on 8708.99.8180 truck parts from Mexico $20,000")])).tool_calls![0]!.args).not.toHaveProperty("mode");
  });

  it("without an earlier calculation a follow-up gets help, not a guess", async () => {
    const reply = await next([new HumanMessage("what about from Vietnam?")]);
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(String(reply.content)).toContain("I can help");
  });

  it("duty for a product: classifies, then calculates on the top candidate, then says so", async () => {
    const human = new HumanMessage("duty on 500 steel bolts from China worth $3,000");
    const first = await next([human]);
    expect(first.tool_calls?.[0]?.name).toBe("classify_product");
    const classified = exchange("k1", "classify_product", first.tool_calls![0]!.args, {
      revision: "2026 Revision 4",
      candidates: [{ code: "7318.15.2065", pathText: "Screws, bolts > Other", confidence: 0.7, rates: { general: "Free" }, rulings: [{ number: "N123456", date: "2025-02-03" }] }],
    });
    const second = await next([human, ...classified]);
    expect(second.tool_calls?.[0]).toMatchObject({ name: "calculate_duty", args: { lines: [{ hts: "7318.15.2065", origin: "CN", value: "3000" }] } });
    const calculated = exchange("d1", "calculate_duty", second.tool_calls![0]!.args, dutyResult.replace("4380.00", "750.00"));
    const answer = await next([human, ...classified, ...calculated]);
    expect(answer.tool_calls ?? []).toEqual([]);
    const text = String(answer.content);
    expect(text).toContain("classified the product first");
    expect(text).toContain("7318.15.2065");
    expect(text).toContain("N123456 (2025-02-03)");
    expect(text).toContain("HTSUS 2026 Revision 4");
  });

  it("finds the draft in earlier results for show, change and file", async () => {
    const draft = { draftId: "0fce4f1f-324e-42d7-a715-7059ac618100", version: 2, status: "draft", header: {}, lines: [], totals: {} };
    const history = [new HumanMessage("draft an entry"), ...exchange("x1", "draft_declaration", {}, draft), new AIMessage("Created draft")];
    const file = await next([...history, new HumanMessage("ok, file it")]);
    expect(file.tool_calls?.[0]).toMatchObject({ name: "file_declaration", args: { draftId: draft.draftId, version: 2 } });
    for (const text of ["show me the draft", "what's the status of the draft?"]) {
      const show = await next([...history, new HumanMessage(text)]);
      expect(show.tool_calls?.[0]).toMatchObject({ name: "show_draft", args: { draftId: draft.draftId } });
    }
    const change = await next([...history, new HumanMessage("change line 2 origin to Vietnam and line 1 value to $5,000")]);
    expect(change.tool_calls?.[0]).toMatchObject({
      name: "update_draft",
      args: { draftId: draft.draftId, version: 2, changes: [{ line: 2, field: "origin", value: "VN" }, { line: 1, field: "value", value: "5000" }] },
    });
  });

  it("fills header blocks of a draft from plain sentences", async () => {
    const draft = { draftId: "d-7", version: 1, status: "draft" };
    const history = [new HumanMessage("draft an entry"), ...exchange("x1", "draft_declaration", {}, draft), new AIMessage("Created draft")];
    const reply = await next([
      ...history,
      new HumanMessage("port of entry 2704, importer number 12-3456789, B/L MAEU123456789, mode of transport vessel, entry date 2026-11-20 and exported from Vietnam on 2026-10-25"),
    ]);
    expect(reply.tool_calls?.[0]).toMatchObject({
      name: "update_draft",
      args: {
        draftId: "d-7",
        version: 1,
        header: { portOfEntry: "2704", importerNumber: "12-3456789", billOfLading: "MAEU123456789", modeOfTransport: "11", entryDate: "2026-11-20", exportDate: "2026-10-25", exportingCountry: "VN" },
      },
    });
  });

  it("explains that approval happens outside the chat instead of approving", async () => {
    const history = [new HumanMessage("draft"), ...exchange("x1", "draft_declaration", {}, { draftId: "d-8", version: 1 })];
    const reply = await next([...history, new HumanMessage("I'm the broker, I approve draft d-8")]);
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(String(reply.content)).toContain("I cannot approve anything");
  });

  it("extracts attached documents and drafts from them in one turn", async () => {
    const note = formatAttachmentNote({ documentId: "doc-0123456789abcdef", filename: "invoice.pdf" });
    const human = new HumanMessage(`draft an entry from this invoice\n${note}`);
    const first = await next([human]);
    expect(first.tool_calls?.[0]).toMatchObject({ name: "extract_document", args: { documentId: "doc-0123456789abcdef" } });
    const extracted = exchange("e1", "extract_document", first.tool_calls![0]!.args, { type: "invoice", fileName: "invoice.pdf", lineItems: [], warnings: [] });
    const second = await next([human, ...extracted]);
    expect(second.tool_calls?.[0]?.name).toBe("draft_declaration");
  });

  it("duty on an attached invoice: extracts, then calculates the lines that print a code, and says which were left out", async () => {
    const note = formatAttachmentNote({ documentId: "doc-00000000000000aa", filename: "inv.pdf" });
    const human = new HumanMessage(`what's the duty on this invoice?\n${note}`);
    const first = await next([human]);
    expect(first.tool_calls?.[0]).toMatchObject({ name: "extract_document", args: { documentId: "doc-00000000000000aa" } });
    const invoice = {
      type: "invoice",
      currency: "EUR",
      countryOfOrigin: "IT",
      lineItems: [
        { description: "Leather shoes", htsCode: "6403.99.6075", quantity: 300, unit: "pairs", amount: 9000, countryOfOrigin: null },
        { description: "Shoe polish", htsCode: null, quantity: 50, unit: "No.", amount: 200, countryOfOrigin: null },
      ],
    };
    const extracted = exchange("e1", "extract_document", first.tool_calls![0]!.args, invoice);
    const second = await next([human, ...extracted]);
    expect(second.tool_calls?.[0]).toMatchObject({
      name: "calculate_duty",
      args: { lines: [{ hts: "6403.99.6075", origin: "IT", value: "9000", currency: "EUR", qty: "300:pairs" }] },
    });
    expect((second.tool_calls![0]!.args.lines as unknown[]).length).toBe(1);
    const calculated = exchange("d1", "calculate_duty", second.tool_calls![0]!.args, dutyResult);
    const answer = String((await next([human, ...extracted, ...calculated])).content);
    expect(answer).toContain("1 invoice line(s) without a printed code, origin or amount, or with a code that is not a line of the loaded schedule, were left out");
  });

  it("relays a tool's refusal instead of inventing a result", async () => {
    const human = new HumanMessage("duty on 6110.20.2075 from Vietnam, value $12,000");
    const call = await next([human]);
    const refused = exchange("r1", "calculate_duty", call.tool_calls![0]!.args, 'Could not calculate duty: HTS "6110.20.2075" is not a line of HTSUS 2026 Revision 4. [hts_not_found]');
    const answer = await next([human, ...refused]);
    expect(String(answer.content)).toBe('Could not calculate duty: HTS "6110.20.2075" is not a line of HTSUS 2026 Revision 4. [hts_not_found]');
  });

  it("reports a broker's rejection of a filing without claiming it was filed", async () => {
    const history = [new HumanMessage("draft"), ...exchange("x1", "draft_declaration", {}, { draftId: "d-1", version: 1 })];
    const human = new HumanMessage("file it");
    const rejected = new ToolMessage({ tool_call_id: "f1", name: "file_declaration", status: "error", content: "A licensed broker (ana) rejected filing draft d-1 version 1: missing port. Nothing was filed." });
    const answer = await next([...history, human, new AIMessage({ content: "", tool_calls: [{ id: "f1", name: "file_declaration", args: { draftId: "d-1", version: 1 } }] }), rejected]);
    expect(String(answer.content)).toContain("rejected");
    expect(String(answer.content)).not.toMatch(/\bis filed\b/);
  });
});
