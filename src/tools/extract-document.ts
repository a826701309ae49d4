/**
 * `extract_document` tool: reads a shipper's commercial invoice, packing list or bill of lading
 * (PDF, scan, photo or text) and returns its structured data with confidence per field and
 * arithmetic warnings. Input errors (missing, encrypted, corrupt, oversized files) go back to
 * the model as text so it can ask the user for another copy.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { tool } from "langchain";
import { z } from "zod";
import type { Config } from "../config.ts";
import { extractDocument } from "../documents/extract.ts";
import { toPlainJson } from "../documents/output.ts";
import { DocumentError, InputError } from "../errors.ts";
import { userErrorsAsText } from "./tool-result.ts";

/** Tool input. */
export const ExtractDocumentInput = z
  .object({
    path: z.string().optional().describe("Path of the document file (PDF, PNG, JPEG or .txt/.eml) to read"),
    text: z.string().optional().describe("The document's text, when it was pasted or came in an e-mail body"),
    typeHint: z
      .enum(["invoice", "packing_list", "bill_of_lading"])
      .optional()
      .describe("Document type if already known; otherwise it is detected"),
  })
  .describe("A document to extract: give either path or text");

/** Dependencies of the tool. */
export interface ExtractDocumentContext {
  config: Config;
  model?: BaseChatModel;
}

/** Extracts one document and returns the plain JSON result with provenance. */
export async function extractDocumentTool(input: z.infer<typeof ExtractDocumentInput>, ctx: ExtractDocumentContext): Promise<Record<string, unknown>> {
  if (!input.path && input.text === undefined) throw new InputError("Give either a file path or the document text.");
  let bytes: Uint8Array | undefined;
  if (input.path) {
    const stat = await fs.stat(input.path).catch((err: unknown) => {
      throw new DocumentError(`Cannot read ${input.path}: file not found or not accessible.`, "document_not_found", err);
    });
    if (stat.size > ctx.config.limits.maxFileBytes) {
      throw new DocumentError(`${path.basename(input.path)} is larger than the ${Math.round(ctx.config.limits.maxFileBytes / 1048576)} MB limit.`, "document_too_large");
    }
    bytes = await fs.readFile(input.path);
  }
  const result = await extractDocument(
    { bytes, text: bytes ? undefined : input.text, filename: input.path ? path.basename(input.path) : undefined, typeHint: input.typeHint },
    { config: ctx.config, model: ctx.model },
  );
  return toPlainJson(result, true);
}

/** LangChain wrapper; user-fixable failures are returned as text for the model. */
export function createExtractDocumentTool(ctx: ExtractDocumentContext) {
  return tool(
    userErrorsAsText("Could not extract the document", async (input: z.infer<typeof ExtractDocumentInput>) => JSON.stringify(await extractDocumentTool(input, ctx))),
    {
      name: "extract_document",
      description:
        "Read a commercial invoice, packing list or bill of lading / waybill (PDF, scan, photo or pasted text) and return its fields " +
        "(parties, invoice number and date, currency, Incoterms, origin, line items with HTS codes, totals, B/L transport data) with " +
        "a confidence and source line per field and arithmetic warnings. Use it whenever a user sends or points to a shipping document.",
      schema: ExtractDocumentInput,
    },
  );
}
