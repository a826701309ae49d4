/**
 * Raw files attached to conversation threads (invoices, packing lists, bills of lading as received),
 * kept in the database so that every replica sees a file whichever replica received it. A file is
 * keyed by its thread and the SHA-256 of its bytes: attaching the same content again, on any
 * replica, returns the row already stored instead of a second copy.
 */
import { createHash, randomUUID } from "node:crypto";
import { InputError, TollgateError } from "../errors.ts";
import type { Db } from "./db.ts";
import { iso, type Row } from "./rows.ts";

/** A stored file without its content (what listings return, so they never load the bytes). */
export interface ThreadFileRecord {
  id: string;
  threadId: string;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  fileName: string;
  mediaType: string | null;
  /** Length of the content in bytes. */
  size: number;
  createdAt: string;
}

/** A stored file with its content. */
export interface ThreadFile extends ThreadFileRecord {
  bytes: Buffer;
}

/** What a caller saves; the hash and size are computed here so they always match the bytes. */
export interface ThreadFileInput {
  threadId: string;
  fileName: string;
  mediaType?: string | null;
  bytes: Uint8Array;
}

/** Metadata columns, listed so that listings do not read the bytea column. */
const META = "id, thread_id, sha256, file_name, media_type, size, created_at";

/** The smallest hash prefix `get` accepts: 64 bits, so a collision inside one thread is not a concern. */
export const MIN_HASH_PREFIX = 16;

/** Files of threads. */
export class ThreadFileRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores a file of a thread, or returns the file already stored with the same content (its first
   * file name and media type are kept, so one id always resolves to one name).
   */
  async save(input: ThreadFileInput): Promise<ThreadFileRecord> {
    const bytes = toBuffer(input.bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    // "on conflict do nothing" then a select: under read committed the select sees a row another
    // replica committed while this insert waited on the unique index.
    const inserted = await this.db.query<Row>(
      `insert into thread_files (id, thread_id, sha256, file_name, media_type, size, bytes)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (thread_id, sha256) do nothing returning ${META}`,
      [randomUUID(), input.threadId, sha256, input.fileName, input.mediaType ?? null, bytes.byteLength, bytes],
    );
    if (inserted.rows[0]) return toRecord(inserted.rows[0]);
    const existing = await this.db.query<Row>(`select ${META} from thread_files where thread_id = $1 and sha256 = $2`, [input.threadId, sha256]);
    if (!existing.rows[0]) throw new TollgateError(`File ${sha256} of thread ${input.threadId} was neither inserted nor found.`, "store_inconsistent");
    return toRecord(existing.rows[0]);
  }

  /**
   * The file of a thread whose SHA-256 is or starts with `hash` (at least MIN_HASH_PREFIX hex
   * characters), with its bytes; null when the thread has none. Lookups are always within one
   * thread, so knowing a hash from another thread gives nothing.
   */
  async get(threadId: string, hash: string): Promise<ThreadFile | null> {
    const prefix = hash.toLowerCase();
    if (!new RegExp(`^[0-9a-f]{${MIN_HASH_PREFIX},64}$`).test(prefix)) {
      throw new InputError(`"${hash}" is not a file hash (${MIN_HASH_PREFIX} to 64 hex characters).`, "invalid_file_hash");
    }
    // The prefix is plain hex (checked above), so it carries no LIKE wildcards.
    const res = await this.db.query<Row>(`select ${META}, bytes from thread_files where thread_id = $1 and sha256 like $2 order by created_at, id limit 2`, [
      threadId,
      `${prefix}%`,
    ]);
    if (res.rows.length > 1) throw new InputError(`More than one file of this thread matches ${hash}; give more of the hash.`, "ambiguous_file_hash");
    const row = res.rows[0];
    return row ? { ...toRecord(row), bytes: toBuffer(row.bytes) } : null;
  }

  /** The files of a thread, oldest first, without their bytes. */
  async list(threadId: string): Promise<ThreadFileRecord[]> {
    const res = await this.db.query<Row>(`select ${META} from thread_files where thread_id = $1 order by created_at, id`, [threadId]);
    return res.rows.map(toRecord);
  }
}

/**
 * bytea arrives as a Buffer from pg and as a plain Uint8Array from PGlite; callers get a Buffer
 * either way. The view shares memory with the driver's array instead of copying a large file.
 */
function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TollgateError(`Expected binary file content, got ${typeof value}.`, "store_inconsistent");
}

function toRecord(r: Row): ThreadFileRecord {
  return {
    id: String(r.id),
    threadId: String(r.thread_id),
    sha256: String(r.sha256),
    fileName: String(r.file_name),
    mediaType: (r.media_type as string | null) ?? null,
    size: Number(r.size),
    createdAt: iso(r.created_at),
  };
}
