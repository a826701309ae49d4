/**
 * Recording wrappers: the classification and duty tools are pure (knowledge in, answer out), so the
 * registry wraps them to keep the thread's record and the audit chain. A classification's top
 * candidate is saved to the thread (the draft builder reuses it for the same goods) and each
 * calculation is saved with its request; both become audit events naming their sources.
 */
import type { StructuredToolInterface } from "@langchain/core/tools";
import { tool } from "langchain";
import type { AppContext } from "../../app.ts";
import { actorLabelOf, turnContextOf } from "../turn-context.ts";
import type { TurnContext } from "../agent.ts";

type Recorder = (app: AppContext, turn: TurnContext, input: Record<string, unknown>, result: Record<string, unknown>) => Promise<void>;

function parsed(text: unknown): Record<string, unknown> | null {
  if (typeof text !== "string") return null;
  const t = text.trim();
  // calculate_duty writes a summary line for the model before its JSON.
  const start = t.startsWith("{") ? 0 : t.indexOf("\n{") + 1;
  if (start < 0 || (start === 0 && !t.startsWith("{"))) return null;
  try {
    return JSON.parse(t.slice(start)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The same tool (name, description, schema, output) that also records each successful result. */
export function recorded(app: AppContext, inner: StructuredToolInterface, record: Recorder): StructuredToolInterface {
  return tool(
    async (input: Record<string, unknown>, runtime: unknown) => {
      const out: unknown = await inner.invoke(input);
      const result = parsed(out);
      // Only results are recorded: a refusal returned as text has nothing to keep.
      if (result) await record(app, turnContextOf(runtime), input, result);
      return typeof out === "string" ? out : JSON.stringify(out);
    },
    { name: inner.name, description: inner.description, schema: inner.schema as never },
  ) as unknown as StructuredToolInterface;
}

/** Saves the top candidate of a classification to the thread and audits it. */
export const recordClassification: Recorder = async (app, turn, input, result) => {
  const candidates = Array.isArray(result.candidates) ? (result.candidates as Array<Record<string, unknown>>) : [];
  const top = candidates[0];
  if (top && typeof top.code === "string") {
    await app.store.classifications.save({
      threadId: turn.threadId,
      description: String(input.description ?? ""),
      origin: typeof input.origin === "string" ? input.origin : null,
      hts: top.code,
      confidence: typeof top.confidence === "number" ? top.confidence : null,
      result,
    });
  }
  await app.store.audit.append({
    type: "classification",
    actor: actorLabelOf(turn),
    threadId: turn.threadId,
    inputs: { description: input.description, origin: input.origin ?? null },
    sources: {
      htsRevision: result.revision,
      candidates: candidates.map((c) => c.code),
      rulings: top && Array.isArray(top.rulings) ? (top.rulings as Array<Record<string, unknown>>).map((r) => `${String(r.number)} (${String(r.date)})`) : [],
    },
    summary: top ? `Top candidate ${String(top.code)}` : "No candidate",
  });
};

/** Saves a duty calculation to the thread and audits it with its citations. */
export const recordCalculation: Recorder = async (app, turn, input, result) => {
  const saved = await app.store.dutyCalculations.save({ threadId: turn.threadId, request: input, result });
  const lines = Array.isArray(result.lines) ? (result.lines as Array<Record<string, unknown>>) : [];
  await app.store.audit.append({
    type: "calculation",
    actor: actorLabelOf(turn),
    threadId: turn.threadId,
    inputs: input,
    sources: {
      htsRevision: result.revision,
      entryDate: result.entryDate,
      chapter99: lines.flatMap((l) => (Array.isArray(l.chapter99) ? (l.chapter99 as Array<Record<string, unknown>>).map((c) => c.heading) : [])),
      fees: result.fees,
    },
    refs: { calculationId: saved.id },
    summary: `Duty ${String((result.totals as Record<string, unknown> | undefined)?.duty ?? "?")} on ${lines.length} line(s)`,
  });
};
