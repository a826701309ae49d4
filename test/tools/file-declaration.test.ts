import { mkdtempSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveDraft } from "../../src/agent/approval.ts";
import { OutboxFilingAdapter } from "../../src/filing/adapter.ts";
import type { EntryContext } from "../../src/filing/draft-service.ts";
import { PgliteDb } from "../../src/store/db.ts";
import { storeOver } from "../../src/store/index.ts";
import { createFileDeclarationTool, fileDeclaration } from "../../src/tools/file-declaration.ts";
import { builderDeps } from "../filing/fixtures.ts";
import { sampleDraft } from "../store/fixtures.ts";

describe("file_declaration", () => {
  let ctx: EntryContext;
  let outbox: string;
  beforeAll(async () => {
    outbox = mkdtempSync(path.join(tmpdir(), "tollgate-outbox-"));
    ctx = {
      store: await storeOver(await PgliteDb.open()),
      builder: await builderDeps(),
      brokers: [{ channel: "slack", identity: "U024BE7LH" }],
      adapter: new OutboxFilingAdapter(outbox),
    };
  });
  afterAll(async () => {
    await ctx.store.close();
    rmSync(outbox, { recursive: true, force: true });
  });

  it("files only after a broker approved that version, and says it was exported, not sent to CBP", async () => {
    const d = await ctx.store.drafts.create(sampleDraft(), { threadId: "t1", createdBy: "agent" });
    await expect(fileDeclaration({ draftId: d.id, version: 1 }, ctx, { threadId: "t1", actor: "agent" })).rejects.toMatchObject({ code: "not_approved" });
    await approveDraft(ctx, { draftId: d.id, version: 1, actor: { channel: "slack", identity: "U024BE7LH" } });
    const out = await fileDeclaration({ draftId: d.id, version: 1 }, ctx, { threadId: "t1", actor: "agent" });
    expect(out).toMatchObject({ status: "filed", filingStatus: "exported" });
    expect(String(out.message)).toMatch(/not been transmitted to CBP/);
    expect(existsSync(path.join(String(out.location), "entry-summary.pdf"))).toBe(true);
  });

  it("the wrapper returns a refusal as text, so the model can tell the user", async () => {
    const d = await ctx.store.drafts.create(sampleDraft(), { threadId: "t2", createdBy: "agent" });
    const t = createFileDeclarationTool(ctx);
    const text = String(await t.invoke({ draftId: d.id, version: 1 }, { configurable: { thread_id: "t2" } }));
    expect(text).toMatch(/^Not filed: .*not been approved by a broker/);
    expect((await ctx.store.drafts.get(d.id)).status).toBe("draft");
  });
});
