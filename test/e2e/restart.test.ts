/**
 * A run paused for approval survives a restart: the thread's checkpoint is in the store's
 * database, so a new process (new store connection, new agent instance) sees the pending filing
 * and resumes it when a broker approves.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pendingFiling } from "../../src/agent/threads.ts";
import { BROKER, DOCUMENTS, decide, outboxEntries, say, startProcess, tempSetup, toolNames } from "./helpers.ts";

const setup = tempSetup("restart-e2e");
afterAll(() => setup.cleanup());

describe("restart between the pause and the approval", () => {
  it("resumes the paused thread in a new process and files", async () => {
    const thread = "t-restart";
    const first = await startProcess(setup.config);
    let draftId: string;
    try {
      const drafted = await say(first, thread, "draft an entry from this invoice", {
        attach: [path.join(DOCUMENTS, "commercial_invoices_text_demo", "demo2_clothing.txt")],
      });
      expect(toolNames(drafted)).toEqual(["extract_document", "draft_declaration"]);
      const asked = await say(first, thread, "file it");
      expect(asked.pendingApproval).not.toBeNull();
      draftId = asked.pendingApproval!.draftId;
    } finally {
      await first.app.close();
    }

    const second = await startProcess(setup.config);
    try {
      expect(await pendingFiling(second.assistant.agent, thread)).toEqual({ draftId, version: 1 });
      const waiting = await say(second, thread, "status?");
      expect(waiting.refused).toBe(true);
      const filed = await decide(second, draftId, 1, BROKER, "approve");
      expect(toolNames(filed)).toEqual(["file_declaration"]);
      expect(filed!.text).toMatch(/filed/i);
      expect(outboxEntries(setup.dataDir)).toEqual([`${draftId}-v1`]);
      // The conversation goes on after the filing, with its history.
      const after = await say(second, thread, "show the draft");
      expect(toolNames(after)).toEqual(["show_draft"]);
      expect(after.text).toContain("status filed");
    } finally {
      await second.app.close();
    }
  });
});
