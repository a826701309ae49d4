/**
 * The Slack channel: a Bolt app whose listeners (events, actions, commands, views) only verify,
 * acknowledge, convert and enqueue; the queued jobs run turns, decisions and commands and answer in
 * the thread. HTTP mode (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET) mounts an ExpressReceiver at
 * POST /slack/events on the server's router, before any body parser, since the signature is
 * checked over the raw body; Socket Mode (SLACK_APP_TOKEN) needs no public URL. SLACK_API_URL
 * points the Web API client elsewhere (a proxy, a test server).
 */
import type { Router } from "express";
import { App, ExpressReceiver, LogLevel, webApi, type Logger as BoltLogger } from "@slack/bolt";

import type { BrokerIdentity } from "../../config.ts";
import { slackConfigured } from "./configured.ts";
import { ConfigError, describeError } from "../../errors.ts";
import type { ChannelContext, Logger, ServerChannel } from "../../server/channel.ts";
import { register as registerActions } from "./actions/index.ts";
import { reportFailedDecision, runDecisionJob, type DecisionJob } from "./actions/decision.ts";
import { register as registerCommands } from "./commands/index.ts";
import { reportFailedCommand, runCommandJob, type CommandJob } from "./commands/run.ts";
import { JOBS, type SlackDeps } from "./deps.ts";
import { register as registerEvents } from "./events/index.ts";
import { reportFailedTurn, runTurnJob, type TurnJob } from "./events/turn.ts";
import { createNotifier } from "./notifier.ts";
import { createReplySink } from "./replies.ts";
import { register as registerViews } from "./views/index.ts";

/** Options beyond the configuration (tests and the server's wiring). */
export interface SlackChannelOptions {
  /** The bootstrap broker list; default TOLLGATE_BROKERS (Slack users linked to a broker user count too). */
  brokers?: () => Promise<readonly BrokerIdentity[]>;
  /** Add the "working on it" reaction when a turn runs longer than this (default 2500 ms). */
  workingAfterMs?: number;
  /** The Web API client's retry policy (default: 5 retries over about a minute). */
  retryConfig?: webApi.RetryOptions;
  /** Hosts besides Slack's that may receive the bot token and response posts (default: SLACK_API_URL's host). */
  trustedHosts?: string[];
  fetch?: typeof fetch;
}

