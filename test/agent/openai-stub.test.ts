/**
 * The OpenAI-compatible path end to end: with LLM_BASE_URL set, the agent talks to a local stub of
 * /v1/chat/completions (node http on 127.0.0.1) through the real ChatOpenAI client. The stub asks
 * for a tool call, then answers from the tool result it receives, so the test shows the tool
 * schemas, the system prompt and the tool output all crossing the wire.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ChatOpenAI } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/agent/assistant.ts";
import { createChatModel } from "../../src/agent/model.ts";
import { createApp, type AppContext } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";

interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: unknown; tool_calls?: unknown[] }>;
  tools?: Array<{ type: string; function: { name: string; parameters: { properties?: Record<string, unknown> } } }>;
}

const requests: ChatRequest[] = [];
let server: Server;
let baseUrl: string;
let replies = 0;

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The stub's answer: a calculate_duty call for a user turn, a summary of the tool result after it. */
function answer(request: ChatRequest): Record<string, unknown> {
  const last = request.messages[request.messages.length - 1]!;
  replies += 1;
  const message =
    last.role === "tool"
      ? { role: "assistant", content: `Duty per the tool: ${/"duty":"([\d.]+)"/.exec(JSON.stringify(last.content ?? "").replace(/\\"/g, '"'))?.[1] ?? "unknown"} USD (HTSUS cited).` }
      : {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: `call_${replies}`,
              type: "function",
              function: { name: "calculate_duty", arguments: JSON.stringify({ lines: [{ hts: "6110.20.2079", origin: "VN", value: "12000" }] }) },
            },
          ],
        };
  return {
    id: `chatcmpl-stub-${replies}`,
    object: "chat.completion",
    created: 1_790_000_000 + replies,
    model: request.model,
    choices: [{ index: 0, message, finish_reason: last.role === "tool" ? "stop" : "tool_calls" }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

const dataDir = mkdtempSync(path.join(tmpdir(), "tollgate-openai-stub-"));
let app: AppContext;

beforeAll(async () => {
  server = createServer((req, res) => {
    void body(req).then((raw) => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404).end();
        return;
      }
      const request = JSON.parse(raw) as ChatRequest;
      requests.push(request);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer(request)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const config = loadConfig({ TOLLGATE_DATA_DIR: dataDir, LLM_BASE_URL: baseUrl, LLM_MODEL: "stub-model" });
  app = await createApp(config, { clock: () => new Date("2026-11-21T12:00:00Z") });
});

afterAll(async () => {
  await app?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
});

describe("OpenAI-compatible model through a local stub", () => {
  it("picks ChatOpenAI when LLM_BASE_URL is set and the offline model otherwise", () => {
    expect(createChatModel(app.config, { countries: app.countries, knowledgeDir: app.config.knowledgeDir })).toBeInstanceOf(ChatOpenAI);
    expect(createChatModel({ llm: null }, { countries: app.countries, knowledgeDir: app.config.knowledgeDir })).not.toBeInstanceOf(ChatOpenAI);
  });

  it("runs a tool call and answers from the real tool result", async () => {
    const assistant = createAssistant(app);
    expect(assistant.modelKind).toBe("openai-compatible");
    const reply = await assistant.send({
      channel: "cli",
      threadId: "t-stub",
      author: { channel: "cli", identity: "bob" },
      text: "duty on 6110.20.2079 from Vietnam, $12,000",
      attachments: [],
    });
    expect(reply.toolCalls).toEqual([{ name: "calculate_duty", args: { lines: [{ hts: "6110.20.2079", origin: "VN", value: "12000" }] } }]);
    // The tool ran for real: the stub quoted the duty from the JSON it was sent back.
    const duty = (await app.store.dutyCalculations.latestForThread("t-stub"))!.result as { totals: { duty: string } };
    expect(reply.text).toBe(`Duty per the tool: ${duty.totals.duty} USD (HTSUS cited).`);

    expect(requests).toHaveLength(2);
    const first = requests[0]!;
    expect(first.model).toBe("stub-model");
    expect(first.messages[0]).toMatchObject({ role: "system" });
    // The system prompt arrives as text (a string or text blocks, depending on the client version).
    expect(JSON.stringify(first.messages[0]!.content)).toContain("Nothing is filed without a licensed customs broker's approval");
    const names = (first.tools ?? []).map((t) => t.function.name).sort();
    expect(names).toEqual(
      ["calculate_duty", "classify_product", "draft_declaration", "extract_document", "file_declaration", "lookup_hts", "search_rulings", "search_tariff", "show_draft", "update_draft"].sort(),
    );
    const duties = first.tools!.find((t) => t.function.name === "calculate_duty")!;
    expect(Object.keys(duties.function.parameters.properties ?? {})).toContain("lines");
    expect(requests[1]!.messages.at(-1)).toMatchObject({ role: "tool" });
  });
});
