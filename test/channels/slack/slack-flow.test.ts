/**
 * The Slack conversation end to end over HTTP: signed requests to the real receiver mounted on an
 * express app, the real agent (offline model), store and approval service, and a fake Slack Web
 * API recording what a broker would see. A mention with an invoice PDF, "draft an entry", "file
 * it", the approval card, a non-broker's refused click, typed "approve" ignored, the broker's click
 * filing it exactly once, the card updated and the audit chain intact.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCUMENTS, outboxEntries } from "../../e2e/helpers.ts";
import { APPROVE_ACTION } from "../../../src/channels/slack/blocks/approval.ts";
import { BROKER, CHANNEL, PREPARER, blocksText, clickBody, sendEvent, sendInteraction, startHarness, type Harness } from "./helpers.ts";
import type { FakeCall } from "./fake-slack.ts";

const INVOICE = path.join(DOCUMENTS, "commercial_invoices_tariffcheck", "invoice_thailand_1.pdf");

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The approval card posted into a thread, with the ts the fake gave it. */
function approvalCard(threadTs: string): { ts: string; threadTs: string; blocks: unknown[] } | null {
  const card = h.fake.threadMessages(CHANNEL, threadTs).find((c) => JSON.stringify(c.args.blocks ?? []).includes(APPROVE_ACTION));
  return card ? { ts: String(card.result!.ts), threadTs, blocks: card.args.blocks as unknown[] } : null;
}

function lastText(calls: FakeCall[]): string {
  const last = calls.at(-1);
  return last ? `${String(last.args.text)}\n${blocksText(last.args.blocks)}` : "";
}

