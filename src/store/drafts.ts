/**
 * Repositories for entry drafts (versioned: every edit is a new row), approvals (bound to one
 * version's content hash) and filings. Content is validated against the entry schema on the way in
 * and on the way out, so a row written by an older or foreign writer is caught, not trusted.
 */
import { randomUUID } from "node:crypto";
import { NotFoundError } from "../errors.ts";
import { contentHash } from "../domain/entry/canonical.ts";
import { ENTRY_SCHEMA_VERSION, EntryDraftSchema, type DraftStatus, type EntryDraft } from "../domain/entry/model.ts";
import type { Db, Queryable } from "./db.ts";
import { iso, type Row } from "./rows.ts";

/** One version of a draft as stored. */
export interface DraftRecord {
  id: string;
  version: number;
  schemaVersion: number;
  threadId: string | null;
  status: DraftStatus;
  content: EntryDraft;
  contentHash: string;
  createdBy: string;
  /** The conversation thread paused waiting for a decision on this version, if any. */
  waitingThreadId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Version of the approval row shape. */
export const APPROVAL_SCHEMA_VERSION = 1;

/** A broker's decision on one draft version. */
export interface ApprovalRecord {
  id: string;
  draftId: string;
  version: number;
  contentHash: string;
  decision: "approved" | "rejected";
  actorChannel: string;
  actorIdentity: string;
  reason: string | null;
  createdAt: string;
}

/** A filing made through a FilingAdapter. */
export interface FilingRecord {
  id: string;
  draftId: string;
  version: number;
  contentHash: string;
  approvalId: string;
  adapter: string;
  location: string;
  status: string;
  createdAt: string;
}

function toDraft(row: Row): DraftRecord {
  return {
    id: String(row.id),
    version: Number(row.version),
    schemaVersion: Number(row.schema_version),
    threadId: (row.thread_id as string | null) ?? null,
    status: row.status as DraftStatus,
    content: EntryDraftSchema.parse(row.content),
    contentHash: String(row.content_hash),
    createdBy: String(row.created_by),
    waitingThreadId: (row.waiting_thread_id as string | null) ?? null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function toApproval(row: Row): ApprovalRecord {
  return {
    id: String(row.id),
    draftId: String(row.draft_id),
    version: Number(row.version),
    contentHash: String(row.content_hash),
    decision: row.decision as ApprovalRecord["decision"],
    actorChannel: String(row.actor_channel),
    actorIdentity: String(row.actor_identity),
    reason: (row.reason as string | null) ?? null,
    createdAt: iso(row.created_at),
  };
}

function toFiling(row: Row): FilingRecord {
  return {
    id: String(row.id),
    draftId: String(row.draft_id),
    version: Number(row.version),
    contentHash: String(row.content_hash),
    approvalId: String(row.approval_id),
    adapter: String(row.adapter),
    location: String(row.location),
    status: String(row.status),
    createdAt: iso(row.created_at),
  };
}

/** Drafts and their versions. */
export class DraftRepository {
  constructor(private readonly db: Db) {}

  /** Saves a new draft as version 1. */
  async create(content: EntryDraft, opts: { threadId?: string | null; createdBy: string }): Promise<DraftRecord> {
    return this.#insert(this.db, randomUUID(), 1, content, opts.threadId ?? null, opts.createdBy);
  }

  /** Saves an edited draft as the next version (status `draft`, needing a fresh approval). */
  async addVersion(id: string, content: EntryDraft, createdBy: string): Promise<DraftRecord> {
    return this.db.transaction(async (tx) => {
      const latest = await tx.query<Row>("select version, thread_id from drafts where id = $1 order by version desc limit 1 for update", [id]);
      const row = latest.rows[0];
      if (!row) throw new NotFoundError(`No draft with id ${id}.`, "draft_not_found");
      return this.#insert(tx, id, Number(row.version) + 1, content, (row.thread_id as string | null) ?? null, createdBy);
    });
  }

  async #insert(q: Queryable, id: string, version: number, content: EntryDraft, threadId: string | null, createdBy: string): Promise<DraftRecord> {
    const valid = EntryDraftSchema.parse(content);
    const res = await q.query<Row>(
      `insert into drafts (id, version, schema_version, thread_id, status, content, content_hash, created_by)
       values ($1, $2, $3, $4, 'draft', $5::jsonb, $6, $7) returning *`,
      [id, version, ENTRY_SCHEMA_VERSION, threadId, JSON.stringify(valid), contentHash(valid), createdBy],
    );
    return toDraft(res.rows[0]!);
  }

  /** One version, or the latest when `version` is omitted; NotFoundError when absent. */
  async get(id: string, version?: number): Promise<DraftRecord> {
    const res =
      version === undefined
        ? await this.db.query<Row>("select * from drafts where id = $1 order by version desc limit 1", [id])
        : await this.db.query<Row>("select * from drafts where id = $1 and version = $2", [id, version]);
    const row = res.rows[0];
    if (!row) throw new NotFoundError(version === undefined ? `No draft with id ${id}.` : `Draft ${id} has no version ${version}.`, "draft_not_found");
    return toDraft(row);
  }

  /** The number of the latest version. */
  async latestVersion(id: string): Promise<number> {
    return (await this.get(id)).version;
  }

  /** The latest version of every draft (optionally of one thread), newest first. */
  async list(opts: { threadId?: string } = {}): Promise<DraftRecord[]> {
    const res = await this.db.query<Row>(
      `select distinct on (id) * from drafts ${opts.threadId ? "where thread_id = $1" : ""}
       order by id, version desc`,
      opts.threadId ? [opts.threadId] : [],
    );
    return res.rows.map(toDraft).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }

  /** Sets one version's status (and, for awaiting_approval, the thread waiting on it). */
  async setStatus(id: string, version: number, status: DraftStatus, waitingThreadId?: string | null, q: Queryable = this.db): Promise<void> {
    const res = await q.query(
      `update drafts set status = $3, updated_at = now(),
         waiting_thread_id = case when $4::boolean then $5 else waiting_thread_id end
       where id = $1 and version = $2`,
      [id, version, status, waitingThreadId !== undefined, waitingThreadId ?? null],
    );
    if (res.rowCount === 0) throw new NotFoundError(`Draft ${id} has no version ${version}.`, "draft_not_found");
  }
}

/** Broker decisions. */
export class ApprovalRepository {
  constructor(private readonly db: Db) {}

  /** Records a decision. */
  async record(a: Omit<ApprovalRecord, "id" | "createdAt">, q: Queryable = this.db): Promise<ApprovalRecord> {
    const res = await q.query<Row>(
      `insert into approvals (id, draft_id, version, content_hash, decision, actor_channel, actor_identity, reason, schema_version)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
      [randomUUID(), a.draftId, a.version, a.contentHash, a.decision, a.actorChannel, a.actorIdentity, a.reason, APPROVAL_SCHEMA_VERSION],
    );
    return toApproval(res.rows[0]!);
  }

  /**
   * Records a decision and sets the version's status in one transaction, holding the version's row
   * lock, unless the latest decision on that version is already the same decision on the same
   * content: then nothing is written and the existing row is answered (`created: false`). So a
   * repeated approval (a double click, two replicas receiving the same button) is a no-op.
   */
  async recordDecision(a: Omit<ApprovalRecord, "id" | "createdAt">, drafts: DraftRepository): Promise<{ approval: ApprovalRecord; created: boolean }> {
    return this.db.transaction(async (tx) => {
      await tx.query("select 1 from drafts where id = $1 and version = $2 for update", [a.draftId, a.version]);
      const last = await tx.query<Row>("select * from approvals where draft_id = $1 and version = $2 order by created_at desc, id desc limit 1", [a.draftId, a.version]);
      const prev = last.rows[0] ? toApproval(last.rows[0]) : null;
      if (prev && prev.decision === a.decision && prev.contentHash === a.contentHash) return { approval: prev, created: false };
      const approval = await this.record(a, tx);
      await drafts.setStatus(a.draftId, a.version, a.decision, undefined, tx);
      return { approval, created: true };
    });
  }

  /** All decisions on a draft (every version), oldest first. */
  async listFor(draftId: string, version?: number): Promise<ApprovalRecord[]> {
    const res =
      version === undefined
        ? await this.db.query<Row>("select * from approvals where draft_id = $1 order by created_at, id", [draftId])
        : await this.db.query<Row>("select * from approvals where draft_id = $1 and version = $2 order by created_at, id", [draftId, version]);
    return res.rows.map(toApproval);
  }

  /** The most recent decision on one version, or null. */
  async latestFor(draftId: string, version: number): Promise<ApprovalRecord | null> {
    const all = await this.listFor(draftId, version);
    return all.at(-1) ?? null;
  }
}

/** Filings made. */
export class FilingRepository {
  constructor(private readonly db: Db) {}

  async record(f: Omit<FilingRecord, "id" | "createdAt">, q: Queryable = this.db): Promise<FilingRecord> {
    const res = await q.query<Row>(
      `insert into filings (id, draft_id, version, content_hash, approval_id, adapter, location, status)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
      [randomUUID(), f.draftId, f.version, f.contentHash, f.approvalId, f.adapter, f.location, f.status],
    );
    return toFiling(res.rows[0]!);
  }

  async getFor(draftId: string, version: number): Promise<FilingRecord | null> {
    const res = await this.db.query<Row>("select * from filings where draft_id = $1 and version = $2", [draftId, version]);
    return res.rows[0] ? toFiling(res.rows[0]) : null;
  }
}
