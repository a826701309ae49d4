/**
 * What a conversation thread accumulates before a draft is built: extracted documents, chosen
 * classifications and duty calculations; plus the threads themselves and inbound dedupe keys (Slack
 * retries and duplicate e-mails are dropped by a unique key, which works across replicas).
 */
import { randomUUID } from "node:crypto";
import { NotFoundError } from "../errors.ts";
import type { Db } from "./db.ts";
import { iso, type Row } from "./rows.ts";

/** An extracted document. */
export interface DocumentRecord {
  id: string;
  threadId: string | null;
  fileHash: string;
  fileName: string;
  /** "commercial_invoice", "bill_of_lading", "packing_list", ... as the extractor names it. */
  docType: string;
  extracted: Record<string, unknown>;
  provenance: Record<string, unknown>;
  createdAt: string;
}

/** A classification chosen for a product description. */
export interface ClassificationRecord {
  id: string;
  threadId: string | null;
  description: string;
  origin: string | null;
  hts: string;
  confidence: number | null;
  result: Record<string, unknown>;
  createdAt: string;
}

/** A duty calculation request and its result. */
export interface DutyCalculationRecord {
  id: string;
  threadId: string | null;
  request: Record<string, unknown>;
  result: Record<string, unknown>;
  createdAt: string;
}

/** Documents extracted in threads. Saving the same file twice in a thread returns the first row. */
export class DocumentRepository {
  constructor(private readonly db: Db) {}

  async save(d: Omit<DocumentRecord, "id" | "createdAt">): Promise<DocumentRecord> {
    await this.db.query(
      `insert into documents (id, thread_id, file_hash, file_name, doc_type, extracted, provenance)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb) on conflict do nothing`,
      [randomUUID(), d.threadId, d.fileHash, d.fileName, d.docType, JSON.stringify(d.extracted), JSON.stringify(d.provenance)],
    );
    const res = await this.db.query<Row>(
      "select * from documents where coalesce(thread_id, '') = coalesce($1, '') and file_hash = $2",
      [d.threadId, d.fileHash],
    );
    return toDocument(res.rows[0]!);
  }

  async listByThread(threadId: string): Promise<DocumentRecord[]> {
    const res = await this.db.query<Row>("select * from documents where thread_id = $1 order by created_at, id", [threadId]);
    return res.rows.map(toDocument);
  }

  /** The documents with these ids, in the order given; NotFoundError names the first id missing. */
  async getMany(ids: readonly string[]): Promise<DocumentRecord[]> {
    if (ids.length === 0) return [];
    const res = await this.db.query<Row>("select * from documents where id = any($1::text[])", [ids]);
    const byId = new Map(res.rows.map((r) => [String(r.id), toDocument(r)]));
    return ids.map((id) => {
      const doc = byId.get(id);
      if (!doc) throw new NotFoundError(`No extracted document with id ${id}.`, "document_not_found");
      return doc;
    });
  }
}

function toDocument(r: Row): DocumentRecord {
  return {
    id: String(r.id),
    threadId: (r.thread_id as string | null) ?? null,
    fileHash: String(r.file_hash),
    fileName: String(r.file_name),
    docType: String(r.doc_type),
    extracted: r.extracted as Record<string, unknown>,
    provenance: r.provenance as Record<string, unknown>,
    createdAt: iso(r.created_at),
  };
}

/** Classifications chosen in threads. */
export class ClassificationRepository {
  constructor(private readonly db: Db) {}

  async save(c: Omit<ClassificationRecord, "id" | "createdAt">): Promise<ClassificationRecord> {
    const res = await this.db.query<Row>(
      `insert into classifications (id, thread_id, description, origin, hts, confidence, result)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb) returning *`,
      [randomUUID(), c.threadId, c.description, c.origin, c.hts, c.confidence, JSON.stringify(c.result)],
    );
    return toClassification(res.rows[0]!);
  }

  /** Oldest first, so the latest choice for a description wins when callers fold them. */
  async listByThread(threadId: string): Promise<ClassificationRecord[]> {
    const res = await this.db.query<Row>("select * from classifications where thread_id = $1 order by created_at, id", [threadId]);
    return res.rows.map(toClassification);
  }
}

function toClassification(r: Row): ClassificationRecord {
  return {
    id: String(r.id),
    threadId: (r.thread_id as string | null) ?? null,
    description: String(r.description),
    origin: (r.origin as string | null) ?? null,
    hts: String(r.hts),
    confidence: r.confidence === null || r.confidence === undefined ? null : Number(r.confidence),
    result: r.result as Record<string, unknown>,
    createdAt: iso(r.created_at),
  };
}

/** Duty calculations made in threads. */
export class DutyCalculationRepository {
  constructor(private readonly db: Db) {}

