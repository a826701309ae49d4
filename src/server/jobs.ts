/**
 * The server's own job kinds. `tollgate.turn` runs one agent turn for a message a channel received
 * but does not answer inline (Slack events, e-mails): any replica may pick it up, and the reply goes
 * out through the ReplySink of the message's channel. A turn that fails for good tells the thread so
 * (the queue records a `job_failed` audit event; the sink gets a short apology naming the error).
 */
import type { Attachment, InboundMessage } from "../agent/messages.ts";
import type { JobQueue } from "../agent/ports.ts";
import type { Logger } from "./channel.ts";
import type { ServerContext } from "./server.ts";

/** The queue name of agent turns. */
export const TURN_JOB = "tollgate.turn";

/** A message as it travels in a job payload (JSON: attachment bytes as base64). */
export interface TurnJobPayload {
  threadId: string;
  message: Omit<InboundMessage, "attachments"> & { attachments: Array<Omit<Attachment, "data"> & { dataBase64?: string }> };
}

/** Serialises a message for the queue. */
export function turnPayload(msg: InboundMessage): TurnJobPayload {
  return {
    threadId: msg.threadId,
    message: {
      ...msg,
      attachments: msg.attachments.map(({ data, ...rest }) => ({ ...rest, ...(data ? { dataBase64: Buffer.from(data).toString("base64") } : {}) })),
    },
  };
}

/** The message of a turn payload (attachment bytes decoded). */
export function messageOf(p: TurnJobPayload): InboundMessage {
  return {
    ...p.message,
    attachments: p.message.attachments.map(({ dataBase64, ...rest }) => ({ ...rest, ...(dataBase64 !== undefined ? { data: new Uint8Array(Buffer.from(dataBase64, "base64")) } : {}) })),
  };
}

/**
 * Enqueues a turn; with `dedupeKey` (a Slack event_id, a Message-ID) a repeated delivery is
 * enqueued once on any replica and this answers null for the repeat.
 */
export function enqueueTurn(queue: JobQueue, msg: InboundMessage, dedupeKey?: string): Promise<string | null> {
  return queue.enqueue(TURN_JOB, turnPayload(msg), { dedupeKey: dedupeKey ?? (msg.messageId ? `${msg.channel}:${msg.messageId}` : undefined) });
}

/** Registers the core job handlers on this process. */
export async function registerCoreJobs(ctx: ServerContext, log: Logger): Promise<void> {
  await ctx.queue.work<TurnJobPayload>(
    TURN_JOB,
    async (payload) => {
      const msg = messageOf(payload);
      const reply = await ctx.send(msg);
      const sink = ctx.replySinks.get(msg.channel);
      if (sink) await sink.deliver(msg.threadId, reply);
      else log.warn({ channel: msg.channel, threadId: msg.threadId }, "no reply sink for a queued turn's channel; the reply stays in the thread");
    },
    {
      onFailed: async (payload, error) => {
        const p = payload as TurnJobPayload;
        const sink = ctx.replySinks.get(p.message.channel);
        if (!sink) return;
        await sink.deliver(p.threadId, {
          threadId: p.threadId,
          text: `Sorry, Tollgate could not answer this message after several attempts (${error.message}). Nothing was filed; try again or ask in the console.`,
          toolCalls: [],
          pendingApproval: null,
          refused: true,
        });
      },
    },
  );
}

/**
 * Polls `check` (a queued job's result, kept in the database by whichever replica ran it) every
 * `pollMs` until it answers, or answers undefined once `waitMs` has passed.
 */
export async function awaitJobResult<T>(check: () => Promise<T | undefined>, opts: { waitMs: number; pollMs?: number }): Promise<T | undefined> {
  const end = Date.now() + opts.waitMs;
  for (;;) {
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
    const got = await check();
    if (got !== undefined) return got;
    if (Date.now() >= end) return undefined;
  }
}
