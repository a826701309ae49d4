/**
 * The Slack test harness: the real application (store, knowledge base, offline agent), the Slack
 * channel mounted on an express app listening on a loopback port, a fake Web API, and signed
 * requests built the way Slack builds them. The job queue here is a small in-memory one (jobs run
 * on this process right away) that takes its dedupe keys in the real store, as the server's does.
 */
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { createAssistant } from "../../../src/agent/assistant.ts";
import type { ApprovalNotifier, EnqueueOptions, JobHandlerOptions, JobQueue } from "../../../src/agent/ports.ts";
import { createApp, type AppContext } from "../../../src/app.ts";
import { loadConfig } from "../../../src/config.ts";
import { createSlackChannel, type SlackChannelOptions } from "../../../src/channels/slack/index.ts";
import type { ChannelContext, Logger } from "../../../src/server/channel.ts";
import { storeOver, type Store } from "../../../src/store/index.ts";
import { knowledgeBase, NOW } from "../../e2e/helpers.ts";
import { freshPgDatabase, TEST_DATABASE_URL } from "../../store/helpers.ts";
import { FakeSlack } from "./fake-slack.ts";

export const SIGNING_SECRET = "test-signing-secret";
export const BOT_TOKEN = "xoxb-test-token";
export const TEAM = "T1";
export const CHANNEL = "C1";
export const BROKER = "UBROKER";
export const PREPARER = "UPREP";

/** Jobs run in-process as soon as enqueued; dedupe keys are claimed in the store. */
export class MemoryQueue implements JobQueue {
  readonly #handlers = new Map<string, { handler: (p: unknown) => Promise<void>; options: JobHandlerOptions }>();
  readonly #pending = new Set<Promise<void>>();
  readonly failures: Error[] = [];
  readonly #held: Array<() => void> = [];
  #paused = false;
  enqueued = 0;

  constructor(private readonly store: Store) {}

  async work<T>(name: string, handler: (payload: T) => Promise<void>, options: JobHandlerOptions = {}): Promise<void> {
    this.#handlers.set(name, { handler: handler as (p: unknown) => Promise<void>, options });
  }

  async enqueue<T>(name: string, payload: T, options: EnqueueOptions = {}): Promise<string | null> {
    if (options.dedupeKey && !(await this.store.dedupe.claim(options.dedupeKey))) return null;
    this.enqueued += 1;
    // Through JSON, as a database-backed queue stores it.
    const copy = JSON.parse(JSON.stringify(payload)) as unknown;
    const run = this.#run(name, copy).finally(() => this.#pending.delete(run));
    this.#pending.add(run);
    return randomUUID();
  }

  /** Holds new jobs until `resume` (to time acknowledgements without turns competing for the CPU). */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    for (const go of this.#held.splice(0)) go();
  }

  async #run(name: string, payload: unknown): Promise<void> {
    await new Promise((r) => (this.#paused ? this.#held.push(() => r(undefined)) : setImmediate(r)));
    const h = this.#handlers.get(name);
    if (!h) throw new Error(`no handler for job ${name}`);
    const retries = h.options.retryLimit ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        await h.handler(payload);
        return;
      } catch (err) {
        if (attempt >= retries) {
          this.failures.push(err as Error);
          await h.options.onFailed?.(payload, err as Error).catch((e: unknown) => this.failures.push(e as Error));
          return;
        }
        await new Promise((r) => setTimeout(r, 10 * 2 ** attempt));
      }
    }
  }

  /** Resolves when no job is running or waiting (jobs enqueued by jobs included). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}

/** Log lines kept for assertions. */
export class MemoryLog implements Logger {
  readonly lines: Array<{ level: string; obj: object; msg?: string }> = [];
  info(obj: object, msg?: string) {
    this.lines.push({ level: "info", obj, msg });
  }
  warn(obj: object, msg?: string) {
    this.lines.push({ level: "warn", obj, msg });
  }
  error(obj: object, msg?: string) {
    this.lines.push({ level: "error", obj, msg });
  }
  debug() {}
}

