/**
 * classify_product with a re-ranking model: a fake chat model, and the real ChatOpenAI client against
 * a local OpenAI-compatible stub (127.0.0.1, no network). Without a model the result is the
 * classifier's own, unchanged.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyBatch } from "../../src/channels/cli/commands/classify.ts";
import { createOpenAiCompatibleModel } from "../../src/agent/model.ts";
import { main } from "../../src/channels/cli/main.ts";
import { loadConfig } from "../../src/config.ts";
import { createKnowledgeBase, type KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { classifyProductTool } from "../../src/tools/classify-product.ts";
import { FakeRankingModel } from "../knowledge/fake-ranking-model.ts";

const DESCRIPTION = "children's halloween costume, knitted polyester, dress and hat";
let knowledge: KnowledgeBase;
let offlineCodes: string[];
let server: Server;
let baseUrl: string;
const requests: Array<Record<string, unknown>> = [];

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The stub ranks the last candidate listed first, plus one invented code; as JSON content or a tool call, whichever was asked. */
function answer(request: Record<string, unknown>, n: number): Record<string, unknown> {
  const messages = request.messages as Array<{ content: string }>;
  const listed = [...messages[messages.length - 1]!.content.matchAll(/^(\d{4}\.\d{2}\.\d{2}(?:\d{2})?) \|/gm)].map((m) => m[1]!);
  const ranking = { ranking: [{ code: "0101.01.0101", reason: "invented" }, { code: listed[listed.length - 1]!, reason: "its path text names the goods" }] };
  const message = request.response_format
    ? { role: "assistant", content: JSON.stringify(ranking) }
    : { role: "assistant", content: null, tool_calls: [{ id: `call_${n}`, type: "function", function: { name: "rank_candidates", arguments: JSON.stringify(ranking) } }] };
  return { id: `chatcmpl-rerank-${n}`, object: "chat.completion", created: 1_790_000_000 + n, model: request.model, choices: [{ index: 0, message, finish_reason: "stop" }], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } };
}

beforeAll(async () => {
  knowledge = await createKnowledgeBase(loadConfig({}));
  offlineCodes = (await knowledge.classifier.classify(DESCRIPTION, { k: 20 })).candidates.map((c) => c.code);
  server = createServer((req, res) => {
    void body(req).then((raw) => {
      const request = JSON.parse(raw) as Record<string, unknown>;
      requests.push(request);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer(request, requests.length)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}, 180_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("classify_product re-ranking", () => {
  it("without a model returns exactly the classifier's ranking", async () => {
    const res = await classifyProductTool({ description: DESCRIPTION, k: 5 }, { knowledge });
    const own = await knowledge.classifier.classify(DESCRIPTION, { k: 5 });
    const { note, ...rest } = res;
    expect(rest).toEqual(own);
    expect(note).not.toMatch(/re-ranked/);
    expect("rerankedBy" in res).toBe(false);
  });

  it("a fake model brings a lower candidate to the top; every code stays a schedule line among the candidates", async () => {
    expect(offlineCodes.length).toBe(20);
    const last = offlineCodes[19]!;
    const model = new FakeRankingModel({ ranking: [{ code: last, reason: "path text" }, { code: offlineCodes[0]!, reason: "path text" }] });
    const res = await classifyProductTool({ description: DESCRIPTION, k: 3 }, { knowledge, rerankModel: model });
    expect(res.rerankedBy).toBe("llm");
    expect(res.candidates.map((c) => c.code)).toEqual([last, offlineCodes[0], offlineCodes[1]]);
    for (const c of res.candidates) expect(knowledge.schedule.validate(c.code).valid).toBe(true);
    expect(res.note).toMatch(/re-ranked by the language model/);
  });

  it("through the real OpenAI client and a local stub, an invented code is dropped (batch form)", async () => {
    const model = createOpenAiCompatibleModel({ model: "local-stub", baseUrl });
    const [line] = await classifyBatch(JSON.stringify({ id: "x", description: DESCRIPTION }), knowledge, 2, model);
    const out = JSON.parse(line!) as { candidates: Array<{ code: string; llmReason?: string }>; rerankedBy?: string; rerankWarning?: string };
    expect(requests.length).toBeGreaterThan(0);
    expect(out.rerankedBy).toBe("llm");
    expect(out.rerankWarning).toMatch(/Dropped 1 code/);
    expect(out.candidates.map((c) => c.code)).toEqual([offlineCodes[19], offlineCodes[0]]);
    expect(out.candidates[0]!.llmReason).toMatch(/path text/);
  });

  it("the CLI re-ranks when a model is configured, and --no-rerank keeps the offline ranking", async () => {
    const env = { LLM_BASE_URL: baseUrl, LLM_MODEL: "local-stub" };
    const run = async (...extra: string[]) => {
      const stdout: string[] = [];
      expect(await main(["classify", DESCRIPTION, "--json", "--k", "2", ...extra], { stdout: (t) => stdout.push(t), stderr: () => {} }, env)).toBe(0);
      return JSON.parse(stdout.join("")) as { candidates: Array<{ code: string }>; rerankedBy?: string };
    };
    const reranked = await run();
    expect(reranked.rerankedBy).toBe("llm");
    expect(reranked.candidates[0]!.code).toBe(offlineCodes[19]);
    const before = requests.length;
    const offline = await run("--no-rerank");
    expect(requests.length).toBe(before);
    expect(offline.rerankedBy).toBeUndefined();
    expect(offline.candidates.map((c) => c.code)).toEqual(offlineCodes.slice(0, 2));
  }, 120_000);
});
