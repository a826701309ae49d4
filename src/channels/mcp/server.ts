/**
 * Tollgate's read-only tools over the Model Context Protocol, so brokers can use them from other AI
 * clients: classify, search the tariff, search rulings, look an HTS code up, calculate duty and
 * extract a document. Each tool calls the same plain function the agent's tool does. Drafting,
 * editing and filing entries are deliberately not exposed: those go through a conversation and a
 * broker's approval. Nothing here writes to the store.
 */
import { Buffer } from "node:buffer";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Config } from "../../config.ts";
import { extractDocument } from "../../documents/extract.ts";
import { toPlainJson } from "../../documents/output.ts";
import type { DutyData } from "../../knowledge/duty-data.ts";
import { describeError, DocumentError, InputError, isUserError } from "../../errors.ts";
import type { KnowledgeBase } from "../../knowledge/knowledge-base.ts";
import { CalculateDutyInput, calculateDutyTool } from "../../tools/calculate-duty.ts";
import { ClassifyProductInput, classifyProductTool } from "../../tools/classify-product.ts";
import { LookupHtsInput, lookupHtsTool } from "../../tools/lookup-hts.ts";
import { SearchRulingsInput, searchRulingsTool } from "../../tools/search-rulings.ts";
import { SearchTariffInput, searchTariffTool } from "../../tools/search-tariff.ts";

/** The names of the tools served, in the order they are listed. */
export const MCP_TOOLS = ["classify_product", "search_tariff", "search_rulings", "lookup_hts", "calculate_duty", "extract_document"] as const;

/** What the MCP tools need. The knowledge base may still be loading when the server starts. */
export interface McpDeps {
  config: Config;
  knowledge: () => Promise<KnowledgeBase>;
  dutyData: DutyData;
  clock: () => Date;
  version: string;
}

/** Input of `extract_document` over MCP: the document's content, never a path on the server. */
export const McpExtractInput = z.object({
  filename: z.string().min(1).max(255).describe("The document's file name, e.g. invoice-4471.pdf (its extension helps detect the format)"),
  contentBase64: z.string().optional().describe("The file's bytes, base64-encoded (PDF, PNG, JPEG or text)"),
  text: z.string().optional().describe("The document's text, when it was pasted or came in an e-mail body"),
  typeHint: z.enum(["invoice", "packing_list", "bill_of_lading"]).optional().describe("Document type if already known; otherwise it is detected"),
});

async function run(fn: () => Promise<unknown>): Promise<CallToolResult> {
  try {
    const result = await fn();
    return { content: [{ type: "text", text: JSON.stringify(result, null, 2) }], structuredContent: result as Record<string, unknown> };
  } catch (err) {
    // A user-fixable failure is a tool error the client's model can act on; others propagate.
    if (!isUserError(err)) throw err;
    return { isError: true, content: [{ type: "text", text: describeError(err) }] };
  }
}

/** Decodes and size-checks an uploaded document. */
function decode(input: z.infer<typeof McpExtractInput>, maxBytes: number): Uint8Array | undefined {
  if (input.contentBase64 === undefined) {
    if (input.text === undefined) throw new InputError("Give the document as contentBase64 or as text.", "no_document");
    return undefined;
  }
  const clean = input.contentBase64.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new InputError("contentBase64 is not base64.", "invalid_base64");
  if ((clean.length * 3) / 4 > maxBytes + 3) throw new DocumentError(`${input.filename} is larger than the ${Math.round(maxBytes / 1048576)} MB limit.`, "document_too_large");
  return new Uint8Array(Buffer.from(clean, "base64"));
}

/** Builds an MCP server with Tollgate's read-only tools. */
export function createMcpServer(deps: McpDeps): McpServer {
  const server = new McpServer({ name: "tollgate", version: deps.version }, { capabilities: { tools: {} } });
  const readOnly = { readOnlyHint: true, destructiveHint: false, openWorldHint: false };

  server.registerTool("classify_product", {
    title: "Classify a product",
    description: "Propose HTSUS 10-digit codes for a product description, with confidence, the schedule path and supporting CBP rulings. A licensed broker confirms the classification before filing.",
    inputSchema: ClassifyProductInput,
    annotations: readOnly,
  }, async (args) => run(async () => classifyProductTool(args, { knowledge: await deps.knowledge() })));

  server.registerTool("search_tariff", {
    title: "Search the tariff schedule",
    description: "Find lines of the Harmonized Tariff Schedule (HTSUS) matching words, with rates, units and the revision.",
    inputSchema: SearchTariffInput,
    annotations: readOnly,
  }, async (args) => run(async () => searchTariffTool(args, { knowledge: await deps.knowledge() })));

  server.registerTool("search_rulings", {
    title: "Search CBP rulings",
    description: "Find CBP classification rulings about a product or issue, optionally by code prefix and date range; each hit links to rulings.cbp.gov.",
    inputSchema: SearchRulingsInput,
    annotations: readOnly,
  }, async (args) => run(async () => searchRulingsTool(args, { knowledge: await deps.knowledge() })));

  server.registerTool("lookup_hts", {
    title: "Look an HTS code up",
    description: "Check that an HTS code is a line of the loaded schedule revision and show its path, rates, units and the lines below it.",
    inputSchema: LookupHtsInput,
    annotations: readOnly,
  }, async (args) => run(async () => lookupHtsTool(args, { knowledge: await deps.knowledge() })));

  server.registerTool("calculate_duty", {
    title: "Calculate duty",
    description: "Duties, chapter 99 additional duties and fees (MPF, HMF) for entry lines on an entry date, each amount with its legal source.",
    inputSchema: CalculateDutyInput,
    annotations: readOnly,
  }, async (args) => run(async () => {
    const kb = await deps.knowledge();
    return calculateDutyTool(args, { schedule: kb.schedule, dutyData: deps.dutyData, clock: deps.clock });
  }));

  server.registerTool("extract_document", {
    title: "Extract a shipping document",
    description: "Read a commercial invoice, packing list or bill of lading (PDF, scan, photo or text, sent as content) and return its fields with a confidence and source line per field. Nothing is stored.",
    inputSchema: McpExtractInput,
    annotations: readOnly,
  }, async (args) => run(async () => {
    const bytes = decode(args, deps.config.limits.maxFileBytes);
    const result = await extractDocument({ bytes, text: bytes ? undefined : args.text, filename: args.filename, typeHint: args.typeHint }, { config: deps.config });
    return toPlainJson(result, true);
  }));

  return server;
}
