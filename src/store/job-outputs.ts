/**
 * What slow jobs leave for whoever waits on them, in the database so that the replica that ran
 * the job and the one that answers the request need not be the same: rendered draft PDFs (kept,
 * one per draft version and status, since the status is printed on the page) and the results of
 * queued web turns (a reply, or the error that ended the job).
 */
import type { Db } from "./db.ts";
import type { Row } from "./rows.ts";

/** A cached PDF, or the error of the render that failed for good. */
export type PdfOutcome = { pdf: Buffer; error?: undefined } | { pdf?: undefined; error: string };

function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError("bytea column did not hold bytes");
}

/** Rendered draft PDFs. */
export class DraftPdfRepository {
  constructor(private readonly db: Db) {}

  async get(draftId: string, version: number, status: string): Promise<PdfOutcome | null> {
    const res = await this.db.query<Row>("select pdf, error from draft_pdfs where draft_id = $1 and version = $2 and status = $3", [draftId, version, status]);
    const r = res.rows[0];
    if (!r) return null;
    return r.pdf === null || r.pdf === undefined ? { error: String(r.error ?? "rendering failed") } : { pdf: toBuffer(r.pdf) };
  }

  /** Stores a rendered PDF (replacing a failure; a PDF already stored stays). */
  async put(draftId: string, version: number, status: string, contentHash: string, pdf: Uint8Array): Promise<void> {
    await this.db.query(
      `insert into draft_pdfs (draft_id, version, status, content_hash, pdf) values ($1, $2, $3, $4, $5)
       on conflict (draft_id, version, status) do update set pdf = excluded.pdf, error = null, rendered_at = now() where draft_pdfs.pdf is null`,
      [draftId, version, status, contentHash, Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength)],
    );
  }

  /** Records that rendering failed for good (a waiting request then answers with the error). */
  async putError(draftId: string, version: number, status: string, contentHash: string, error: string): Promise<void> {
    await this.db.query(
      `insert into draft_pdfs (draft_id, version, status, content_hash, error) values ($1, $2, $3, $4, $5)
       on conflict (draft_id, version, status) do update set error = excluded.error where draft_pdfs.pdf is null`,
      [draftId, version, status, contentHash, error.slice(0, 2000)],
    );
  }

  /** Forgets a failure, so the next request renders again. */
  async clearError(draftId: string, version: number, status: string): Promise<void> {
    await this.db.query("delete from draft_pdfs where draft_id = $1 and version = $2 and status = $3 and pdf is null", [draftId, version, status]);
  }
}

/** A job's result as its waiter reads it. */
export type JobOutcome = { result: unknown; error?: undefined } | { result?: undefined; error: string };

/** Results of jobs a request waits for, by a key the requester chose. */
export class JobResultRepository {
  constructor(private readonly db: Db) {}

  async put(key: string, result: unknown): Promise<void> {
    await this.db.query("insert into job_results (key, result) values ($1, $2::jsonb) on conflict (key) do update set result = excluded.result, error = null", [key, JSON.stringify(result)]);
  }

  async putError(key: string, error: string): Promise<void> {
    await this.db.query("insert into job_results (key, error) values ($1, $2) on conflict (key) do nothing", [key, error.slice(0, 2000)]);
  }

  /** Removes results older than `before` (their requests have long stopped waiting). */
  async purgeBefore(before: Date): Promise<number> {
    const res = await this.db.query("delete from job_results where created_at < $1", [before]);
    return res.rowCount;
  }

  async get(key: string): Promise<JobOutcome | null> {
    const res = await this.db.query<Row>("select result, error from job_results where key = $1", [key]);
    const r = res.rows[0];
    if (!r) return null;
    return r.error !== null && r.error !== undefined ? { error: String(r.error) } : { result: r.result };
  }
}