  async save(c: Omit<DutyCalculationRecord, "id" | "createdAt">): Promise<DutyCalculationRecord> {
    const res = await this.db.query<Row>(
      "insert into duty_calculations (id, thread_id, request, result) values ($1, $2, $3::jsonb, $4::jsonb) returning *",
      [randomUUID(), c.threadId, JSON.stringify(c.request), JSON.stringify(c.result)],
    );
    return toCalculation(res.rows[0]!);
  }

  async latestForThread(threadId: string): Promise<DutyCalculationRecord | null> {
    const res = await this.db.query<Row>(
      "select * from duty_calculations where thread_id = $1 order by created_at desc, id desc limit 1",
      [threadId],
    );
    return res.rows[0] ? toCalculation(res.rows[0]) : null;
  }
}

function toCalculation(r: Row): DutyCalculationRecord {
  return {
    id: String(r.id),
    threadId: (r.thread_id as string | null) ?? null,
    request: r.request as Record<string, unknown>,
    result: r.result as Record<string, unknown>,
    createdAt: iso(r.created_at),
  };
}

/** Conversation threads (the agent's checkpoints live in the checkpointer's own tables). */
export class ThreadRepository {
  constructor(private readonly db: Db) {}

  /** Creates the thread or touches its updated_at. */
  async upsert(id: string, channel: string | null, metadata: Record<string, unknown> = {}): Promise<void> {
    await this.db.query(
      `insert into threads (id, channel, metadata) values ($1, $2, $3::jsonb)
       on conflict (id) do update set updated_at = now(), metadata = threads.metadata || excluded.metadata`,
      [id, channel, JSON.stringify(metadata)],
    );
  }

  async get(id: string): Promise<{ id: string; channel: string | null; metadata: Record<string, unknown> } | null> {
    const res = await this.db.query<Row>("select id, channel, metadata from threads where id = $1", [id]);
    const r = res.rows[0];
    return r ? { id: String(r.id), channel: (r.channel as string | null) ?? null, metadata: r.metadata as Record<string, unknown> } : null;
  }

  /** Records that an identity (`channel:identity`) takes part in a thread; repeats are no-ops. */
  async addParticipant(threadId: string, identity: string): Promise<void> {
    await this.db.query("insert into thread_participants (thread_id, identity) values ($1, $2) on conflict do nothing", [threadId, participantIdentity(identity)]);
  }

  /** The identities taking part in a thread, in the order they joined. */
  async participants(threadId: string): Promise<string[]> {
    const res = await this.db.query<Row>("select identity from thread_participants where thread_id = $1 order by first_seen_at, identity", [threadId]);
    return res.rows.map((r) => String(r.identity));
  }

  /** True when any of the identities takes part in the thread. */
  async hasParticipant(threadId: string, identities: readonly string[]): Promise<boolean> {
    const res = await this.db.query("select 1 from thread_participants where thread_id = $1 and identity = any($2::text[]) limit 1", [threadId, identities.map(participantIdentity)]);
    return res.rows.length > 0;
  }

  /** The ids of the threads any of the identities takes part in. */
  async idsWithParticipant(identities: readonly string[]): Promise<Set<string>> {
    const res = await this.db.query<Row>("select distinct thread_id from thread_participants where identity = any($1::text[])", [identities.map(participantIdentity)]);
    return new Set(res.rows.map((r) => String(r.thread_id)));
  }

  /** The most recently active threads, optionally only those any of the given identities takes part in. */
  async listRecent(opts: { limit?: number; participants?: readonly string[] } = {}): Promise<Array<{ id: string; channel: string | null; metadata: Record<string, unknown>; updatedAt: string }>> {
    const res = opts.participants
      ? await this.db.query<Row>(
          `select id, channel, metadata, updated_at from threads
           where id in (select thread_id from thread_participants where identity = any($1::text[]))
           order by updated_at desc, id limit $2`,
          [opts.participants.map(participantIdentity), opts.limit ?? 20],
        )
      : await this.db.query<Row>("select id, channel, metadata, updated_at from threads order by updated_at desc, id limit $1", [opts.limit ?? 20]);
    return res.rows.map((r) => ({ id: String(r.id), channel: (r.channel as string | null) ?? null, metadata: r.metadata as Record<string, unknown>, updatedAt: iso(r.updated_at) }));
  }
}

/**
 * The stored form of a participant: `channel:identity` with the channel lower-case and an e-mail
 * address lower-case (as linked user identities are stored), so a sender matches its user.
 */
export function participantIdentity(raw: string): string {
  const i = raw.indexOf(":");
  if (i <= 0) return raw;
  const channel = raw.slice(0, i).toLowerCase();
  const id = raw.slice(i + 1);
  return `${channel}:${channel === "email" ? id.toLowerCase() : id}`;
}

/** Inbound dedupe keys. */
export class DedupeRepository {
  constructor(private readonly db: Db) {}

  /** Claims a key; true the first time, false for every repeat (on any replica). */
  async claim(key: string): Promise<boolean> {
    const res = await this.db.query("insert into dedupe_keys (key) values ($1) on conflict do nothing", [key]);
    return res.rowCount === 1;
  }
}
