/**
 * `tollgate classify "<description>" [--origin CN] [--k 5] [--json]` proposes HTS codes for one
 * product. `tollgate classify --batch <in.jsonl|-> [--k N]` classifies many in one process: each
 * input line `{"id", "description", "origin"?}` yields one output line
 * `{"id", "candidates": [{"code", "confidence", ...}], "lowConfidence", "questions"}`; a bad line
 * yields `{"id", "error"}` and the batch goes on (evaluations rely on this form). When a chat model is
 * configured (LLM_BASE_URL / OPENAI_API_KEY) it re-ranks the candidates; `--no-rerank` keeps the
 * offline ranking. Offline, the output is the classifier's alone.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createOpenAiCompatibleModel } from "../../../agent/model.ts";
import type { Config } from "../../../config.ts";
import { describeError, InputError, isUserError } from "../../../errors.ts";
import type { KnowledgeBase } from "../../../knowledge/knowledge-base.ts";
import { classifyProductTool, type ClassifyProductResult } from "../../../tools/classify-product.ts";
import type { CliCommand, CliContext } from "../io.ts";
import { openKnowledgeBase } from "./index.ts";
import { parseK } from "./search-tariff.ts";

/** The compact per-candidate form written in batch mode. */
function batchCandidates(r: ClassifyProductResult) {
  return r.candidates.map((c) => ({
    code: c.code,
    confidence: c.confidence,
    score: c.score,
    pathText: c.pathText,
    rulings: c.rulings.map((x) => x.number),
    rationale: c.rationale,
    // Only a re-ranked result carries the model's reason, so offline lines stay as they were.
    ...(c.llmReason !== undefined ? { llmReason: c.llmReason } : {}),
  }));
}

/** Fields a re-ranked result adds to a batch line; none offline. */
function batchRerank(r: ClassifyProductResult) {
  return { ...(r.rerankedBy ? { rerankedBy: r.rerankedBy } : {}), ...(r.rerankWarning ? { rerankWarning: r.rerankWarning } : {}) };
}

/** The re-ranking model: only when one is configured and not turned off. */
export function rerankModel(config: Config, off: boolean | undefined): BaseChatModel | undefined {
  return config.llm && !off ? createOpenAiCompatibleModel(config.llm) : undefined;
}

/** One batch record (`{ id?, description, origin? }`) classified into its output object; InputError for a bad record. */
export async function classifyRecord(record: unknown, kb: KnowledgeBase, k: number, rerank?: BaseChatModel, where = "the record"): Promise<Record<string, unknown>> {
  if (record === null || typeof record !== "object" || Array.isArray(record)) throw new InputError(`${where} is not a JSON object`, "batch_line_invalid");
  const r = record as Record<string, unknown>;
  const id = r.id ?? null;
  if (typeof r.description !== "string" || r.description.trim() === "") throw new InputError(`${where} has no "description" text`, "batch_line_invalid");
  if (r.origin !== undefined && r.origin !== null && typeof r.origin !== "string") throw new InputError(`${where}: "origin" must be a string`, "batch_line_invalid");
  const result = await classifyProductTool({ description: r.description, origin: (r.origin as string | null) ?? undefined, k }, { knowledge: kb, rerankModel: rerank });
  return { id, candidates: batchCandidates(result), lowConfidence: result.lowConfidence, questions: result.questions, ...batchRerank(result) };
}

/** Classifies every line of a JSONL text; returns the output lines. */
export async function classifyBatch(text: string, kb: KnowledgeBase, k: number, rerank?: BaseChatModel): Promise<string[]> {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    let id: unknown = null;
    try {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        throw new InputError(`line ${i + 1} is not valid JSON`, "batch_line_invalid");
      }
      id = (record as { id?: unknown } | null)?.id ?? null;
      out.push(JSON.stringify(await classifyRecord(record, kb, k, rerank, `line ${i + 1}`)));
    } catch (err) {
      if (!isUserError(err)) throw err;
      out.push(JSON.stringify({ id, error: describeError(err) }));
    }
  }
  return out;
}

function human(r: ClassifyProductResult): string {
  if (r.candidates.length === 0) return "No candidate found; describe the product more fully.";
  const out = [`Candidates (HTSUS ${r.revision})${r.origin ? `, origin ${r.origin}` : ""}:`];
  r.candidates.forEach((c, i) => {
    out.push(`${i + 1}. ${c.code}  ${Math.round(c.confidence * 100)}%  ${c.pathText}`);
    out.push(`   general ${c.rates.general || "-"}; ${c.rationale}`);
    if (c.llmReason) out.push(`   model: ${c.llmReason}`);
    for (const x of c.rulings) out.push(`   ${x.number} (${x.date}, ${x.match}): ${x.link}`);
  });
  if (r.rerankedBy) out.push("", "Order re-ranked by the configured language model among the classifier's candidates.");
  if (r.rerankWarning) out.push("", `Note: ${r.rerankWarning}`);
  if (r.lowConfidence) out.push("", "Low confidence. These facts would decide:", ...r.questions.map((q) => `- ${q}`));
  out.push("", "A licensed customs broker confirms the classification before filing.");
  return out.join("\n");
}

async function readBatch(file: string, ctx: CliContext): Promise<string> {
  if (file === "-") {
    if (!ctx.io.readStdin) throw new InputError("No standard input to read the batch from.", "usage");
    return ctx.io.readStdin();
  }
  return readFile(file, "utf8").catch((err: unknown) => {
    throw new InputError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}.`, "batch_missing", err);
  });
}

const command: CliCommand = {
  summary: "Propose HTS codes for a product description (one, or a JSONL batch).",
  usage: 'tollgate classify "<description>" [--origin CN] [--k 5] [--json] [--no-rerank]\ntollgate classify --batch <in.jsonl|-> [--k 5] [--json] [--no-rerank]   (one JSON line out per line in)\n  --no-rerank  keep the offline ranking even when a chat model is configured',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { origin: { type: "string" }, k: { type: "string" }, json: { type: "boolean" }, batch: { type: "string" }, "no-rerank": { type: "boolean" } },
    });
    const k = parseK(values.k, 5, 20);
    const rerank = rerankModel(ctx.config, values["no-rerank"]);
    if (values.batch !== undefined) {
      if (positionals.length > 0) throw new InputError(`Give either a description or --batch, not both.\nUsage: ${command.usage}`, "usage");
      const text = await readBatch(values.batch, ctx);
      const kb = await openKnowledgeBase(ctx.config);
      for (const line of await classifyBatch(text, kb, k, rerank)) ctx.io.stdout(line);
      return 0;
    }
    const description = positionals.join(" ").trim();
    if (!description) throw new InputError(`No description given.\nUsage: ${command.usage}`, "usage");
    const kb = await openKnowledgeBase(ctx.config);
    const result = await classifyProductTool({ description, origin: values.origin, k }, { knowledge: kb, rerankModel: rerank });
    ctx.io.stdout(values.json ? JSON.stringify(result, null, 2) : human(result));
    return 0;
  },
};

export default command;