/** Everything one test file works with. */
export interface Harness {
  fake: FakeSlack;
  app: AppContext;
  queue: MemoryQueue;
  log: MemoryLog;
  channel: ReturnType<typeof createSlackChannel>;
  /** Base URL of the express app with the channel mounted. */
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/** Starts the harness: store (real PostgreSQL when TEST_DATABASE_URL is set, else PGlite), app, channel, HTTP server. */
export async function startHarness(options: SlackChannelOptions & { consoleUrl?: string; env?: Record<string, string>; socketMode?: boolean } = {}): Promise<Harness> {
  const fake = new FakeSlack(BOT_TOKEN, { userId: "UBOT", botId: "BBOT", teamId: TEAM });
  await fake.start();
  const dataDir = mkdtempSync(path.join(tmpdir(), "tollgate-slack-"));
  const config = loadConfig({
    TOLLGATE_DATA_DIR: dataDir,
    TOLLGATE_BROKERS: `slack:${BROKER}`,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    ...(options.socketMode ? { SLACK_APP_TOKEN: fake.appToken } : {}),
    ...options.env,
  });
  let store: Store | undefined;
  let dispose: (() => Promise<void>) | undefined;
  if (TEST_DATABASE_URL) {
    const fresh = await freshPgDatabase(TEST_DATABASE_URL);
    store = await storeOver(fresh.db);
    dispose = fresh.dispose;
  }
  const app = await createApp(config, { knowledge: await knowledgeBase(config), clock: () => NOW, store });
  const queue = new MemoryQueue(app.store);
  const log = new MemoryLog();
  // The assistant reads its notifiers when a filing pauses, so the channel's can be added after.
  const notifiers: ApprovalNotifier[] = [];
  const assistant = createAssistant(app, { notifiers });
  const ctx: ChannelContext = { app, assistant, queue, log, consoleUrl: options.consoleUrl };
  const { consoleUrl: _consoleUrl, env: _env, socketMode: _socketMode, ...channelOptions } = options;
  const channel = createSlackChannel(ctx, { workingAfterMs: 0, retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50, factor: 1 }, ...channelOptions });
  notifiers.push(channel.notifier!);
  const web = express();
  const router = express.Router();
  channel.mount!(router);
  web.use(router);
  // Body parsers come after the receiver, as on the server.
  web.use(express.json());
  await channel.start!();
  const server: Server = await new Promise((resolve) => {
    const s = web.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    fake,
    app,
    queue,
    log,
    channel,
    url,
    dataDir,
    async close() {
      await queue.idle();
      await channel.stop?.();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await app.close();
      await dispose?.();
      await fake.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Slack's request signature over a raw body. */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** A response with its body text and how long the server took to answer. */
export interface Sent {
  status: number;
  text: string;
  ms: number;
}

/** POSTs a signed body to /slack/events. */
export async function postSigned(h: Pick<Harness, "url">, body: string, contentType: string, opts: { headers?: Record<string, string>; timestamp?: number; secret?: string } = {}): Promise<Sent> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const res = await fetch(`${h.url}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": sign(body, timestamp, opts.secret),
      ...opts.headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

/** An Events API callback. */
export function eventBody(event: Record<string, unknown>, eventId = `Ev${randomUUID().slice(0, 8)}`): string {
  return JSON.stringify({
    token: "legacy",
    team_id: TEAM,
    api_app_id: "A1",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM, user_id: "UBOT", is_bot: true }],
    event,
  });
}

/** Sends an event callback (signed JSON). */
export function sendEvent(h: Pick<Harness, "url">, event: Record<string, unknown>, opts: { eventId?: string; headers?: Record<string, string> } = {}): Promise<Sent> {
  return postSigned(h, eventBody(event, opts.eventId), "application/json", { headers: opts.headers });
}

/** Sends an interactivity payload (block_actions, view_submission), form-encoded as Slack does. */
export function sendInteraction(h: Pick<Harness, "url">, payload: Record<string, unknown>): Promise<Sent> {
  return postSigned(h, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
}

/** Sends a slash command. */
export function sendCommand(h: Pick<Harness, "url" | "fake">, text: string, user = PREPARER, channel = CHANNEL): Promise<Sent> {
  const form = new URLSearchParams({
    token: "legacy",
    team_id: TEAM,
    channel_id: channel,
    user_id: user,
    command: "/tollgate",
    text,
    response_url: `${h.fake.url}/response/${randomUUID()}`,
    trigger_id: `trig-${randomUUID()}`,
    api_app_id: "A1",
  });
  return postSigned(h, form.toString(), "application/x-www-form-urlencoded");
}

/** A block_actions payload for a click on one of the approval card's buttons. */
export function clickBody(card: { ts: string; threadTs: string; channel?: string; blocks: unknown[] }, actionId: string, user: string): Record<string, unknown> {
  const actions = (card.blocks as Array<{ type: string; elements?: Array<Record<string, unknown>> }>).find((b) => b.type === "actions")!.elements!;
  const button = actions.find((e) => e.action_id === actionId)!;
  return {
    type: "block_actions",
    team: { id: TEAM },
    user: { id: user, team_id: TEAM },
    api_app_id: "A1",
    trigger_id: `trig-${randomUUID()}`,
    container: { type: "message", message_ts: card.ts, channel_id: card.channel ?? CHANNEL, is_ephemeral: false, thread_ts: card.threadTs },
    channel: { id: card.channel ?? CHANNEL },
    message: { type: "message", ts: card.ts, thread_ts: card.threadTs, text: "card", blocks: card.blocks },
    response_url: `${"http://127.0.0.1"}/response/unused`,
    actions: [{ type: "button", action_id: actionId, block_id: "tollgate_approval", value: button.value, action_ts: String(Date.now() / 1000) }],
  };
}

/** All mrkdwn and plain text in a list of blocks (what a reader sees). */
export function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.text === "string") out.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== "value" && typeof x === "object") walk(x);
    }
  };
  walk(blocks);
  return out.join("\n");
}
