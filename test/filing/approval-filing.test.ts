import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveDraft, assertApprovedForFiling, rejectDraft, requestApproval } from "../../src/agent/approval.ts";
import type { BrokerIdentity } from "../../src/config.ts";
import { OutboxFilingAdapter } from "../../src/filing/adapter.ts";
import { fileDraft } from "../../src/filing/file-draft.ts";
import type { Store } from "../../src/store/index.ts";
import { sampleDraft } from "../store/fixtures.ts";
import { BACKENDS } from "../store/helpers.ts";

const brokers: BrokerIdentity[] = [
  { channel: "cli", identity: "ana" },
  { channel: "email", identity: "ana@broker.example" },
];

for (const backend of BACKENDS) describe.skipIf(backend.skip)(`approval and filing on ${backend.name}`, () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let outbox: string;
  beforeAll(async () => {
    ({ store, dispose } = await backend.open());
    outbox = mkdtempSync(path.join(tmpdir(), "tollgate-outbox-"));
  });
  afterAll(async () => {
    await dispose();
    rmSync(outbox, { recursive: true, force: true });
  });
  const deps = () => ({ store, brokers, adapter: new OutboxFilingAdapter(outbox) });

  it("refuses an approval by someone who is not a configured broker, and records nothing", async () => {
    const d = await store.drafts.create(sampleDraft(), { createdBy: "agent" });
    await expect(approveDraft(deps(), { draftId: d.id, actor: { channel: "cli", identity: "bob" } })).rejects.toMatchObject({ code: "not_a_broker" });
    // A broker's name on the wrong channel is not the broker either.
    await expect(approveDraft(deps(), { draftId: d.id, actor: { channel: "slack", identity: "ana" } })).rejects.toMatchObject({ code: "not_a_broker" });
    expect(await store.approvals.listFor(d.id)).toEqual([]);
    expect((await store.drafts.get(d.id)).status).toBe("draft");
  });

  it("files an approved draft: outbox package written, draft marked filed, audit chain intact", async () => {
    const d = await store.drafts.create(sampleDraft(), { threadId: "t-file", createdBy: "agent" });
    const waiting = await requestApproval(deps(), { draftId: d.id, version: 1, threadId: "t-file", requestedBy: "agent" });
    expect([waiting.status, waiting.waitingThreadId]).toEqual(["awaiting_approval", "t-file"]);
    const decided = await approveDraft(deps(), { draftId: d.id, actor: { channel: "email", identity: "Ana@Broker.example" } });
    expect(decided.waitingThreadId).toBe("t-file");
    expect(decided.draft.status).toBe("approved");

    const result = await fileDraft(deps(), { draftId: d.id, version: 1, actor: "agent" });
    expect(result.message).toMatch(/not been transmitted to CBP/);
    expect((await store.drafts.get(d.id)).status).toBe("filed");
    const dir = path.join(outbox, `${d.id}-v1`);
    expect(readdirSync(dir).sort()).toEqual(["audit.json", "draft.canonical.json", "draft.json", "entry-summary.pdf", "manifest.json"]);
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ status: "exported", contentHash: d.contentHash, approval: { by: "email:Ana@Broker.example" } });
    const audit = JSON.parse(readFileSync(path.join(dir, "audit.json"), "utf8")) as { type: string }[];
    expect(audit.map((e) => e.type)).toEqual(["approval_requested", "approval"]);
    expect(readFileSync(path.join(dir, "entry-summary.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
    expect((await store.audit.list({ refKey: "draftId", refValue: d.id })).map((e) => e.type)).toContain("filing");
    expect((await store.audit.verify()).ok).toBe(true);
    // Filing twice is refused.
    await expect(fileDraft(deps(), { draftId: d.id, version: 1, actor: "agent" })).rejects.toThrow(/already filed/);
  });

  it("will not file a version that was never approved", async () => {
    const d = await store.drafts.create(sampleDraft(), { createdBy: "agent" });
    await expect(fileDraft(deps(), { draftId: d.id, version: 1, actor: "agent" })).rejects.toMatchObject({ code: "not_approved" });
    expect(await store.filings.getFor(d.id, 1)).toBeNull();
  });

  it("will not file a draft edited after approval; the new version needs its own approval", async () => {
    const d = await store.drafts.create(sampleDraft(), { createdBy: "agent" });
    await approveDraft(deps(), { draftId: d.id, version: 1, actor: { channel: "cli", identity: "ana" } });
    await store.drafts.addVersion(d.id, sampleDraft({ importerNumber: "98-7654321" }), "agent");
    await expect(fileDraft(deps(), { draftId: d.id, version: 1, actor: "agent" })).rejects.toMatchObject({ code: "draft_superseded" });
    await expect(fileDraft(deps(), { draftId: d.id, version: 2, actor: "agent" })).rejects.toMatchObject({ code: "not_approved" });
    // Nor can the old version be approved again once it is superseded.
    await expect(approveDraft(deps(), { draftId: d.id, version: 1, actor: { channel: "cli", identity: "ana" } })).rejects.toMatchObject({ code: "draft_superseded" });
    await approveDraft(deps(), { draftId: d.id, version: 2, actor: { channel: "cli", identity: "ana" } });
    await expect(fileDraft(deps(), { draftId: d.id, version: 2, actor: "agent" })).resolves.toMatchObject({ status: "filed" });
  });

  it("will not file when the stored content was changed behind the approval's back", async () => {
    const d = await store.drafts.create(sampleDraft(), { createdBy: "agent" });
    await approveDraft(deps(), { draftId: d.id, actor: { channel: "cli", identity: "ana" } });
    const edited = { ...sampleDraft(), totals: { ...sampleDraft().totals, duty: "1.00" } };
    await store.db.query("update drafts set content = $1::jsonb where id = $2 and version = 1", [JSON.stringify(edited), d.id]);
    await expect(assertApprovedForFiling(deps(), d.id, 1)).rejects.toMatchObject({ code: "draft_tampered" });
  });

  it("will not file on the approval of a broker who has since been removed", async () => {
    const d = await store.drafts.create(sampleDraft(), { createdBy: "agent" });
    await approveDraft(deps(), { draftId: d.id, actor: { channel: "cli", identity: "ana" } });
    await expect(fileDraft({ ...deps(), brokers: [] }, { draftId: d.id, version: 1, actor: "agent" })).rejects.toMatchObject({ code: "approver_revoked" });
  });

  it("records a rejection with its reason, returns it for the conversation, and blocks filing", async () => {
    const d = await store.drafts.create(sampleDraft(), { threadId: "t-rej", createdBy: "agent" });
    await requestApproval(deps(), { draftId: d.id, version: 1, threadId: "t-rej", requestedBy: "agent" });
    await expect(rejectDraft(deps(), { draftId: d.id, actor: { channel: "cli", identity: "ana" }, reason: "  " })).rejects.toMatchObject({ code: "reason_required" });
    const r = await rejectDraft(deps(), { draftId: d.id, actor: { channel: "cli", identity: "ana" }, reason: "Importer number belongs to another client" });
    expect([r.reason, r.waitingThreadId, r.draft.status]).toEqual(["Importer number belongs to another client", "t-rej", "rejected"]);
    expect((await store.approvals.latestFor(d.id, 1))?.reason).toBe("Importer number belongs to another client");
    await expect(fileDraft(deps(), { draftId: d.id, version: 1, actor: "agent" })).rejects.toThrow(/rejected: Importer number belongs/);
    const events = await store.audit.list({ refKey: "draftId", refValue: d.id });
    expect(events.at(-1)).toMatchObject({ type: "rejection", actor: "cli:ana" });
  });
});