/** Bolt's logger interface over the server's structured logger. */
function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  return {
    debug: (...msg: unknown[]) => log.debug({ source: "bolt" }, text(msg)),
    info: (...msg: unknown[]) => log.info({ source: "bolt" }, text(msg)),
    warn: (...msg: unknown[]) => log.warn({ source: "bolt" }, text(msg)),
    error: (...msg: unknown[]) => log.error({ source: "bolt" }, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

const DEFAULT_RETRY: webApi.RetryOptions = { retries: 5, factor: 2, minTimeout: 1000, maxTimeout: 30_000, randomize: true };

/** The Slack channel for the server. Throws ConfigError when Slack is not configured. */
export function createSlackChannel(ctx: ChannelContext, options: SlackChannelOptions = {}): ServerChannel & { bolt: App; deps: SlackDeps } {
  const cfg = ctx.app.config.slack;
  const botToken = cfg.botToken?.reveal();
  if (!botToken) throw new ConfigError("SLACK_BOT_TOKEN is not set. Set it (xoxb-...) from the Slack app's OAuth & Permissions page, or leave Slack unconfigured.");
  const socketMode = cfg.appToken !== undefined;
  if (!socketMode && !cfg.signingSecret) {
    throw new ConfigError("SLACK_SIGNING_SECRET is not set. Set it from the Slack app's Basic Information page (HTTP mode), or set SLACK_APP_TOKEN for Socket Mode.");
  }
  const slackApiUrl = cfg.apiUrl ? (cfg.apiUrl.endsWith("/") ? cfg.apiUrl : `${cfg.apiUrl}/`) : undefined;
  const clientOptions = { ...(slackApiUrl ? { slackApiUrl } : {}), retryConfig: options.retryConfig ?? DEFAULT_RETRY, logger: boltLogger(ctx.log) };
  const client = new webApi.WebClient(botToken, clientOptions);
  const trusted = new Set(options.trustedHosts ?? (slackApiUrl ? [new URL(slackApiUrl).host] : []));

  // The sink and notifier read `deps` when called, after it is built.
  const replies = createReplySink(() => deps);
  const deps: SlackDeps = {
    ctx,
    client,
    botToken,
    trustedHosts: trusted,
    brokers: options.brokers ?? (async () => ctx.app.config.brokers),
    workingAfterMs: options.workingAfterMs ?? 2500,
    replies,
    consoleUrl: ctx.consoleUrl,
    fetch: options.fetch ?? globalThis.fetch,
  };

  // The bot's identity is looked up once, on the first event, and kept (Bolt's own deferred check
  // would call auth.test on every event); a failed lookup is retried on the next event.
  let identity: Promise<{ botId?: string; botUserId?: string; teamId?: string }> | null = null;
  const authorize = async () => {
    identity ??= client.auth.test().then(
      (r) => ({ botId: r.bot_id, botUserId: r.user_id, teamId: r.team_id }),
      (err: unknown) => {
        identity = null;
        throw err;
      },
    );
    return { botToken, ...(await identity) };
  };

  const receiver = socketMode
    ? undefined
    : new ExpressReceiver({
        signingSecret: cfg.signingSecret!.reveal(),
        endpoints: "/slack/events",
        // The listeners only enqueue (a few milliseconds), so Slack's 200 is sent once the job is
        // durably queued: a crash before that makes Slack retry instead of losing the message.
        processBeforeResponse: true,
        logger: boltLogger(ctx.log),
      });
  const bolt = new App({
    // Socket Mode's client opens its connection through apps.connections.open at SLACK_API_URL too.
    ...(receiver ? { receiver } : { socketMode: true, appToken: cfg.appToken!.reveal(), installerOptions: { clientOptions } }),
    authorize,
    clientOptions,
    logger: boltLogger(ctx.log),
  });
  bolt.error(async (err) => {
    ctx.log.error({ err: describeError(err) }, "slack: listener error");
  });
  registerEvents(bolt, deps);
  registerActions(bolt, deps);
  registerCommands(bolt, deps);
  registerViews(bolt, deps);

  return {
    name: "slack",
    bolt,
    deps,
    replies,
    notifier: createNotifier(() => deps),
    mount(router: Router) {
      if (receiver) router.use(receiver.router);
    },
    async start() {
      await ctx.queue.work<TurnJob>(JOBS.turn, (job) => runTurnJob(deps, job), {
        // A turn is not repeated: the agent may have acted before a failure. The error is said in the thread.
        retryLimit: 0,
        onFailed: (job, err) => reportFailedTurn(deps, job as TurnJob, err),
      });
      await ctx.queue.work<DecisionJob>(JOBS.decision, (job) => runDecisionJob(deps, job), {
        retryLimit: 0,
        onFailed: (job, err) => reportFailedDecision(deps, job as DecisionJob, err),
      });
      await ctx.queue.work<CommandJob>(JOBS.command, (job) => runCommandJob(deps, job), {
        retryLimit: 2,
        onFailed: (job, err) => reportFailedCommand(deps, job as CommandJob, err),
      });
      if (socketMode) await bolt.start();
    },
    async stop() {
      if (socketMode) await bolt.stop();
    },
  };
}

/**
 * The server's factory for the Slack channel: the channel when SLACK_BOT_TOKEN is set (a missing
 * signing secret or app token then fails start-up with a ConfigError naming it), an inert one when
 * Slack is not configured at all.
 */
export function slackChannelSpec(ctx: ChannelContext): ServerChannel {
  if (!slackConfigured(ctx.app.config)) return { name: "slack" };
  return createSlackChannel(ctx);
}
