/**
 * `tollgate chat`: the line loop with the real assistant (attachments go with the next message
 * only), and the real command as `npm start` runs it, with its standard input piped.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatLoop, decideAtConsole, parseConsoleDecision } from "../../src/channels/cli/commands/chat.ts";
import { PROJECT_ROOT } from "../../src/config.ts";
import { BROKER, DOCUMENTS, NOT_A_BROKER, startProcess, tempSetup, type Process } from "./helpers.ts";

const setup = tempSetup("chat-e2e");
let p: Process;
beforeAll(async () => {
  p = await startProcess(setup.config);
});
afterAll(async () => {
  await p?.app.close();
  setup.cleanup();
});

async function* feed(lines: string[]): AsyncIterable<string> {
  for (const line of lines) yield line;
}

describe("tollgate chat", () => {
  it("keeps one thread, sends an attachment with the next message only, and stops at /exit", async () => {
    const out: string[] = [];
    const sent: number[] = [];
    const assistant = {
      send: async (msg: Parameters<typeof p.assistant.send>[0]) => {
        sent.push(msg.attachments.length);
        return p.assistant.send(msg);
      },
    };
    const invoice = path.join(DOCUMENTS, "commercial_invoices_text_demo", "demo2_clothing.txt");
    const code = await chatLoop(
      { assistant, threadId: "t-chat", identity: "bob", io: { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t) } },
      feed(["duty on 6110.20.2079 from China, value $12,000", `/attach ${invoice}`, "extract it", "what about from Vietnam?", "/thread", "/exit", "never sent"]),
    );
    expect(code).toBe(0);
    expect(sent).toEqual([0, 1, 0]);
    const text = out.join("\n");
    expect(text).toContain("Section 301");
    expect(text).toContain("BD-2026-4421");
    expect(text).toContain("from VN");
    expect(out).toContain("t-chat");
    expect(await p.app.store.documents.listByThread("t-chat")).toHaveLength(1);
  });

  it("lets a broker approve at the console, refuses anyone else, and the paused filing then completes", async () => {
    const invoice = path.join(DOCUMENTS, "commercial_invoices_text_demo", "demo2_clothing.txt");
    const threadId = "t-chat-approve";
    const draftId = async () => (await p.app.store.drafts.list({ threadId }))[0]!.id;
    // Lines are produced as the loop asks for them, so the draft id is known by the time it is typed.
    async function* script(): AsyncIterable<string> {
      yield `/attach ${invoice}`;
      yield "draft the entry";
      yield "file it";
      yield `/approve ${await draftId()}`;
    }
    const run = async (identity: string, lines: AsyncIterable<string>) => {
      const out: string[] = [];
      const err: string[] = [];
      const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) };
      const decide = (d: NonNullable<ReturnType<typeof parseConsoleDecision>>) => decideAtConsole(p.app, { channel: "cli", identity }, d);
      await chatLoop({ assistant: p.assistant, threadId, identity, io, decide }, lines);
      return { out: out.join("\n"), err: err.join("\n") };
    };
    const clerk = await run(NOT_A_BROKER, script());
    expect(clerk.err).toMatch(/Refused: .*broker/i);
    const waiting = (await p.app.store.drafts.list({ threadId }))[0]!;
    expect(waiting.status).toBe("awaiting_approval");

    async function* approve(): AsyncIterable<string> {
      yield `/approve ${waiting.id} ${waiting.version}`;
    }
    const broker = await run(BROKER, approve());
    expect(broker.err).toBe("");
    expect(broker.out).toContain(`Approved draft ${waiting.id} version ${waiting.version}`);
    expect((await p.app.store.drafts.get(waiting.id)).status).toBe("filed");
  });

  it("reads console decisions strictly", () => {
    expect(parseConsoleDecision("/approve d-1")).toEqual({ kind: "approve", draftId: "d-1", version: undefined, reason: undefined });
    expect(parseConsoleDecision("/approve d-1 2")).toMatchObject({ version: 2 });
    expect(parseConsoleDecision("/reject d-1 v3 value excludes assists")).toEqual({ kind: "reject", draftId: "d-1", version: 3, reason: "value excludes assists" });
    expect(parseConsoleDecision("/approve d-1 because I said so")).toBeNull();
    expect(parseConsoleDecision("/approve")).toBeNull();
  });

  it("runs as a process reading piped standard input", async () => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "bin", "tollgate.js"), "chat", "--thread", "t-chat-proc"], {
      env: { ...process.env, TOLLGATE_DATA_DIR: path.join(setup.dataDir, "proc"), OPENAI_API_KEY: "", LLM_BASE_URL: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stdin.end("help\nclassify frozen shrimp from Thailand\n");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(stdout).toContain("offline model");
    expect(stdout).toContain("I can help with US customs entries");
    expect(stdout).toMatch(/Classification candidates \(HTSUS [^)]+\):\n1\. \d{4}\.\d{2}\.\d{4} — /);
  });
});
