/**
 * `tollgate extract <file>...`: extracts shipping documents and prints them for a person, or as
 * JSON for scripts. With several files it also cross-checks them (same parties, quantities,
 * weights). When an LLM is configured (OPENAI_API_KEY / LLM_BASE_URL) its reading is reconciled
 * with the offline extractor's; `--offline` skips it for reproducible output.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";
import type { Config } from "../../../config.ts";
import { crossCheckDocuments } from "../../../documents/cross-check.ts";
import { extractDocument } from "../../../documents/extract.ts";
import { toPlainJson } from "../../../documents/output.ts";
import type { ExtractionResult } from "../../../documents/schemas.ts";
import { DocumentError, InputError } from "../../../errors.ts";
import type { CliCommand } from "../io.ts";

const TYPES: Record<string, "invoice" | "packing_list" | "bill_of_lading"> = {
  invoice: "invoice",
  "packing-list": "packing_list",
  "bill-of-lading": "bill_of_lading",
};

function human(r: ExtractionResult, withProvenance: boolean): string {
  const out = [`${r.filename ?? "document"}: ${r.type} (${r.typeReason}; read by ${r.method}, ${r.pages} page(s))`];
  const plain = toPlainJson(r) as Record<string, unknown>;
  const skip = new Set(["type", "schemaVersion", "typeReason", "method", "pages", "warnings"]);
  const fmt = (v: unknown) => (v === null ? "-" : typeof v === "object" ? JSON.stringify(v) : String(v));
  const tag = (key: string) => {
    const p = r.provenance[key];
    return withProvenance && p ? `  [${p.confidence}${p.source ? ` p${p.source.page} l${p.source.line}` : ""}${p.by !== "offline" ? ` ${p.by}` : ""}]` : "";
  };
  for (const [k, v] of Object.entries(plain)) {
    if (skip.has(k) || Array.isArray(v)) continue;
    // Parties, carrier and totals are shown field by field so each keeps its own provenance.
    if (v !== null && typeof v === "object") {
      for (const [sub, sv] of Object.entries(v)) if (sv !== null) out.push(`  ${k}.${sub}: ${fmt(sv)}${tag(`${k}.${sub}`)}`);
    } else out.push(`  ${k}: ${fmt(v)}${tag(k)}`);
  }
  const items = (plain.lineItems ?? plain.containers ?? []) as unknown[];
  items.forEach((li, i) => out.push(`  ${plain.lineItems ? "line" : "container"} ${i + 1}: ${JSON.stringify(li)}`));
  for (const w of r.warnings) out.push(`  WARNING: ${w}`);
  return out.join("\n");
}

/** The configured OpenAI-compatible model, or none when no LLM is configured. */
function configuredModel(config: Config): BaseChatModel | undefined {
  if (!config.llm) return undefined;
  return new ChatOpenAI({
    model: config.llm.model,
    // Local servers accept any key, but the client refuses to start without one.
    apiKey: config.llm.apiKey?.reveal() ?? "not-needed",
    configuration: config.llm.baseUrl ? { baseURL: config.llm.baseUrl } : undefined,
    maxRetries: 1,
  });
}

const command: CliCommand = {
  summary: "Extract a commercial invoice, packing list or bill of lading (PDF, scan, photo or text).",
  usage: "tollgate extract <file> [<file>...] [--type invoice|packing-list|bill-of-lading] [--json] [--provenance] [--offline]",
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { type: { type: "string" }, json: { type: "boolean" }, provenance: { type: "boolean" }, offline: { type: "boolean" } },
    });
    if (positionals.length === 0) throw new InputError(`No file given.\nUsage: ${command.usage}`, "usage");
    if (values.type !== undefined && !TYPES[values.type]) {
      throw new InputError(`--type must be invoice, packing-list or bill-of-lading, got "${values.type}".`, "usage");
    }
    const model = values.offline ? undefined : configuredModel(ctx.config);
    const results: ExtractionResult[] = [];
    for (const file of positionals) {
      const bytes = await fs.readFile(file).catch((err: unknown) => {
        throw new DocumentError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}.`, "document_not_found", err);
      });
      results.push(await extractDocument({ bytes, filename: path.basename(file), typeHint: values.type ? TYPES[values.type] : undefined }, { config: ctx.config, model }));
    }
    const cross = results.length > 1 ? crossCheckDocuments(results) : null;
    if (values.json) {
      const docs = results.map((r) => toPlainJson(r, values.provenance ?? false));
      ctx.io.stdout(JSON.stringify(results.length === 1 ? docs[0] : { documents: docs, crossCheck: cross }, null, 2));
    } else {
      ctx.io.stdout(results.map((r) => human(r, values.provenance ?? false)).join("\n\n"));
      if (cross) ctx.io.stdout(cross.differences.length ? `Cross-check differences:\n${cross.differences.map((d) => `  - ${d.message}`).join("\n")}` : "Cross-check: documents agree.");
    }
    return 0;
  },
};

export default command;
