/**
 * The ports that connect channels to the core, besides `Assistant.send` (a turn) and the approval
 * service (`approveDraft` / `rejectDraft`, the only way anything is approved). Channels implement
 * these; the core and the server call them. They live with the agent so that channels import the
 * core's types, never the reverse.
 */
import type { ChannelName, OutboundReply } from "./messages.ts";

/** A filing that paused, waiting for a licensed broker's decision on one exact draft version. */
export interface ApprovalNotice {
  draftId: string;
  version: number;
  /** SHA-256 of the version's canonical content; an approval binds to it. */
  contentHash: string;
  /** The conversation paused on the filing (its id names the channel it came from, e.g. `slack:...`). */
  threadId: string;
  /** `channel:identity` of whoever asked to file. */
  requestedBy: string;
}

/**
 * Tells brokers that a filing waits for them: Slack posts an approval card in the thread, e-mail
 * sends each broker a one-time code, the console lists it. Each channel decides from the notice
 * whether it has anyone to tell; a notifier's failure is logged and never undoes the request.
 */
export interface ApprovalNotifier {
  channel: ChannelName;
  notify(notice: ApprovalNotice): Promise<void>;
}

/**
 * Delivers a reply that was produced later than the request that caused it (a queued turn, a
 * resumed thread) to the channel of its thread, so that any replica can answer.
 */
export interface ReplySink {
  channel: ChannelName;
  deliver(threadId: string, reply: OutboundReply): Promise<void>;
}

/** Options of one enqueued job. */
export interface EnqueueOptions {
  /**
   * A delivery's dedupe key (Slack event_id, e-mail Message-ID): the job is enqueued only the first
   * time the key is seen, on any replica. `enqueue` answers null for a repeat.
   */
  dedupeKey?: string;
}

/** Options of a job handler. */
export interface JobHandlerOptions {
  /** Attempts after the first failure (default 3), with exponential backoff. */
  retryLimit?: number;
  /** Delay before the first retry in seconds (default 2), doubled on each further retry. */
  retryDelaySeconds?: number;
  /** Called once when a job has failed for good, so the thread can show the error. */
  onFailed?: (payload: unknown, error: Error) => Promise<void>;
}

/** The PostgreSQL-backed work queue: no two replicas run the same job. */
export interface JobQueue {
  /** Registers the handler of a job kind on this process (a worker). */
  work<T>(name: string, handler: (payload: T) => Promise<void>, options?: JobHandlerOptions): Promise<void>;
  /** Enqueues a job; returns its id, or null when `dedupeKey` was already seen. */
  enqueue<T>(name: string, payload: T, options?: EnqueueOptions): Promise<string | null>;
}
