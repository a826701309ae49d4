/**
 * Slack adapter timings over real HTTP against the fake Web API (`npx tsx evals/slack-bench.ts`):
 * the acknowledgement latency of signed event deliveries (receipt to the 200, which includes the
 * dedupe claim and enqueue in the store), and the time from a mention to the reply being posted in
 * the thread, for a classify and for a mention with a 1-page invoice PDF attached. Writes
 * evals/reports/slack.md and slack.json.
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createSlackChannel } from "../src/channels/slack/index.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/server/logger.ts";
import { startServer } from "../src/server/server.ts";
import { knowledgeBase, NOW } from "../test/e2e/helpers.ts";
import { FakeSlack } from "../test/channels/slack/fake-slack.ts";
import { BOT_TOKEN, CHANNEL, PREPARER, SIGNING_SECRET, sendCommand, sendEvent, startHarness, type Harness } from "../test/channels/slack/helpers.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const INVOICE = path.join(here, "datasets", "documents", "commercial_invoices_tariffcheck", "invoice_thailand_1.pdf");
const PRODUCTS = ["men's knitted cotton sweaters", "stainless steel kitchen sinks", "leather handbags", "robot vacuum cleaners", "LED light bulbs", "wooden dining chairs"];

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** Waits until the thread has a reply; returns the ms from `since`. */
async function replyAfter(h: Harness, threadTs: string, since: number): Promise<number> {
  await h.queue.idle();
  const reply = h.fake.threadMessages(CHANNEL, threadTs)[0];
  if (!reply) throw new Error(`no reply in thread ${threadTs}`);
  return reply.at - since;
}

/**
 * The same deliveries to the real server (`startServer`, embedded PGlite, pg-boss queue polling
 * every second): ack latency with the server's middleware and queue, and mention to reply.
 */