describe("Slack: invoice to filing in one thread", () => {
  const threadTs = "1764800000.000100";
  const thread = `slack:T1:${CHANNEL}:${threadTs}`;

  it("answers a mention with an attached invoice in its thread, with the extraction summary", async () => {
    const file = h.fake.addFile({ id: "F1INV", name: "invoice_thailand_1.pdf", mimetype: "application/pdf", data: readFileSync(INVOICE) });
    const sent = await sendEvent(h, { type: "app_mention", channel: CHANNEL, user: PREPARER, ts: threadTs, text: "<@UBOT> extract this invoice", files: [file] });
    expect(sent.status).toBe(200);
    await h.queue.idle();
    expect(h.fake.downloads).toEqual([{ id: "F1INV", authorized: true }]);
    const replies = h.fake.threadMessages(CHANNEL, threadTs);
    expect(replies).toHaveLength(1);
    expect(lastText(replies)).toContain("CI-2026-87084");
    expect(lastText(replies)).not.toContain("<@UBOT>");
    const docs = await h.app.store.documents.listByThread(thread);
    expect(docs.map((d) => d.fileName)).toEqual(["invoice_thailand_1.pdf"]);
    // A long turn gets the working reaction, removed once answered.
    expect(h.fake.callsOf("reactions.add", (a) => a.timestamp === threadTs)).toHaveLength(1);
    expect(h.fake.callsOf("reactions.remove", (a) => a.timestamp === threadTs)).toHaveLength(1);
  });

  it("drafts the entry from a plain reply in the thread: draft card and the 7501 PDF uploaded into the thread", async () => {
    const sent = await sendEvent(h, { type: "message", channel: CHANNEL, channel_type: "channel", user: PREPARER, ts: "1764800000.000200", thread_ts: threadTs, text: "draft an entry from the documents" });
    expect(sent.status).toBe(200);
    await h.queue.idle();
    const [draft] = await h.app.store.drafts.list({ threadId: thread });
    expect(draft).toBeDefined();
    const text = lastText(h.fake.threadMessages(CHANNEL, threadTs));
    expect(text).toContain(`Entry summary draft ${draft!.id} v1`);
    expect(text).toContain("Entered value");
    const complete = await h.fake.waitFor("files.completeUploadExternal");
    expect(complete.args).toMatchObject({ channel_id: CHANNEL, thread_ts: threadTs });
    expect(JSON.stringify(complete.args.files)).toContain(`draft ${draft!.id} v1`);
    const upload = h.fake.uploads.at(-1)!;
    // The client posts the bytes as a multipart form; the PDF is inside, whole.
    expect(upload.bytes.includes("%PDF-")).toBe(true);
    expect(upload.bytes.includes("%%EOF")).toBe(true);
  });

  it("'file it' pauses the filing and posts the approval card in the thread", async () => {
    await sendEvent(h, { type: "message", channel: CHANNEL, channel_type: "channel", user: PREPARER, ts: "1764800000.000300", thread_ts: threadTs, text: "file it" });
    await h.queue.idle();
    const [draft] = await h.app.store.drafts.list({ threadId: thread });
    expect(draft!.status).toBe("awaiting_approval");
    const card = approvalCard(threadTs);
    expect(card).not.toBeNull();
    const seen = blocksText(card!.blocks);
    expect(seen).toContain(`Approval needed: draft ${draft!.id} v1`);
    expect(seen).toContain(draft!.contentHash.slice(0, 12));
    expect(seen).toContain("Approve");
    expect(seen).toContain("Reject");
    expect(seen).toContain(`<@${PREPARER}>`);
  });

  it("a non-broker's click is refused with an ephemeral message and changes nothing", async () => {
    const card = approvalCard(threadTs)!;
    const before = h.fake.calls.length;
    const sent = await sendInteraction(h, clickBody(card, APPROVE_ACTION, PREPARER));
    expect(sent.status).toBe(200);
    const refusal = await h.fake.waitFor("chat.postEphemeral", (a) => a.user === PREPARER);
    expect(String(refusal.args.text)).toMatch(/only a licensed customs broker/i);
    await h.queue.idle();
    const [draft] = await h.app.store.drafts.list({ threadId: thread });
    expect(draft!.status).toBe("awaiting_approval");
    expect(await h.app.store.approvals.listFor(draft!.id)).toEqual([]);
    expect(h.fake.calls.slice(before).filter((c) => c.method === "chat.update" || c.method === "chat.postMessage")).toEqual([]);
  });

  it("typed 'approve' by the broker approves nothing", async () => {
    await sendEvent(h, { type: "message", channel: CHANNEL, channel_type: "channel", user: BROKER, ts: "1764800000.000400", thread_ts: threadTs, text: "I am the broker. approve" });
    await h.queue.idle();
    expect(lastText(h.fake.threadMessages(CHANNEL, threadTs))).toMatch(/paused/);
    const [draft] = await h.app.store.drafts.list({ threadId: thread });
    expect(await h.app.store.approvals.listFor(draft!.id)).toEqual([]);
    expect(outboxEntries(h.dataDir)).toEqual([]);
  });

  it("the broker's click files it exactly once, updates the card and resumes the thread", async () => {
    const card = approvalCard(threadTs)!;
    const click = clickBody(card, APPROVE_ACTION, BROKER);
    const sent = await sendInteraction(h, click);
    expect(sent.status).toBe(200);
    // The same click delivered again (a retry) does nothing more.
    await sendInteraction(h, click);
    await h.queue.idle();
    const [draft] = await h.app.store.drafts.list({ threadId: thread });
    expect(draft!.status).toBe("filed");
    expect(await h.app.store.filings.getFor(draft!.id, 1)).not.toBeNull();
    expect(outboxEntries(h.dataDir)).toEqual([`${draft!.id}-v1`]);
    const update = h.fake.callsOf("chat.update", (a) => a.ts === card.ts);
    expect(update).toHaveLength(1);
    const updated = blocksText(update[0]!.args.blocks);
    expect(updated).toContain(`Approved by <@${BROKER}>`);
    expect(JSON.stringify(update[0]!.args.blocks)).not.toContain(APPROVE_ACTION);
    expect(lastText(h.fake.threadMessages(CHANNEL, threadTs))).toMatch(/filed/i);
    const approvals = await h.app.store.approvals.listFor(draft!.id);
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({ decision: "approved", actorChannel: "slack", actorIdentity: BROKER, contentHash: draft!.contentHash });
    expect((await h.app.store.audit.verify()).ok).toBe(true);
    // A second broker click on the decided card is refused, naming the earlier decision.
    await sendInteraction(h, clickBody(card, APPROVE_ACTION, BROKER));
    await h.queue.idle();
    const again = await h.fake.waitFor("chat.postEphemeral", (a) => a.user === BROKER);
    expect(String(again.args.text)).toMatch(/already filed|already approved/);
    expect(outboxEntries(h.dataDir)).toHaveLength(1);
    expect(h.queue.failures).toEqual([]);
  });
});
