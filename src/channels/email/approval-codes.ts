/**
 * One-time approval codes: 160 random bits, shown once in the mail to one broker and stored only as
 * SHA-256, bound to a draft version, its content hash, that broker and an expiry. Taking a code is a
 * single conditional UPDATE, so two replicas (or a replayed mail) cannot both use it.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Queryable } from "../../store/index.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** A fresh code: 20 random bytes in base32 (32 characters, 160 bits). */
export function newApprovalCode(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** The stored form of a code. */
export function hashCode(code: string): string {
  return createHash("sha256").update(code.trim().toUpperCase()).digest("hex");
}

/** A stored code (never the code itself). */
export interface ApprovalCodeRecord {
  id: string;
  draftId: string;
  version: number;
  contentHash: string;
  broker: string;
  threadId: string;
  expiresAt: Date;
  usedAt: Date | null;
}

interface Row {
  id: string;
  draft_id: string;
  version: number;
  content_hash: string;
  broker: string;
  thread_id: string;
  expires_at: string | Date;
  used_at: string | Date | null;
}

function toRecord(r: Row): ApprovalCodeRecord {
  return {
    id: r.id,
    draftId: r.draft_id,
    version: Number(r.version),
    contentHash: r.content_hash,
    broker: r.broker,
    threadId: r.thread_id,
    expiresAt: new Date(r.expires_at),
    usedAt: r.used_at === null ? null : new Date(r.used_at),
  };
}

/** Codes in the database. */
export class ApprovalCodeRepository {
  constructor(private readonly db: Queryable) {}

  /** Issues a code for one broker and one draft version; returns the code (to be mailed, never stored). */
  async issue(req: { draftId: string; version: number; contentHash: string; broker: string; threadId: string; expiresAt: Date }): Promise<string> {
    const code = newApprovalCode();
    await this.db.query(
      `insert into email_approval_codes (id, code_hash, draft_id, version, content_hash, broker, thread_id, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [randomUUID(), hashCode(code), req.draftId, req.version, req.contentHash, req.broker.toLowerCase(), req.threadId, req.expiresAt.toISOString()],
    );
    return code;
  }

  /** The record of a code, or null for a code never issued. */
  async find(code: string): Promise<ApprovalCodeRecord | null> {
    const res = await this.db.query<Row>("select * from email_approval_codes where code_hash = $1", [hashCode(code)]);
    return res.rows[0] ? toRecord(res.rows[0]) : null;
  }

  /** Marks a code used; false when it was used already (a replay, or another replica first). */
  async take(id: string, now: Date): Promise<boolean> {
    const res = await this.db.query("update email_approval_codes set used_at = $2 where id = $1 and used_at is null", [id, now.toISOString()]);
    return res.rowCount === 1;
  }
}
