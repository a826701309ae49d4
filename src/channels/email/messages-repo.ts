/**
 * Every mail in and out, keyed by Message-ID, so that a reply's In-Reply-To / References find its
 * thread on any replica, and a delivery seen twice (same Message-ID, or the same content hash) is
 * claimed by exactly one insert.
 */
import type { Queryable } from "../../store/index.ts";

/** One stored mail. */
export interface StoredMail {
  messageId: string;
  threadId: string;
  direction: "in" | "out";
  sender: string | null;
  subject: string | null;
  references: string[];
  raw: Uint8Array | null;
  transport: Record<string, unknown>;
}

interface Row {
  message_id: string;
  thread_id: string;
  direction: "in" | "out";
  sender: string | null;
  subject: string | null;
  refs: string[] | null;
  raw: Uint8Array | null;
  transport: Record<string, unknown> | string;
}

function toMail(r: Row): StoredMail {
  return {
    messageId: r.message_id,
    threadId: r.thread_id,
    direction: r.direction,
    sender: r.sender,
    subject: r.subject,
    references: r.refs ?? [],
    raw: r.raw === null ? null : new Uint8Array(r.raw),
    transport: typeof r.transport === "string" ? (JSON.parse(r.transport) as Record<string, unknown>) : r.transport,
  };
}

/** The e-mail message table. */
export class MailRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Records an inbound mail; false when the same Message-ID or content was recorded before (by this
   * or another replica), in which case nothing is processed.
   */
  async claimInbound(mail: { messageId: string; threadId: string; contentHash: string | null; sender: string; subject: string; references: string[]; raw: Uint8Array; transport: Record<string, unknown> }): Promise<boolean> {
    const res = await this.db.query(
      `insert into email_messages (message_id, thread_id, direction, content_hash, sender, subject, refs, raw, transport)
       values ($1, $2, 'in', $3, $4, $5, $6, $7, $8) on conflict do nothing`,
      [mail.messageId, mail.threadId, mail.contentHash, mail.sender, mail.subject, mail.references, mail.raw, JSON.stringify(mail.transport)],
    );
    return res.rowCount === 1;
  }

  /** Records a mail Tollgate sent, so replies to it find the thread. */
  async recordOutbound(mail: { messageId: string; threadId: string; sender: string; subject: string; references: string[] }): Promise<void> {
    await this.db.query(
      `insert into email_messages (message_id, thread_id, direction, sender, subject, refs) values ($1, $2, 'out', $3, $4, $5) on conflict do nothing`,
      [mail.messageId, mail.threadId, mail.sender, mail.subject, mail.references],
    );
  }

  /** The thread of the newest known mail among the ids (In-Reply-To first, then References from the end). */
  async threadOf(ids: readonly string[]): Promise<string | null> {
    for (const id of ids) {
      const res = await this.db.query<{ thread_id: string }>("select thread_id from email_messages where message_id = $1", [id]);
      if (res.rows[0]) return res.rows[0].thread_id;
    }
    return null;
  }

  async get(messageId: string): Promise<StoredMail | null> {
    const res = await this.db.query<Row>("select * from email_messages where message_id = $1", [messageId]);
    return res.rows[0] ? toMail(res.rows[0]) : null;
  }

  /** The newest inbound mail of a thread (a late reply answers it). */
  async latestInbound(threadId: string): Promise<StoredMail | null> {
    const res = await this.db.query<Row>(
      "select * from email_messages where thread_id = $1 and direction = 'in' order by created_at desc, message_id desc limit 1",
      [threadId],
    );
    return res.rows[0] ? toMail(res.rows[0]) : null;
  }
}
