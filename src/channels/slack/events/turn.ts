/**
 * One Slack message as a queued turn. The listener only converts and enqueues (so Slack gets its
 * 200 within milliseconds); this job downloads the message's files, runs the turn on the
 * assistant, and delivers the reply into the thread. A turn that runs longer than a moment gets a
 * "working on it" reaction, removed when the answer is posted.
 */
import type { InboundMessage } from "../../../agent/messages.ts";
import type { Attachment } from "../../../agent/messages.ts";
import { describeError, isUserError } from "../../../errors.ts";
import type { SlackDeps } from "../deps.ts";
import { downloadFile, type SlackFile } from "../files.ts";
import { postText } from "../replies.ts";
import { parseSlackThreadId, slackThreadId, type SlackThread } from "../thread-id.ts";

/** The payload of a turn job (JSON, so any replica can run it). */
export interface TurnJob {
  threadId: string;
  /** ts of the message itself (the reaction goes on it). */
  messageTs: string;
  user: string;
  text: string;
  files: SlackFile[];
}

/** Builds the turn job of a message. */
export function turnJob(e: { team: string; channel: string; ts: string; threadTs?: string; user: string; text: string; files?: SlackFile[] }): TurnJob {
  const thread: SlackThread = { team: e.team, channel: e.channel, threadTs: e.threadTs ?? e.ts };
  return { threadId: slackThreadId(thread), messageTs: e.ts, user: e.user, text: e.text, files: e.files ?? [] };
}

/** The reaction shown while a long turn runs. */
const WORKING_REACTION = "hourglass_flowing_sand";

/** Adds the working reaction after `afterMs` unless stopped first; stop() removes it if it was added. */
function workingIndicator(deps: SlackDeps, t: SlackThread, ts: string): { stop(): Promise<void> } {
  let added: Promise<boolean> | null = null;
  const timer = setTimeout(() => {
    added = deps.client.reactions
      .add({ channel: t.channel, timestamp: ts, name: WORKING_REACTION })
      .then(() => true)
      .catch((err: unknown) => {
        deps.ctx.log.debug({ err: describeError(err) }, "slack: working reaction not added");
        return false;
      });
  }, deps.workingAfterMs);
  return {
    async stop() {
      clearTimeout(timer);
      if (added && (await added)) {
        await deps.client.reactions.remove({ channel: t.channel, timestamp: ts, name: WORKING_REACTION }).catch(() => undefined);
      }
    },
  };
}

/** Downloads the files of the message; those that cannot be taken become notices. */
async function attachmentsOf(deps: SlackDeps, files: SlackFile[]): Promise<{ attachments: Attachment[]; notices: string[] }> {
  const attachments: Attachment[] = [];
  const notices: string[] = [];
  for (const f of files) {
    try {
      attachments.push(await downloadFile(deps, f));
    } catch (err) {
      if (!isUserError(err)) throw err;
      notices.push(`:warning: ${err.message}`);
    }
  }
  return { attachments, notices };
}

/** Runs a turn job. User errors are answered in the thread; system errors propagate to the queue. */
export async function runTurnJob(deps: SlackDeps, job: TurnJob): Promise<void> {
  const thread = parseSlackThreadId(job.threadId);
  const working = workingIndicator(deps, thread, job.messageTs);
  try {
    const { attachments, notices } = await attachmentsOf(deps, job.files);
    if (job.text.trim() === "" && attachments.length === 0) {
      await postText(deps, thread, notices.length > 0 ? notices.join("\n") : "Ask me to classify a product, calculate duty, read an invoice or draft an entry. `/tollgate help` lists the commands.");
      return;
    }
    const msg: InboundMessage = {
      channel: "slack",
      threadId: job.threadId,
      author: { channel: "slack", identity: job.user },
      text: job.text,
      attachments,
      messageId: job.messageTs,
    };
    let reply;
    try {
      reply = await deps.ctx.assistant.send(msg);
    } catch (err) {
      if (!isUserError(err)) throw err;
      await postText(deps, thread, [...notices, `:warning: ${err.message}`].join("\n"));
      return;
    }
    await deps.replies.deliver(job.threadId, notices.length > 0 ? { ...reply, text: `${notices.join("\n")}\n\n${reply.text}` } : reply);
  } finally {
    await working.stop();
  }
}

/** Said in the thread when a turn failed for good (a system error), so the user is not left waiting. */
export async function reportFailedTurn(deps: SlackDeps, job: TurnJob, error: Error): Promise<void> {
  deps.ctx.log.error({ err: describeError(error), threadId: job.threadId }, "slack: turn failed");
  await postText(deps, parseSlackThreadId(job.threadId), `:x: Tollgate could not finish this request because of an error on its side (${describeError(error)}). Nothing was filed. Try again in a moment.`);
}
