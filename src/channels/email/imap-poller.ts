/**
 * The IMAP intake: watches an existing mailbox (IMAP_URL, imaps://user:pass@host/INBOX). New mail
 * is noticed through IDLE where the server supports it (entered after every poll; the server's
 * EXISTS wakes a poll) and by a periodic poll otherwise. A message is handed to the intake, and only once it
 * is recorded is it flagged `$TollgateProcessed` (and \Seen), so a restart never processes it twice;
 * the intake's Message-ID/content claim covers a crash between the two and a second replica.
 */
import { ImapFlow } from "imapflow";
import type { Logger } from "../../server/channel.ts";
import type { Arrival } from "./sender-auth.ts";

/** The keyword set on processed messages. */
export const PROCESSED_FLAG = "$TollgateProcessed";

/** Settings of the poller. */
export interface ImapPollerOptions {
  url: string;
  pollSeconds: number;
  receive: (raw: Uint8Array, arrival: Arrival) => Promise<unknown>;
  log: Logger;
  /** Accept a self-signed certificate (test servers only). */
  allowSelfSigned?: boolean;
}

/** A running poller. */
export interface ImapPoller {
  /** Processes whatever is new now (also run on IDLE notifications and by the timer). */
  poll(): Promise<number>;
  close(): Promise<void>;
}

/** Parts of IMAP_URL. */
export function parseImapUrl(url: string): { host: string; port: number; secure: boolean; user: string; pass: string; mailbox: string } {
  const u = new URL(url);
  const secure = u.protocol === "imaps:";
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(u.username),
    pass: decodeURIComponent(u.password),
    mailbox: decodeURIComponent(u.pathname.replace(/^\//, "")) || "INBOX",
  };
}

/** Connects, processes what is waiting, and keeps watching. */
export async function startImapPoller(opts: ImapPollerOptions): Promise<ImapPoller> {
  const cfg = parseImapUrl(opts.url);
  const client = new ImapFlow({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    auth: { user: cfg.user, pass: cfg.pass },
    logger: false,
    // IDLE is entered right after each poll (imapflow's own auto-IDLE waits 15 s after the last command).
    disableAutoIdle: true,
    tls: opts.allowSelfSigned ? { rejectUnauthorized: false } : undefined,
  });
  await client.connect();
  await client.mailboxOpen(cfg.mailbox);
  let running: Promise<number> | null = null;
  let again = false;
  let closed = false;

  const once = async (): Promise<number> => {
    const lock = await client.getMailboxLock(cfg.mailbox);
    let n = 0;
    try {
      const flags = client.mailbox ? client.mailbox.permanentFlags : undefined;
      const keywords = !flags || flags.has("\\*") || flags.has(PROCESSED_FLAG);
      // Servers that cannot store our keyword get \Seen alone (the mailbox is Tollgate's own then).
      const uids = (await client.search(keywords ? { unKeyword: PROCESSED_FLAG } : { seen: false }, { uid: true })) || [];
      for (const uid of uids) {
        const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (!msg || !msg.source) continue;
        await opts.receive(new Uint8Array(msg.source), { via: "imap" });
        await client.messageFlagsAdd(String(uid), keywords ? [PROCESSED_FLAG, "\\Seen"] : ["\\Seen"], { uid: true });
        n += 1;
      }
    } finally {
      lock.release();
    }
    return n;
  };

  const poll = async (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    let total = 0;
    running = (async () => {
      do {
        again = false;
        total += await once();
      } while (again && !closed);
      return total;
    })();
    try {
      return await running;
    } finally {
      running = null;
      if (!closed) idle();
    }
  };

  // IDLE until the server reports new mail (imapflow ends it when the next command runs); servers
  // without IDLE get imapflow's NOOP polling instead, besides the timer below.
  const idle = () => {
    client.idle().catch((err: unknown) => {
      if (!closed) opts.log.warn({ err: err instanceof Error ? err.message : String(err) }, "email: IMAP IDLE ended with an error");
    });
  };

  const safePoll = () => {
    if (closed) return;
    poll().catch((err: unknown) => opts.log.error({ err: err instanceof Error ? err.message : String(err) }, "email: IMAP poll failed"));
  };
  client.on("exists", safePoll);
  client.on("error", (err: Error) => opts.log.warn({ err: err.message }, "email: IMAP connection error"));
  const timer = setInterval(safePoll, opts.pollSeconds * 1000);
  timer.unref();
  await poll();
  return {
    poll,
    close: async () => {
      closed = true;
      clearInterval(timer);
      if (running) await running.catch(() => 0);
      await client.logout().catch(() => client.close());
    },
  };
}
