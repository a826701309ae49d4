/**
 * `tollgate chat`: the line loop with the real assistant (attachments go with the next message
 * only), and the real command as `npm start` runs it, with its standard input piped.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatLoop } from "../../src/channels/cli/commands/chat.ts";
import { PROJECT_ROOT } from "../../src/config.ts";
import { DOCUMENTS, startProcess, tempSetup, type Process } from "./helpers.ts";

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
