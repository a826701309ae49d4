/**
 * The Slack adapter's safety and delivery guarantees over HTTP: rejection with a reason through
 * the modal, a retried event delivered three times running one turn, bad signatures and stale
 * timestamps refused with 401, a click on a stale version's card refused naming the current
 * version, files checked before download, Web API errors retried or reported, and the
 * `/tollgate` slash command.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entryContext } from "../../../src/agent/tools.ts";
import { editDraft } from "../../../src/filing/draft-service.ts";
import { APPROVE_ACTION, REJECT_ACTION, REJECT_VIEW } from "../../../src/channels/slack/blocks/approval.ts";
import { DOCUMENTS, outboxEntries } from "../../e2e/helpers.ts";
import {
  BROKER,
  CHANNEL,
  PREPARER,
  blocksText,
  clickBody,
  eventBody,
  postSigned,
  sendCommand,
  sendEvent,
  sendInteraction,
  startHarness,
  type Harness,
} from "./helpers.ts";

const CLOTHING = path.join(DOCUMENTS, "commercial_invoices_text_demo", "demo2_clothing.txt");

let h: Harness;
let seq = 0;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

function newTs(): string {
  seq += 1;
  return `1764900${String(seq).padStart(3, "0")}.000100`;
}

/** Mentions Tollgate with the clothing invoice, asks to draft and to file; returns the thread, draft id and card. */
async function threadAwaitingApproval(): Promise<{ threadTs: string; draftId: string; card: { ts: string; threadTs: string; blocks: unknown[] } }> {
  const threadTs = newTs();
  const file = h.fake.addFile({ id: `F${threadTs.replace(".", "")}`, name: "demo2_clothing.txt", mimetype: "text/plain", data: readFileSync(CLOTHING) });
  await sendEvent(h, { type: "app_mention", channel: CHANNEL, user: PREPARER, ts: threadTs, text: "<@UBOT> draft an entry from this invoice", files: [file] });
  await h.queue.idle();
  await sendEvent(h, { type: "message", channel: CHANNEL, channel_type: "channel", user: PREPARER, ts: newTs(), thread_ts: threadTs, text: "please file the draft" });
  await h.queue.idle();
  const [draft] = await h.app.store.drafts.list({ threadId: `slack:T1:${CHANNEL}:${threadTs}` });
  expect(draft?.status).toBe("awaiting_approval");
  const posted = h.fake.threadMessages(CHANNEL, threadTs).find((c) => JSON.stringify(c.args.blocks ?? []).includes(APPROVE_ACTION))!;
  return { threadTs, draftId: draft!.id, card: { ts: String(posted.result!.ts), threadTs, blocks: posted.args.blocks as unknown[] } };
}

