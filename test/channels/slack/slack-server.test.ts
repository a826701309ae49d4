/**
 * The Slack channel mounted into the real server (`startServer`): signed requests go through the
 * server's middleware to the receiver mounted before its body parsers, turns and decisions run as
 * jobs of the server's pg-boss queue, and the broker is a Slack user linked to a user with role
 * broker (nobody is in TOLLGATE_BROKERS). A mention with an invoice, "file it", a refused click, the
 * linked broker's click filing once; a bad signature is refused by the receiver with 401.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackChannel } from "../../../src/channels/slack/index.ts";
import { APPROVE_ACTION } from "../../../src/channels/slack/blocks/approval.ts";
import { loadConfig } from "../../../src/config.ts";
import { createLogger } from "../../../src/server/logger.ts";
import { startServer, type RunningServer, type ServerContext } from "../../../src/server/server.ts";
import { DOCUMENTS, NOW, knowledgeBase, outboxEntries } from "../../e2e/helpers.ts";
import { BOT_TOKEN, CHANNEL, PREPARER, SIGNING_SECRET, blocksText, clickBody, eventBody, postSigned, sendEvent, sendInteraction } from "./helpers.ts";
import { FakeSlack } from "./fake-slack.ts";

const CLOTHING = path.join(DOCUMENTS, "commercial_invoices_text_demo", "demo2_clothing.txt");
const LINKED_BROKER = "ULINKED";

let fake: FakeSlack;
let server: RunningServer;
let ctx: ServerContext;
let dataDir: string;

beforeAll(async () => {
  fake = new FakeSlack(BOT_TOKEN, { userId: "UBOT", botId: "BBOT", teamId: "T1" });
  await fake.start();
  dataDir = mkdtempSync(path.join(tmpdir(), "tollgate-slack-server-"));
  const config = loadConfig({ TOLLGATE_DATA_DIR: dataDir, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
  server = await startServer({
    config,
    port: 0,
    knowledge: await knowledgeBase(config),
    clock: () => NOW,
    bcryptRounds: 4,
    logger: createLogger("silent"),
    channels: [(c) => createSlackChannel(c, { workingAfterMs: 0, retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50, factor: 1 } })],
  });
  ctx = await server.ready;
  await ctx.users.addUser({ name: "ana", role: "broker", password: "broker password 1", slack: [LINKED_BROKER] });
  await ctx.users.addUser({ name: "bob", role: "clerk", password: "clerk password 1", slack: [PREPARER] });
});
afterAll(async () => {
  await server?.close();
  await fake?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Waits until `check` holds (jobs run on the server's queue, not in the test). */
async function until<T>(check: () => Promise<T | null | undefined> | T | null | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("Slack mounted in the server", () => {
  const threadTs = "1765100000.000100";
  const threadId = `slack:T1:${CHANNEL}:${threadTs}`;

  it("refuses a bad signature with 401 through the server's middleware", async () => {
    const res = await postSigned(server, eventBody({ type: "app_mention", channel: CHANNEL, user: PREPARER, ts: "1765100000.000001", text: "<@UBOT> hi" }), "application/json", { secret: "wrong" });
    expect(res.status).toBe(401);
  });

  it("drafts from a mentioned invoice, files only on the linked broker's click", async () => {
    const file = fake.addFile({ id: "FSRV1", name: "demo2_clothing.txt", mimetype: "text/plain", data: readFileSync(CLOTHING) });
    const ack = await sendEvent(server, { type: "app_mention", channel: CHANNEL, user: PREPARER, ts: threadTs, text: "<@UBOT> draft an entry from this invoice", files: [file] });
    expect(ack.status).toBe(200);
    await until(() => fake.callsOf("files.completeUploadExternal", (a) => a.thread_ts === threadTs)[0], "the draft PDF");
    const [draft] = await ctx.app.store.drafts.list({ threadId });
    expect(blocksText(fake.threadMessages(CHANNEL, threadTs)[0]!.args.blocks)).toContain(`Entry summary draft ${draft!.id} v1`);

    await sendEvent(server, { type: "message", channel: CHANNEL, channel_type: "channel", user: PREPARER, ts: "1765100000.000200", thread_ts: threadTs, text: "please file the draft" });
    const posted = await until(() => fake.threadMessages(CHANNEL, threadTs).find((c) => JSON.stringify(c.args.blocks ?? []).includes(APPROVE_ACTION)), "the approval card");
    const card = { ts: String(posted.result!.ts), threadTs, blocks: posted.args.blocks as unknown[] };

    await sendInteraction(server, clickBody(card, APPROVE_ACTION, PREPARER));
    await fake.waitFor("chat.postEphemeral", (a) => a.user === PREPARER);
    expect(await ctx.app.store.approvals.listFor(draft!.id)).toEqual([]);

    const click = await sendInteraction(server, clickBody(card, APPROVE_ACTION, LINKED_BROKER));
    expect(click.status).toBe(200);
    await until(async () => (await ctx.app.store.drafts.get(draft!.id)).status === "filed", "the filing");
    const update = await fake.waitFor("chat.update", (a) => a.ts === card.ts);
    expect(blocksText(update.args.blocks)).toContain(`Approved by <@${LINKED_BROKER}>`);
    await until(() => fake.threadMessages(CHANNEL, threadTs).some((c) => /filed/i.test(String(c.args.text))), "the resumed reply");
    expect(outboxEntries(dataDir)).toEqual([`${draft!.id}-v1`]);
    expect((await ctx.app.store.approvals.listFor(draft!.id))[0]).toMatchObject({ actorChannel: "slack", actorIdentity: LINKED_BROKER });
    expect((await ctx.app.store.audit.verify()).ok).toBe(true);
  });
});
