/**
 * How a channel adapter plugs into the server. The server builds one `ChannelContext` (the loaded
 * application, the assistant, the work queue), asks each configured channel to mount its HTTP
 * routes and start its listeners, and stops them on shutdown. A channel only verifies and
 * acknowledges what came in, converts it to an `InboundMessage` or a broker decision, and renders
 * what goes out.
 */
import type { Router } from "express";
import type { AppContext } from "../app.ts";
import type { Assistant } from "../agent/assistant.ts";
import type { ApprovalNotifier, JobQueue, ReplySink } from "../agent/ports.ts";

/** A minimal structured logger (pino's signature), so channels do not depend on one library. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** What the server hands every channel. */
export interface ChannelContext {
  app: AppContext;
  assistant: Assistant;
  queue: JobQueue;
  log: Logger;
  /** The console's public base URL (for "View in console" links), when configured. */
  consoleUrl?: string;
}

/** One channel adapter as the server sees it. */
export interface ServerChannel {
  name: string;
  /**
   * Mounts the channel's HTTP routes on the server's router. Called before any body parser is
   * installed (Slack checks its signature over the raw body).
   */
  mount?(router: Router): void;
  /** Registers the channel's job handlers and starts its listeners (SMTP port, IMAP poller, Socket Mode). */
  start?(): Promise<void>;
  /** Stops listeners; running jobs are finished or re-queued by the queue. */
  stop?(): Promise<void>;
  /** Delivers late replies (queued turns, resumed threads) on this channel's threads. */
  replies?: ReplySink;
  /** Tells this channel's brokers that a filing waits for them. */
  notifier?: ApprovalNotifier;
}