describe("Slack: rejection through the modal", () => {
  it("a non-broker's Reject opens nothing; the broker's opens the modal, a reason is required, the rejection reaches the thread", async () => {
    const { threadTs, draftId, card } = await threadAwaitingApproval();
    const opened = h.fake.callsOf("views.open").length;
    await sendInteraction(h, clickBody(card, REJECT_ACTION, PREPARER));
    await h.fake.waitFor("chat.postEphemeral", (a) => a.user === PREPARER && /only a licensed customs broker/i.test(String(a.text)));
    expect(h.fake.callsOf("views.open")).toHaveLength(opened);

    const click = clickBody(card, REJECT_ACTION, BROKER);
    await sendInteraction(h, click);
    const open = await h.fake.waitFor("views.open", (a) => a.trigger_id === click.trigger_id);
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe(REJECT_VIEW);
    expect(blocksText(view.blocks)).toContain(`Reject draft *${draftId}* version *1*`);

    const submission = (reason: string, user = BROKER) => ({
      type: "view_submission",
      team: { id: "T1" },
      user: { id: user, team_id: "T1" },
      api_app_id: "A1",
      view: { id: `V-${reason.length}-${user}`, hash: "h1", callback_id: REJECT_VIEW, private_metadata: view.private_metadata, state: { values: { reason: { reason_input: { type: "plain_text_input", value: reason } } } } },
    });
    const empty = await sendInteraction(h, submission("   "));
    expect(empty.status).toBe(200);
    expect(JSON.parse(empty.text)).toMatchObject({ response_action: "errors", errors: { reason: expect.stringMatching(/needs a reason/) } });
    const forged = await sendInteraction(h, submission("looks wrong", PREPARER));
    expect(JSON.parse(forged.text)).toMatchObject({ response_action: "errors" });
    await h.queue.idle();
    expect(await h.app.store.approvals.listFor(draftId)).toEqual([]);

    const ok = await sendInteraction(h, submission("Importer number missing; add it and resubmit."));
    expect(ok.status).toBe(200);
    await h.queue.idle();
    const draft = await h.app.store.drafts.get(draftId, 1);
    expect(draft.status).toBe("rejected");
    expect(await h.app.store.filings.getFor(draftId, 1)).toBeNull();
    const update = h.fake.callsOf("chat.update", (a) => a.ts === card.ts);
    expect(update).toHaveLength(1);
    expect(blocksText(update[0]!.args.blocks)).toContain(`Rejected by <@${BROKER}>`);
    expect(blocksText(update[0]!.args.blocks)).toContain("Importer number missing");
    const last = h.fake.threadMessages(CHANNEL, threadTs).at(-1)!;
    expect(String(last.args.text)).toMatch(/rejected/i);
    expect(String(last.args.text)).toContain("Importer number missing");
  });
});

describe("Slack: stale cards", () => {
  it("a click on the card of a version since edited is refused, naming the current version, and files nothing", async () => {
    const { draftId, card } = await threadAwaitingApproval();
    await editDraft(entryContext(h.app), { draftId, changes: [{ line: 1, field: "value", value: "21000" }], actor: "web:ana" });
    const outbox = outboxEntries(h.dataDir).length;
    await sendInteraction(h, clickBody(card, APPROVE_ACTION, BROKER));
    await h.queue.idle();
    const refusal = await h.fake.waitFor("chat.postEphemeral", (a) => a.user === BROKER && String(a.text).includes(draftId));
    expect(String(refusal.args.text)).toContain("the current version is 2");
    expect(await h.app.store.approvals.listFor(draftId)).toEqual([]);
    expect(h.fake.callsOf("chat.update", (a) => a.ts === card.ts)).toEqual([]);
    expect(outboxEntries(h.dataDir)).toHaveLength(outbox);
  });
});

