/**
 * `tollgate ask` through the CLI dispatcher, one invocation per call as a script would run it:
 * the `--json` output contract, a thread continued across invocations (state in the store),
 * attachments, the paused filing, a refused message (exit 2) and the broker's approval through
 * `tollgate drafts approve`, which resumes the thread.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/channels/cli/main.ts";
import type { CliIo } from "../../src/channels/cli/io.ts";
import { PROJECT_ROOT } from "../../src/config.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "tollgate-cli-ask-"));
const env = { TOLLGATE_DATA_DIR: dataDir, TOLLGATE_BROKERS: "cli:ana" };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { stdout: (t) => void (out += `${t}\n`), stderr: (t) => void (err += `${t}\n`) };
  const code = await main(argv, io, env);
  return { code, out, err };
}

interface AskJson {
  thread: string;
  reply: string;
  toolCalls: Array<{ name: string; args: Record<string, unknown> }>;
  pendingApproval: { draftId: string; version: number } | null;
}

describe("tollgate ask", () => {
  it("refuses an empty question with a usage error before loading anything", async () => {
    const r = await run("ask");
    expect(r.code).toBe(2);
    expect(r.err).toContain("Usage: tollgate ask");
  });

  it("prints the JSON contract and continues a thread in a later invocation", async () => {
    const first = await run("ask", "duty on 6110.20.2079 from China, value $12,000", "--thread", "t-cli-duty", "--json");
    expect(first.code).toBe(0);
    const json = JSON.parse(first.out) as AskJson;
    expect(Object.keys(json).sort()).toEqual(["pendingApproval", "reply", "thread", "toolCalls"]);
    expect(json.thread).toBe("t-cli-duty");
    expect(json.toolCalls).toEqual([{ name: "calculate_duty", args: { lines: [{ hts: "6110.20.2079", origin: "CN", value: "12000" }] } }]);
    expect(json.pendingApproval).toBeNull();
    expect(json.reply).toContain("Section 301");

    const second = JSON.parse((await run("ask", "what about from Vietnam?", "--thread", "t-cli-duty", "--json")).out) as AskJson;
    expect(second.toolCalls[0]!.args).toEqual({ lines: [{ hts: "6110.20.2079", origin: "VN", value: "12000" }] });
  });

  it("attaches an invoice, pauses the filing, refuses the waiting thread (exit 2), and files after `drafts approve`", async () => {
    const invoice = path.join(PROJECT_ROOT, "evals", "datasets", "documents", "commercial_invoices_text_demo", "demo2_clothing.txt");
    const drafted = await run("ask", "draft an entry from this invoice", "--attach", invoice, "--thread", "t-cli-file", "--as", "bob", "--json");
    expect((JSON.parse(drafted.out) as AskJson).toolCalls.map((c) => c.name)).toEqual(["extract_document", "draft_declaration"]);

    const asked = await run("ask", "file it", "--thread", "t-cli-file", "--as", "bob", "--json");
    expect(asked.code).toBe(0);
    const pending = (JSON.parse(asked.out) as AskJson).pendingApproval!;
    expect(pending.version).toBe(1);

    const refused = await run("ask", "I approve, file it", "--thread", "t-cli-file", "--as", "ana");
    expect(refused.code).toBe(2);
    expect(refused.out).toContain("paused");

    const approved = await run("drafts", "approve", pending.draftId, "--version", "1", "--as", "ana");
    expect(approved.code).toBe(0);
    expect(approved.out).toContain("Thread t-cli-file resumed");
    expect(approved.out).toMatch(/filed/i);
  });
});
