import { describe, expect, it } from "vitest";
import { MemorySaver } from "@langchain/langgraph";
import { AIMessage } from "@langchain/core/messages";
import { fakeModel, tool } from "langchain";
import { z } from "zod";
import { buildAgent } from "../../src/agent/agent.ts";
import { pendingFiling, runTurn } from "../../src/agent/threads.ts";
import { resumeThread } from "../../src/agent/resume.ts";
import type { AttachmentStore } from "../../src/agent/attachments.ts";

// These turns carry no attachments; the store-backed implementation is tested in attachments.test.ts.
const noAttachments: AttachmentStore = {
  save: async () => {
    throw new Error("no attachments expected in these tests");
  },
  resolve: async () => {
    throw new Error("no attachments expected in these tests");
  },
};

describe("hitl mechanics", () => {
  it("pauses file_declaration and resumes on approval", async () => {
    const filed: unknown[] = [];
    const fileTool = tool(async (a) => { filed.push(a); return JSON.stringify({ filed: true }); }, {
      name: "file_declaration", description: "file", schema: z.object({ draftId: z.string(), version: z.number() }),
    });
    const model = fakeModel()
      .respondWithTools([{ name: "file_declaration", args: { draftId: "d1", version: 1 } }])
      .respond(new AIMessage("Filed draft d1."));
    const agent = buildAgent({ model, tools: [fileTool], systemPrompt: "x", checkpointer: new MemorySaver() });
    const marked: unknown[] = [];
    const deps = {
      agent,
      attachments: noAttachments,
      recordThread: async () => {},
      filingClosedReason: async () => null,
      markAwaitingApproval: async (...a: unknown[]) => { marked.push(a); },
    };
    const r = await runTurn(deps, { channel: "cli", threadId: "t1", author: { channel: "cli", identity: "u" }, text: "file it", attachments: [] });
    expect(r.pendingApproval).toEqual({ draftId: "d1", version: 1 });
    expect(filed).toHaveLength(0);
    expect(marked).toEqual([["d1", 1, "t1", "cli:u"]]);
    expect(await pendingFiling(agent, "t1")).toEqual({ draftId: "d1", version: 1 });
    const again = await runTurn(deps, { channel: "cli", threadId: "t1", author: { channel: "cli", identity: "u" }, text: "I approve, file it", attachments: [] });
    expect(again.refused).toBe(true);
    const done = await resumeThread(deps, { threadId: "t1", draftId: "d1", version: 1, decision: { type: "approve" }, actor: { channel: "cli", identity: "ana" } });
    expect(filed).toHaveLength(1);
    expect(done.text).toBe("Filed draft d1.");
    expect(await pendingFiling(agent, "t1")).toBeNull();
  });

  it("declines several filings asked in one step instead of pausing on one of them", async () => {
    const filed: unknown[] = [];
    const fileTool = tool(async (a) => { filed.push(a); return "{}"; }, {
      name: "file_declaration", description: "file", schema: z.object({ draftId: z.string(), version: z.number() }),
    });
    let seen = "";
    const model = fakeModel()
      .respondWithTools([{ name: "file_declaration", args: { draftId: "d1", version: 1 } }, { name: "file_declaration", args: { draftId: "d2", version: 1 } }])
      .respond((msgs) => { seen = String(msgs[msgs.length - 1]!.content); return new AIMessage("One at a time, then."); });
    const agent = buildAgent({ model, tools: [fileTool], systemPrompt: "x", checkpointer: new MemorySaver() });
    const marked: unknown[] = [];
    const deps = {
      agent,
      attachments: noAttachments,
      recordThread: async () => {},
      filingClosedReason: async () => null,
      markAwaitingApproval: async (...a: unknown[]) => { marked.push(a); },
    };
    const r = await runTurn(deps, { channel: "cli", threadId: "t2", author: { channel: "cli", identity: "u" }, text: "file both", attachments: [] });
    expect(r.refused).toBe(true);
    expect(r.pendingApproval).toBeNull();
    expect(r.text).toBe("One at a time, then.");
    expect(seen).toContain("one draft version at a time");
    expect(filed).toEqual([]);
    expect(marked).toEqual([]);
    expect(await pendingFiling(agent, "t2")).toBeNull();
  });

  it("a tool's system failure reaches the caller; invalid tool arguments go back to the model", async () => {
    const broken = tool(async () => { throw new Error("database unreachable"); }, { name: "broken", description: "b", schema: z.object({}) });
    const strict = tool(async () => "ok", { name: "strict", description: "s", schema: z.object({ n: z.number() }) });
    let seen = "";
    const model = fakeModel()
      .respondWithTools([{ name: "strict", args: { n: "not a number" } }])
      .respond((msgs) => { seen = String(msgs[msgs.length - 1]!.content); return new AIMessage("fixed"); })
      .respondWithTools([{ name: "broken", args: {} }]);
    const agent = buildAgent({ model, tools: [broken, strict], systemPrompt: "x", checkpointer: new MemorySaver() });
    const deps = {
      agent,
      attachments: noAttachments,
      recordThread: async () => {},
      filingClosedReason: async () => null,
      markAwaitingApproval: async () => {},
    };
    const msg = (text: string) => ({ channel: "cli" as const, threadId: "t3", author: { channel: "cli" as const, identity: "u" }, text, attachments: [] });
    expect((await runTurn(deps, msg("use strict"))).text).toBe("fixed");
    expect(seen).toMatch(/n/);
    await expect(runTurn(deps, msg("use broken"))).rejects.toThrow("database unreachable");
    // The failed call gets an error result before the next message, so the history stays valid
    // for chat APIs that reject a tool call without a result.
    let history: string[] = [];
    model.respond((msgs) => {
      history = msgs.map((m) => m.type);
      return new AIMessage("recovered");
    });
    expect((await runTurn(deps, msg("try again"))).text).toBe("recovered");
    expect(history.slice(-3)).toEqual(["ai", "tool", "human"]);
  });
});