describe("Slack: deliveries", () => {
  it("an event delivered three times (Slack retries) and again as a thread message runs one turn", async () => {
    const ts = newTs();
    const event = { type: "app_mention", channel: CHANNEL, user: PREPARER, ts, text: "<@UBOT> classify men's knitted cotton sweaters" };
    const first = await sendEvent(h, event, { eventId: "EvRetry1" });
    const second = await sendEvent(h, event, { eventId: "EvRetry1", headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    const third = await sendEvent(h, event, { eventId: "EvRetry1", headers: { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout" } });
    const twin = await sendEvent(h, { ...event, type: "message", channel_type: "channel" }, { eventId: "EvTwin1" });
    expect([first.status, second.status, third.status, twin.status]).toEqual([200, 200, 200, 200]);
    await h.queue.idle();
    const replies = h.fake.threadMessages(CHANNEL, ts);
    expect(replies).toHaveLength(1);
    const text = blocksText(replies[0]!.args.blocks);
    // Candidates rendered as Block Kit: code, confidence, path.
    expect(text).toMatch(/`\d{4}\.\d{2}\.\d{4}`\*\s+\d+%/);
    const classifications = await h.app.store.classifications.listByThread(`slack:T1:${CHANNEL}:${ts}`);
    expect(classifications).toHaveLength(1);
  });

  it("ignores bot messages (Tollgate's own included) and edits", async () => {
    const before = h.queue.enqueued;
    await sendEvent(h, { type: "message", channel: "D1", channel_type: "im", user: "UBOT", bot_id: "BBOT", ts: newTs(), text: "classify socks" });
    await sendEvent(h, { type: "message", channel: "D1", channel_type: "im", bot_id: "BOTHER", subtype: "bot_message", ts: newTs(), text: "classify socks" });
    await sendEvent(h, { type: "message", channel: "D1", channel_type: "im", subtype: "message_changed", ts: newTs(), message: { text: "x" } });
    await h.queue.idle();
    expect(h.queue.enqueued).toBe(before);
  });

  it("answers a direct message in its thread", async () => {
    const ts = newTs();
    await sendEvent(h, { type: "message", channel: "D1", channel_type: "im", user: PREPARER, ts, text: "duty on 6110.20.2079 from China, value $12,000" });
    await h.queue.idle();
    const [reply] = h.fake.threadMessages("D1", ts);
    const text = blocksText(reply!.args.blocks);
    expect(text).toContain("Duty for entry");
    expect(text).toMatch(/\+ 9903\.\d{2}\.\d{2}/);
    expect(text).toContain("*Total*");
  });

  it("refuses a bad signature and a stale timestamp with 401, and does nothing", async () => {
    const before = h.queue.enqueued;
    const body = eventBody({ type: "app_mention", channel: CHANNEL, user: PREPARER, ts: newTs(), text: "<@UBOT> classify socks" });
    const bad = await postSigned(h, body, "application/json", { secret: "not-the-secret" });
    const stale = await postSigned(h, body, "application/json", { timestamp: Math.floor(Date.now() / 1000) - 60 * 10 });
    expect(bad.status).toBe(401);
    expect(stale.status).toBe(401);
    await h.queue.idle();
    expect(h.queue.enqueued).toBe(before);
  });
});

describe("Slack: files", () => {
  it("refuses an oversized or unsupported file before downloading it and says so in the thread", async () => {
    const ts = newTs();
    const big = { id: "FBIG", name: "huge.pdf", mimetype: "application/pdf", size: h.app.config.limits.maxFileBytes + 1, url_private: `${h.fake.url}/files/FBIG/huge.pdf` };
    const doc = { id: "FDOC", name: "notes.docx", mimetype: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", size: 100, url_private: `${h.fake.url}/files/FDOC/notes.docx` };
    await sendEvent(h, { type: "app_mention", channel: CHANNEL, user: PREPARER, ts, text: "<@UBOT> extract these", files: [big, doc] });
    await h.queue.idle();
    expect(h.fake.downloads.filter((d) => d.id === "FBIG" || d.id === "FDOC")).toEqual([]);
    const text = blocksText(h.fake.threadMessages(CHANNEL, ts).at(-1)!.args.blocks);
    expect(text).toContain("huge.pdf is larger than the 25 MB limit");
    expect(text).toContain("notes.docx");
  });
});

describe("Slack: files left out of the event", () => {
  it("looks up a file Slack sent as check_file_info with files.info, then downloads it with the bot token", async () => {
    const ts = newTs();
    h.fake.addFile({ id: "FINFO", name: "demo2_clothing.txt", mimetype: "text/plain", data: readFileSync(CLOTHING) });
    await sendEvent(h, { type: "app_mention", channel: CHANNEL, user: PREPARER, ts, text: "<@UBOT> extract this invoice", files: [{ id: "FINFO", file_access: "check_file_info" }] });
    await h.queue.idle();
    expect(h.fake.callsOf("files.info", (a) => a.file === "FINFO")).toHaveLength(1);
    expect(h.fake.downloads.filter((d) => d.id === "FINFO")).toEqual([{ id: "FINFO", authorized: true }]);
    const docs = await h.app.store.documents.listByThread(`slack:T1:${CHANNEL}:${ts}`);
    expect(docs.map((d) => d.fileName)).toEqual(["demo2_clothing.txt"]);
  });
});

describe("Slack: Web API errors", () => {
  it("waits out a 429 with Retry-After and posts the reply", async () => {
    h.fake.fail("chat.postMessage", { status: 429, retryAfter: 1, times: 1 });
    const ts = newTs();
    await sendEvent(h, { type: "app_mention", channel: CHANNEL, user: PREPARER, ts, text: "<@UBOT> classify stainless steel kitchen sinks" });
    await h.queue.idle();
    const attempts = h.fake.callsOf("chat.postMessage", (a) => a.thread_ts === ts);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(h.queue.failures).toEqual([]);
  });

  it.each(["channel_not_found", "token_expired"])("a %s failure is logged, not crashed on, and the next message is answered", async (error) => {
    h.fake.fail("chat.postMessage", { error, times: 2 });
    const ts = newTs();
    await sendEvent(h, { type: "app_mention", channel: "CGONE", user: PREPARER, ts, text: "<@UBOT> classify leather handbags" });
    await h.queue.idle();
    expect(h.queue.failures.some((e) => e.message.includes(error))).toBe(true);
    expect(h.log.lines.some((l) => l.level === "error" && /turn failed/.test(l.msg ?? ""))).toBe(true);
    h.queue.failures.length = 0;
    const next = newTs();
    await sendEvent(h, { type: "app_mention", channel: CHANNEL, user: PREPARER, ts: next, text: "<@UBOT> classify leather handbags" });
    await h.queue.idle();
    expect(h.fake.threadMessages(CHANNEL, next)).toHaveLength(1);
  });

  it("a failed upload of the draft PDF is said in the thread", async () => {
    h.fake.fail("files.getUploadURLExternal", { error: "missing_scope", times: 1 });
    const threadTs = newTs();
    const file = h.fake.addFile({ id: `FUP${seq}`, name: "demo2_clothing.txt", mimetype: "text/plain", data: readFileSync(CLOTHING) });
    await sendEvent(h, { type: "app_mention", channel: CHANNEL, user: PREPARER, ts: threadTs, text: "<@UBOT> draft an entry from this invoice", files: [file] });
    await h.queue.idle();
    const last = h.fake.threadMessages(CHANNEL, threadTs).at(-1)!;
    expect(String(last.args.text)).toMatch(/7501 PDF of draft .* could not be uploaded \(.*missing_scope/);
  });
});

describe("Slack: /tollgate", () => {
  it("help is answered in the acknowledgement; classify, duty and rulings answer through response_url", async () => {
    const help = await sendCommand(h, "help");
    expect(help.status).toBe(200);
    expect(JSON.parse(help.text).text).toContain("/tollgate classify");

    const classify = await sendCommand(h, "classify men's knitted cotton sweaters origin=CN");
    expect(JSON.parse(classify.text).text).toMatch(/Working on/);
    await sendCommand(h, "duty 6110.20.2079 CN $12,000 date=2026-11-21");
    await sendCommand(h, "rulings robot vacuum cleaner");
    const unknown = await sendCommand(h, "frobnicate");
    expect(JSON.parse(unknown.text).text).toContain("Unknown command");
    await h.queue.idle();
    const bodies = h.fake.responses.map((r) => r.body);
    const classified = bodies.find((b) => String(b.text).startsWith("Classification candidates"))!;
    expect(blocksText(classified.blocks)).toMatch(/`\d{4}\.\d{2}\.\d{4}`\*\s+\d+%/);
    expect(classified.response_type).toBe("in_channel");
    const dutied = bodies.find((b) => String(b.text).startsWith("Duty "))!;
    expect(blocksText(dutied.blocks)).toMatch(/\+ 9903\.\d{2}\.\d{2}/);
    const ruled = bodies.find((b) => String(b.text).startsWith("Rulings for"))!;
    expect(blocksText(ruled.blocks)).toMatch(/rulings\.cbp\.gov/);
  });

  it("drafts lists the drafts waiting for a broker in this channel only", async () => {
    const { draftId } = await threadAwaitingApproval();
    await sendCommand(h, "drafts");
    await sendCommand(h, "drafts", PREPARER, "COTHER");
    await h.queue.idle();
    const [here, other] = h.fake.responses.slice(-2).map((r) => r.body);
    expect(blocksText(here!.blocks)).toContain(draftId);
    expect(String(other!.text)).toMatch(/No draft in this channel/);
  });
});
