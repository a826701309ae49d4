/**
 * Turns with documents as queued jobs. A message that carries files (an invoice, a scanned packing
 * list, a phone photo) makes the agent read them: text extraction, and OCR for scans, which takes
 * seconds to a minute. Such a turn runs on the queue (any replica, one at a time per thread as every
 * turn), and the request that sent it waits for the job's result, kept in the database; the answer
 * is the same as for an inline turn. Should the queue not finish within the wait, the request
 * answers that the message is being processed, with the key to ask for the result later (the
 * console shows the reply in the conversation once done). A turn is not retried: the agent may
 * have acted before a failure; the error is the job's result instead.
 */
import { randomUUID } from "node:crypto";
import type { InboundMessage, OutboundReply } from "../agent/messages.ts";
import type { JobQueue } from "../agent/ports.ts";
import { isUserError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import { awaitJobResult, messageOf, turnPayload, type TurnJobPayload } from "./jobs.ts";

/** The queue name of web turns with documents. */
export const WEB_TURN_JOB = "tollgate.web-turn";

/** A turn job with the key its result is kept under. */
export interface WebTurnPayload extends TurnJobPayload {
  resultKey: string;
}

/** A reply as the API answers it (`tollgate ask --json` plus `refused`). */
export interface ReplyBody {
  thread: string;
  reply: string;
  toolCalls: OutboundReply["toolCalls"];
  pendingApproval: OutboundReply["pendingApproval"];
  refused: boolean;
}

/**
 * What the request gets: the reply, the key to ask for it later, a refusal of the input (a user
 * error such as a document over the page limit: a 400, as for an inline turn) or a failure.
 */
export type QueuedTurn =
  | { kind: "reply"; body: ReplyBody }
  | { kind: "processing"; key: string; thread: string }
  | { kind: "refused"; code: string; message: string }
  | { kind: "failed"; error: string };

/** How long a queued turn's result is kept for anyone asking with its key. */
const RESULTS_KEPT_MS = 24 * 3600_000;

/** How long a request waits for its turn by default. */
export const TURN_WAIT_MS = 90_000;

/** The reply body of a turn. */
export function replyBody(reply: OutboundReply): ReplyBody {
  return { thread: reply.threadId, reply: reply.text, toolCalls: reply.toolCalls, pendingApproval: reply.pendingApproval, refused: reply.refused };
}

/** A finished turn as kept under its key. */
type StoredResult = { reply: ReplyBody } | { refused: { code: string; message: string } };

interface Deps {
  store: Pick<Store, "jobResults">;
  queue: JobQueue;
}

/** Registers the web-turn worker on this process; `send` runs a turn (with metrics). */
export async function registerWebTurnJob(deps: Deps, send: (msg: InboundMessage) => Promise<OutboundReply>): Promise<void> {
  await deps.queue.work<WebTurnPayload>(
    WEB_TURN_JOB,
    async (p) => {
      let result: StoredResult;
      try {
        result = { reply: replyBody(await send(messageOf(p))) };
      } catch (err) {
        // The sender's mistake is an answer, not a failed job.
        if (!isUserError(err)) throw err;
        result = { refused: { code: err.code, message: err.message } };
      }
      await deps.store.jobResults.put(p.resultKey, result);
      await deps.store.jobResults.purgeBefore(new Date(Date.now() - RESULTS_KEPT_MS));
    },
    {
      retryLimit: 0,
      onFailed: async (payload, error) => {
        await deps.store.jobResults.putError((payload as WebTurnPayload).resultKey, error.message);
      },
    },
  );
}

/** Where a queued turn stands. */
export async function turnResult(deps: Deps, key: string): Promise<QueuedTurn | null> {
  const got = await deps.store.jobResults.get(key);
  if (!got) return null;
  if (got.error !== undefined) return { kind: "failed", error: got.error };
  const r = got.result as StoredResult;
  return "refused" in r ? { kind: "refused", ...r.refused } : { kind: "reply", body: r.reply };
}

/** Enqueues the turn and waits for its result, up to `waitMs`. */
export async function runQueuedTurn(deps: Deps, msg: InboundMessage, opts: { waitMs?: number; pollMs?: number } = {}): Promise<QueuedTurn> {
  const key = randomUUID();
  await deps.queue.enqueue<WebTurnPayload>(WEB_TURN_JOB, { ...turnPayload(msg), resultKey: key });
  const got = await awaitJobResult(async () => (await turnResult(deps, key)) ?? undefined, { waitMs: opts.waitMs ?? TURN_WAIT_MS, pollMs: opts.pollMs });
  return got ?? { kind: "processing", key, thread: msg.threadId };
}
