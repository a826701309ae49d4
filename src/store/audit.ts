/**
 * The append-only, hash-chained audit trail. Each row stores its canonical JSON body (as text, so
 * the exact bytes survive; jsonb would reorder keys), the previous row's hash and its own hash,
 * SHA-256(prev_hash + body). Editing a row breaks its own hash; deleting one breaks the next row's
 * link and leaves a gap in `seq`. `verify()` walks the chain and names the first bad row.
 * Appends take a table lock so two replicas cannot both link to the same predecessor.
 */
import { randomUUID } from "node:crypto";
import { canonicalJson, sha256Hex } from "../domain/entry/canonical.ts";
import type { Db } from "./db.ts";

/** The hash a chain's first row links to. */
export const GENESIS_HASH = "0".repeat(64);

/** Kinds of event Tollgate records; other components may add their own strings. */
export type AuditEventType =
  | "extraction"
  | "classification"
  | "calculation"
  | "draft"
  | "draft_update"
  | "approval_requested"
  | "approval"
  | "rejection"
  | "filing"
  | (string & {});

/** What a caller appends. */
export interface AuditEventInput {
  type: AuditEventType;
  /** Who did it: `cli:ana`, `slack:U024BE7LH`, `agent`, `system`. */
  actor: string;
  threadId?: string;
  /** The inputs the action worked on (or their hashes when large). */
  inputs?: unknown;
  /** Where facts came from: HTS revision and line, ruling numbers, fee notices, document hashes. */
  sources?: unknown;
  /** Identifiers of what the action produced or touched, e.g. `{ draftId, version }`. */
  refs?: Record<string, string | number>;
  summary?: string;
}

/** A stored event: the input plus its place in the chain. */
export interface AuditEvent extends AuditEventInput {
  seq: number;
  eventId: string;
  at: string;
  prevHash: string;
  hash: string;
}

/** Result of walking the chain. */
export interface AuditVerification {
  ok: boolean;
  count: number;
  /**
   * Hash of the last row. The chain cannot show that rows were cut off its end; recording this
   * value elsewhere (a ticket, a broker's e-mail, another system) and comparing later does.
   */
  headHash?: string;
  /** The first row that fails, with why. */
  firstBad?: { seq: number; eventId: string; reason: string };
}

interface AuditRow {
  seq: number;
  event_id: string;
  type: string;
  actor: string;
  body: string;
  prev_hash: string;
  hash: string;
}

/** Repository over `audit_events`. */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Appends one event and returns it with its chain position and hash. */
  async append(event: AuditEventInput): Promise<AuditEvent> {
    return this.db.transaction(async (tx) => {
      await tx.query("lock table audit_events in exclusive mode");
      const last = await tx.query<{ seq: number; hash: string }>(
        "select seq, hash from audit_events order by seq desc limit 1",
      );
      const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
      const seq = (last.rows[0]?.seq ?? 0) + 1;
      const eventId = randomUUID();
      const at = this.clock().toISOString();
      const bodyObj = { ...stripUndefined(event), seq, eventId, at };
      const body = canonicalJson(bodyObj);
      const hash = sha256Hex(prevHash + body);
      await tx.query(
        "insert into audit_events (seq, event_id, type, actor, body, prev_hash, hash) values ($1, $2, $3, $4, $5, $6, $7)",
        [seq, eventId, event.type, event.actor, body, prevHash, hash],
      );
      return { ...event, seq, eventId, at, prevHash, hash };
    });
  }

  /** Events in chain order, optionally only those whose refs[key] equals value. */
  async list(filter?: { refKey: string; refValue: string | number }, limit = 1000): Promise<AuditEvent[]> {
    const rows = filter
      ? await this.db.query<AuditRow>(
          "select seq, event_id, type, actor, body, prev_hash, hash from audit_events where (body::jsonb -> 'refs' ->> $1) = $2 order by seq limit $3",
          [filter.refKey, String(filter.refValue), limit],
        )
      : await this.db.query<AuditRow>(
          "select seq, event_id, type, actor, body, prev_hash, hash from audit_events order by seq limit $1",
          [limit],
        );
    return rows.rows.map(toEvent);
  }

  /** Events of one conversation thread, in chain order. */
  async listByThread(threadId: string, limit = 1000): Promise<AuditEvent[]> {
    const rows = await this.db.query<AuditRow>(
      "select seq, event_id, type, actor, body, prev_hash, hash from audit_events where (body::jsonb ->> 'threadId') = $1 order by seq limit $2",
      [threadId, limit],
    );
    return rows.rows.map(toEvent);
  }

  /** The most recent events, in chain order. */
  async latest(limit = 100): Promise<AuditEvent[]> {
    const rows = await this.db.query<AuditRow>(
      "select * from (select seq, event_id, type, actor, body, prev_hash, hash from audit_events order by seq desc limit $1) recent order by seq",
      [limit],
    );
    return rows.rows.map(toEvent);
  }

  /** Walks the whole chain in order, recomputing every hash and link. */
  async verify(): Promise<AuditVerification> {
    const { rows } = await this.db.query<AuditRow>("select seq, event_id, type, actor, body, prev_hash, hash from audit_events order by seq");
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    for (const row of rows) {
      const bad = (reason: string): AuditVerification => ({
        ok: false,
        count: rows.length,
        firstBad: { seq: row.seq, eventId: row.event_id, reason },
      });
      if (row.seq !== expectedSeq) return bad(`sequence gap: expected row ${expectedSeq}, found ${row.seq} (a row was deleted)`);
      if (row.prev_hash !== prevHash) return bad("link broken: prev_hash does not match the previous row's hash (a row was deleted or altered)");
      let parsed: unknown;
      try {
        parsed = JSON.parse(row.body);
      } catch {
        return bad("body is not valid JSON");
      }
      if (canonicalJson(parsed) !== row.body) return bad("body is not in canonical form");
      const body = parsed as { seq?: unknown; eventId?: unknown; type?: unknown; actor?: unknown };
      if (body.seq !== row.seq || body.eventId !== row.event_id || body.type !== row.type || body.actor !== row.actor) {
        return bad("row columns disagree with the hashed body");
      }
      if (sha256Hex(row.prev_hash + row.body) !== row.hash) return bad("hash mismatch: the row's content was edited");
      prevHash = row.hash;
      expectedSeq += 1;
    }
    return { ok: true, count: rows.length, headHash: prevHash };
  }
}

function toEvent(row: AuditRow): AuditEvent {
  const body = JSON.parse(row.body) as AuditEventInput & { seq: number; eventId: string; at: string };
  return { ...body, prevHash: row.prev_hash, hash: row.hash };
}

/** Drops undefined members so the stored body and the returned event agree. */
function stripUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
