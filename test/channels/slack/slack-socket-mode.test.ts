/**
 * The same conversation in Socket Mode: SLACK_APP_TOKEN set, Bolt's Socket Mode client opens its
 * connection through apps.connections.open on the fake Web API and receives envelopes from the
 * fake's WebSocket endpoint. A mention with an invoice, drafting, the approval card, a non-broker's
 * refused click, the broker's click filing once; a redelivered envelope runs no second turn.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APPROVE_ACTION } from "../../../src/channels/slack/blocks/approval.ts";
import { DOCUMENTS, outboxEntries } from "../../e2e/helpers.ts";
import { BROKER, CHANNEL, PREPARER, blocksText, clickBody, eventBody, startHarness, type Harness } from "./helpers.ts";

const INVOICE = path.join(DOCUMENTS, "commercial_invoices_tariffcheck", "invoice_thailand_1.pdf");

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ socketMode: true });
});
afterAll(async () => {
  await h?.close();
});

describe("Slack in Socket Mode", () => {
  const threadTs = "1765000000.000100";
  const thread = `slack:T1:${CHANNEL}:${threadTs}`;
  const event = (e: Record<string, unknown>, id: string) => JSON.parse(eventBody(e, id)) as Record<string, unknown>;

  it("connects through apps.connections.open with the app token", () => {
    expect(h.fake.socketConnected).toBe(true);
    const open = h.fake.callsOf("apps.connections.open");
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open[0]!.token).toBe(h.fake.appToken);
  });

  it("runs the invoice-to-filing conversation", async () => {
    const file = h.fake.addFile({ id: "FSM1", name: "invoice_thailand_1.pdf", mimetype: "application/pdf", data: readFileSync(INVOICE) });
    const mention = event({ type: "app_mention", channel: CHANNEL, user: PREPARER, ts: threadTs, text: "<@UBOT> extract this invoice", files: [file] }, "EvSM1");
    const first = await h.fake.sendEnvelope("events_api", mention);
    expect(first.ack.envelope_id).toBeDefined();
    // Redelivered (Slack retries an envelope it saw no ack for): no second turn.
    await h.fake.sendEnvelope("events_api", mention, 1);
    // The envelope is acknowledged before its job is enqueued: wait for the reply, then for the queue.
    await h.fake.waitFor("chat.postMessage", (a) => a.thread_ts === threadTs);
    await h.queue.idle();
    expect(h.fake.threadMessages(CHANNEL, threadTs)).toHaveLength(1);
    expect(blocksText(h.fake.threadMessages(CHANNEL, threadTs)[0]!.args.blocks)).toContain("CI-2026-87084");

    await h.fake.sendEnvelope("events_api", event({ type: "message", channel: CHANNEL, channel_type: "channel", user: PREPARER, ts: "1765000000.000200", thread_ts: threadTs, text: "draft an entry from the documents" }, "EvSM2"));
    await h.queue.idle();
    await h.fake.waitFor("files.completeUploadExternal", (a) => a.thread_ts === threadTs);
    await h.fake.sendEnvelope("events_api", event({ type: "message", channel: CHANNEL, channel_type: "channel", user: PREPARER, ts: "1765000000.000300", thread_ts: threadTs, text: "file it" }, "EvSM3"));
    await h.fake.waitFor("chat.postMessage", (a) => a.thread_ts === threadTs && JSON.stringify(a.blocks ?? []).includes(APPROVE_ACTION));
    await h.queue.idle();
    const posted = h.fake.threadMessages(CHANNEL, threadTs).find((c) => JSON.stringify(c.args.blocks ?? []).includes(APPROVE_ACTION))!;
    const card = { ts: String(posted.result!.ts), threadTs, blocks: posted.args.blocks as unknown[] };

    await h.fake.sendEnvelope("interactive", clickBody(card, APPROVE_ACTION, PREPARER));
    await h.fake.waitFor("chat.postEphemeral", (a) => a.user === PREPARER);
    await h.queue.idle();
    const [draft] = await h.app.store.drafts.list({ threadId: thread });
    expect(await h.app.store.approvals.listFor(draft!.id)).toEqual([]);

    await h.fake.sendEnvelope("interactive", clickBody(card, APPROVE_ACTION, BROKER));
    await h.fake.waitFor("chat.update", (a) => a.ts === card.ts);
    await h.queue.idle();
    expect((await h.app.store.drafts.get(draft!.id)).status).toBe("filed");
    expect(outboxEntries(h.dataDir)).toEqual([`${draft!.id}-v1`]);
    expect(blocksText(h.fake.callsOf("chat.update", (a) => a.ts === card.ts)[0]!.args.blocks)).toContain(`Approved by <@${BROKER}>`);
    expect((await h.app.store.audit.verify()).ok).toBe(true);
  });
});
