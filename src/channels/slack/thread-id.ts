/**
 * One Slack thread is one Tollgate thread: `slack:<team>:<channel>:<thread_ts>`. The id carries
 * everything needed to answer in the thread, so a reply produced on any replica finds its way back.
 */
import { InputError } from "../../errors.ts";

/** Where a Slack thread lives. */
export interface SlackThread {
  team: string;
  channel: string;
  /** The ts of the thread's parent message. */
  threadTs: string;
}

const PREFIX = "slack:";

/** The Tollgate thread id of a Slack thread. */
export function slackThreadId(t: SlackThread): string {
  return `${PREFIX}${t.team}:${t.channel}:${t.threadTs}`;
}

/** The prefix shared by every thread of one channel (for listing its drafts). */
export function channelThreadPrefix(team: string, channel: string): string {
  return `${PREFIX}${team}:${channel}:`;
}

/** True when the thread id names a Slack thread. */
export function isSlackThreadId(threadId: string): boolean {
  return threadId.startsWith(PREFIX);
}

/** Parses a Slack thread id; InputError when it is not one. */
export function parseSlackThreadId(threadId: string): SlackThread {
  const parts = threadId.slice(PREFIX.length).split(":");
  if (!isSlackThreadId(threadId) || parts.length !== 3 || parts.some((p) => p === "")) {
    throw new InputError(`"${threadId}" is not a Slack thread id (slack:<team>:<channel>:<thread_ts>).`, "not_a_slack_thread");
  }
  return { team: parts[0]!, channel: parts[1]!, threadTs: parts[2]! };
}
