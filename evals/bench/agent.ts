/**
 * Agent benchmark (offline model): intent and argument accuracy of the first step on the test
 * utterances and on a held-out set written after the rules, and the wall time of whole turns
 * (model steps, real tools, checkpoint writes to embedded PGlite) in a realistic conversation.
 * Start-up (knowledge base load, database creation) is reported separately from turn time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { HumanMessage, type AIMessage } from "@langchain/core/messages";
import { createAssistant } from "../../src/agent/assistant.ts";
import { OfflineChatModel } from "../../src/agent/offline-model/model.ts";
import { buildTools } from "../../src/agent/tools.ts";
import { createApp } from "../../src/app.ts";
import { loadConfig, PROJECT_ROOT } from "../../src/config.ts";
import { UTTERANCES, type Utterance } from "../../test/agent/utterances.ts";
import { HELD_OUT, HELD_OUT_2 } from "../../test/agent/utterances-heldout.ts";

/** True when `actual` contains everything in `expected` (objects and arrays matched partially by key/index). */
function matches(actual: unknown, expected: unknown): boolean {
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return false;
    return Object.entries(expected).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v));
  }
  return isDeepStrictEqual(actual, expected);
}

interface Score {
  set: string;
  n: number;
  intent: number;
  full: number;
  misses: string[];
}

async function score(set: string, model: OfflineChatModel, utterances: Utterance[]): Promise<Score> {
  let intent = 0;
  let full = 0;
  const misses: string[] = [];
  for (const u of utterances) {
    const reply = (await model.invoke([new HumanMessage(u.text)])) as AIMessage;
    const call = reply.tool_calls?.[0];
    const intentOk = u.tool === null ? !call : call?.name === u.tool;
    const argsOk = u.tool === null ? String(reply.content).includes(u.answerContains ?? "") : !u.args || matches(call?.args, u.args);
    if (intentOk) intent += 1;
    if (intentOk && argsOk) full += 1;
    else misses.push(`${u.text} -> ${call ? `${call.name} ${JSON.stringify(call.args)}` : "(answer)"}`);
  }
  return { set, n: utterances.length, intent, full, misses };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs the benchmark. */
export async function bench(): Promise<{ title: string; markdown: string; json: unknown }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tollgate-bench-agent-"));
  const config = loadConfig({ TOLLGATE_DATA_DIR: dataDir, TOLLGATE_BROKERS: "cli:ana" });
  const t0 = performance.now();
  const app = await createApp(config, { clock: () => new Date("2026-11-21T12:00:00Z") });
  const startMs = performance.now() - t0;
  try {
    const model = new OfflineChatModel({ countries: app.countries, knowledgeDir: config.knowledgeDir, programs: app.dutyData.programs }).bindTools(buildTools(app));
    const scores = [
      await score("test utterances", model, UTTERANCES),
      await score("held-out utterances", model, HELD_OUT),
      await score("held-out utterances, set 2", model, HELD_OUT_2),
    ];

    const assistant = createAssistant(app);
    const invoice = path.join(PROJECT_ROOT, "evals", "datasets", "documents", "commercial_invoices_text_demo", "demo2_clothing.txt");
    const script: Array<{ label: string; text: string; attach?: string }> = [
      { label: "classify", text: "classify men's knitted cotton sweaters" },
      { label: "duty (code)", text: "duty on 6110.20.2079 from China, value $12,000" },
      { label: "follow-up origin", text: "what about from Vietnam?" },
      { label: "duty (classify first)", text: "duty on 500 steel bolts from China worth $3,000" },
      { label: "rulings", text: "rulings on knitted sweaters since 2024" },
      { label: "extract + draft", text: "draft an entry from this invoice", attach: invoice },
      { label: "file (pause)", text: "file it" },
    ];
    const rounds = 5;
    const times = new Map<string, number[]>(script.map((s) => [s.label, []]));
    for (let r = 0; r < rounds; r++) {
      const threadId = `t-bench-${r}`;
      for (const step of script) {
        const started = performance.now();
        await assistant.send({
          channel: "cli",
          threadId,
          author: { channel: "cli", identity: "bench" },
          text: step.text,
          attachments: step.attach ? [{ filename: path.basename(step.attach), path: step.attach }] : [],
        });
        times.get(step.label)!.push(performance.now() - started);
      }
    }
    const rows = script.map((s) => {
      const t = [...times.get(s.label)!].sort((a, b) => a - b);
      return { turn: s.label, medianMs: Math.round(percentile(t, 50)), p95Ms: Math.round(percentile(t, 95)), maxMs: Math.round(t[t.length - 1]!) };
    });
    const markdown = [
      "Offline model, first step of a fresh thread (tool chosen, and tool plus arguments):",
      "",
      "| set | n | intent | intent + arguments |",
      "|---|---|---|---|",
      ...scores.map((s) => `| ${s.set} | ${s.n} | ${s.intent}/${s.n} (${Math.round((100 * s.intent) / s.n)}%) | ${s.full}/${s.n} (${Math.round((100 * s.full) / s.n)}%) |`),
      "",
      ...scores.flatMap((s) => (s.misses.length ? [`Misses (${s.set}):`, ...s.misses.map((m) => `- ${m}`), ""] : [])),
      `Whole turns with real tools and PGlite checkpoints, ${rounds} conversations; start-up (knowledge base + database) ${Math.round(startMs)} ms:`,
      "",
      "| turn | median ms | p95 ms | max ms |",
      "|---|---|---|---|",
      ...rows.map((r) => `| ${r.turn} | ${r.medianMs} | ${r.p95Ms} | ${r.maxMs} |`),
    ].join("\n");
    return { title: "Agent (offline model)", markdown, json: { scores, startMs: Math.round(startMs), turns: rows, rounds } };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