async function throughServer(n: number): Promise<{ acks: number[]; replies: number[] }> {
  const fake = new FakeSlack(BOT_TOKEN, { userId: "UBOT", botId: "BBOT", teamId: "T1" });
  await fake.start();
  const dataDir = mkdtempSync(path.join(tmpdir(), "tollgate-slack-bench-"));
  const config = loadConfig({ TOLLGATE_DATA_DIR: dataDir, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
  const server = await startServer({ config, port: 0, knowledge: await knowledgeBase(config), clock: () => NOW, logger: createLogger("silent"), channels: [(c) => createSlackChannel(c, { workingAfterMs: 60_000 })] });
  try {
    await server.ready;
    const acks: number[] = [];
    const replies: number[] = [];
    for (let i = 0; i < n; i++) {
      const ts = fake.nextTs();
      const started = Date.now();
      const sent = await sendEvent(server, { type: "app_mention", channel: CHANNEL, user: PREPARER, ts, text: `<@UBOT> classify ${PRODUCTS[i % PRODUCTS.length]}` });
      if (sent.status !== 200) throw new Error(`ack ${sent.status}`);
      acks.push(sent.ms);
      if (i < 10) {
        const reply = await fake.waitFor("chat.postMessage", (a) => a.thread_ts === ts, 30_000);
        replies.push(reply.at - started);
      }
    }
    return { acks, replies };
  } finally {
    await server.close();
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200);
  const h = await startHarness({ workingAfterMs: 60_000 });
  try {
    // Warm-up: the first turn loads lazily built parts of the agent.
    const warm = h.fake.nextTs();
    await sendEvent(h, { type: "app_mention", channel: CHANNEL, user: PREPARER, ts: warm, text: "<@UBOT> classify cotton socks" });
    await h.queue.idle();

    // Acknowledgement latency: deliveries of distinct messages and retries of one, each answered
    // once its job is durably enqueued (or recognised as a duplicate).
    const acks: number[] = [];
    const retryAcks: number[] = [];
    const loadedAcks: number[] = [];
    const dmChannel = "DBENCH";
    // First with the workers held, so only the acknowledgement path is timed...
    h.queue.pause();
    for (let i = 0; i < n; i++) {
      const ts = h.fake.nextTs();
      const sent = await sendEvent(h, { type: "message", channel: dmChannel, channel_type: "im", user: PREPARER, ts, text: `classify ${PRODUCTS[i % PRODUCTS.length]}` }, { eventId: `EvB${i}` });
      if (sent.status !== 200) throw new Error(`ack ${sent.status}`);
      acks.push(sent.ms);
      const retry = await sendEvent(h, { type: "message", channel: dmChannel, channel_type: "im", user: PREPARER, ts, text: "x" }, { eventId: `EvB${i}`, headers: { "x-slack-retry-num": "1" } });
      retryAcks.push(retry.ms);
    }
    h.queue.resume();
    await h.queue.idle();
    // ...then while the same process runs every turn as it arrives (one replica doing both).
    for (let i = 0; i < 50; i++) {
      const sent = await sendEvent(h, { type: "message", channel: dmChannel, channel_type: "im", user: PREPARER, ts: h.fake.nextTs(), text: `classify ${PRODUCTS[i % PRODUCTS.length]}` });
      loadedAcks.push(sent.ms);
    }
    await h.queue.idle();
    const commandAcks: number[] = [];
    for (let i = 0; i < 20; i++) commandAcks.push((await sendCommand(h, `classify ${PRODUCTS[i % PRODUCTS.length]}`)).ms);
    await h.queue.idle();

    const classifyTimes: number[] = [];
    for (const product of PRODUCTS) {
      const ts = h.fake.nextTs();
      const started = Date.now();
      await sendEvent(h, { type: "app_mention", channel: CHANNEL, user: PREPARER, ts, text: `<@UBOT> classify ${product}` });
      classifyTimes.push(await replyAfter(h, ts, started));
    }
    const invoiceTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const ts = h.fake.nextTs();
      const file = h.fake.addFile({ id: `FB${i}`, name: "invoice_thailand_1.pdf", mimetype: "application/pdf", data: readFileSync(INVOICE) });
      const started = Date.now();
      await sendEvent(h, { type: "app_mention", channel: CHANNEL, user: PREPARER, ts, text: "<@UBOT> extract this invoice", files: [file] });
      invoiceTimes.push(await replyAfter(h, ts, started));
    }

    const srv = await throughServer(Math.min(n, 60));
    const row = (name: string, xs: number[]) => `| ${name} | ${xs.length} | ${percentile(xs, 50).toFixed(1)} | ${percentile(xs, 99).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`;
    const store = h.app.store.db.kind === "pg" ? "PostgreSQL" : "PGlite (embedded)";
    const md = [
      "# Slack adapter timings",
      "",
      `Signed requests over loopback HTTP to the ExpressReceiver, store ${store}, offline model, fake Web API on loopback; ${new Date().toISOString().slice(0, 10)}, \`npx tsx evals/slack-bench.ts ${n}\`.`,
      "",
      "| measure (ms) | n | p50 | p99 | max |",
      "|---|---|---|---|---|",
      row("ack: event delivery, receipt to 200 (dedupe claim + enqueue)", acks),
      row("ack: Slack retry of the same event_id (duplicate)", retryAcks),
      row("ack: event delivery while this process runs the turns", loadedAcks),
      row("ack: /tollgate classify", commandAcks),
      row("mention to reply posted: classify", classifyTimes),
      row("mention to reply posted: 1-page invoice PDF (download, extract)", invoiceTimes),
      row("real server (pg-boss on PGlite): ack of a mention while its workers run turns", srv.acks),
      row("real server (pg-boss on PGlite, 1 s polling): mention to reply posted, classify", srv.replies),
      "",
      "The first invoice turn includes loading the PDF reader (once per process). Acks are measured at the client (request sent to response read), so they include loopback HTTP and signature checking. The first six rows use the test harness's in-process queue (no pick-up delay); the last two go through `startServer` with its pg-boss queue, whose 1 s polling dominates mention-to-reply there. The store of the first rows is the one named above; the server rows use embedded PGlite.",
      "",
    ].join("\n");
    await mkdir(path.join(here, "reports"), { recursive: true });
    await writeFile(path.join(here, "reports", "slack.md"), md);
    await writeFile(path.join(here, "reports", "slack.json"), JSON.stringify({ store, server: srv, acks, retryAcks, loadedAcks, commandAcks, classifyTimes, invoiceTimes }, null, 1));
    console.log(md);
  } finally {
    await h.close();
  }
}

await main();
