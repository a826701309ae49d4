/**
 * Event listeners: `app_mention` in channels, `message.im` in direct messages, and replies in a
 * channel thread Tollgate is already part of. Each converts the event into a turn job and enqueues
 * it under the message's dedupe key (team, channel, ts): a Slack retry of the same event_id, or the
 * same message delivered both as a mention and as a thread message, enqueues once, on any replica.
 * Messages from bots, Tollgate included, and edits or deletions are ignored.
 */
import type { App } from "@slack/bolt";
import { JOBS, type SlackDeps } from "../deps.ts";
import type { SlackFile } from "../files.ts";
import { slackThreadId } from "../thread-id.ts";
import { turnJob } from "./turn.ts";

/** The fields of a message-like event the adapter reads. */
interface MessageLike {
  type: string;
  subtype?: string;
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  files?: SlackFile[];
}

/** Message subtypes that carry a person's new message (others are edits, joins, deletions...). */
const HUMAN_SUBTYPES = new Set([undefined, "file_share", "thread_broadcast"]);

/** Removes mentions of the bot from the text (the agent should read the request, not the ping). */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  const cleaned = botUserId ? text.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, "g"), "") : text;
  return cleaned.replace(/[ \t]+/g, " ").trim();
}

/** The dedupe key of one Slack message. */
export function messageDedupeKey(team: string, channel: string, ts: string): string {
  return `slack:message:${team}:${channel}:${ts}`;
}

async function enqueue(deps: SlackDeps, team: string, e: MessageLike, botUserId: string | undefined, retryNum: number | undefined): Promise<void> {
  const job = turnJob({ team, channel: e.channel, ts: e.ts, threadTs: e.thread_ts, user: e.user!, text: stripBotMention(e.text ?? "", botUserId), files: e.files });
  const id = await deps.ctx.queue.enqueue(JOBS.turn, job, { dedupeKey: messageDedupeKey(team, e.channel, e.ts) });
  if (id === null) deps.ctx.log.info({ threadId: job.threadId, ts: e.ts, retryNum }, "slack: duplicate delivery ignored");
}

function isFromPerson(e: MessageLike): boolean {
  return !e.bot_id && e.user !== undefined && HUMAN_SUBTYPES.has(e.subtype);
}

/** Registers the event listeners. */
export function register(app: App, deps: SlackDeps): void {
  app.event("app_mention", async ({ event, body, context }) => {
    const e = event as unknown as MessageLike;
    if (!isFromPerson(e)) return;
    await enqueue(deps, body.team_id, e, context.botUserId, context.retryNum);
  });

  app.event("message", async ({ event, body, context }) => {
    const e = event as unknown as MessageLike;
    if (!isFromPerson(e)) return;
    if (e.channel_type === "im") {
      await enqueue(deps, body.team_id, e, context.botUserId, context.retryNum);
      return;
    }
    // In channels only replies in a thread Tollgate already answers in; a mention comes as app_mention.
    if (!e.thread_ts || e.thread_ts === e.ts) return;
    if (context.botUserId && (e.text ?? "").includes(`<@${context.botUserId}`)) return;
    const known = await deps.ctx.app.store.threads.get(slackThreadId({ team: body.team_id, channel: e.channel, threadTs: e.thread_ts }));
    if (known) await enqueue(deps, body.team_id, e, context.botUserId, context.retryNum);
  });
}
