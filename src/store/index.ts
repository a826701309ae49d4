/**
 * Opening the store: a real PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite under
 * the data directory. Migrations run on every open (idempotent), then the repositories are built
 * over the one database handle.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config.ts";
import { AuditLog } from "./audit.ts";
import { PgDb, PgliteDb, type Db } from "./db.ts";
import { ApprovalRepository, DraftRepository, FilingRepository } from "./drafts.ts";
import { DraftPdfRepository, JobResultRepository } from "./job-outputs.ts";
import { LoginAttemptRepository } from "./login-attempts.ts";
import { runMigrations } from "./migrations.ts";
import { ThreadFileRepository } from "./thread-files.ts";
import {
  ClassificationRepository,
  DedupeRepository,
  DocumentRepository,
  DutyCalculationRepository,
  ThreadRepository,
} from "./thread-records.ts";
import { SessionRepository, UserRepository } from "./users.ts";

export type { Db, Queryable, QueryResult, PoolLike } from "./db.ts";
export { PgDb, PgliteDb } from "./db.ts";
export { AuditLog, GENESIS_HASH, type AuditEvent, type AuditEventInput, type AuditVerification } from "./audit.ts";
export type { ApprovalRecord, DraftRecord, FilingRecord } from "./drafts.ts";
export type { ClassificationRecord, DocumentRecord, DutyCalculationRecord } from "./thread-records.ts";
export { SessionRepository, UserRepository, USER_ROLES, normaliseIdentity, type SessionRecord, type UserRecord, type UserRole } from "./users.ts";
export { ThreadFileRepository, type ThreadFile, type ThreadFileInput, type ThreadFileRecord } from "./thread-files.ts";

/** The repositories over one database. */
export interface Store {
  db: Db;
  audit: AuditLog;
  threads: ThreadRepository;
  documents: DocumentRepository;
  /** Raw files attached to threads (bytes in the database, so every replica sees them). */
  threadFiles: ThreadFileRepository;
  classifications: ClassificationRepository;
  dutyCalculations: DutyCalculationRepository;
  drafts: DraftRepository;
  approvals: ApprovalRepository;
  filings: FilingRepository;
  dedupe: DedupeRepository;
  /** Users and their linked channel identities. */
  users: UserRepository;
  /** Web sessions and API tokens (stored as digests). */
  sessions: SessionRepository;
  /** Failed sign-ins per client address (the login rate limit, shared by replicas). */
  loginAttempts: LoginAttemptRepository;
  /** Draft PDFs rendered by the queue's jobs. */
  draftPdfs: DraftPdfRepository;
  /** Results of queued jobs a request waits for. */
  jobResults: JobResultRepository;
  close(): Promise<void>;
}

/** Where the embedded database lives inside the data directory. */
export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, "pglite");
}

/** Opens the database named by the config (pg or PGlite), migrates it and builds the repositories. */
export async function openStore(config: Pick<Config, "dataDir" | "databaseUrl">, opts: { clock?: () => Date } = {}): Promise<Store> {
  let db: Db;
  if (config.databaseUrl) {
    db = new PgDb(config.databaseUrl.reveal());
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    db = await PgliteDb.open(pgliteDir(config.dataDir));
  }
  return storeOver(db, opts);
}

/** Migrates an already open database and builds the repositories over it (tests use in-memory PGlite). */
export async function storeOver(db: Db, opts: { clock?: () => Date } = {}): Promise<Store> {
  try {
    await runMigrations(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    db,
    audit: new AuditLog(db, opts.clock),
    threads: new ThreadRepository(db),
    documents: new DocumentRepository(db),
    threadFiles: new ThreadFileRepository(db),
    classifications: new ClassificationRepository(db),
    dutyCalculations: new DutyCalculationRepository(db),
    drafts: new DraftRepository(db),
    approvals: new ApprovalRepository(db),
    filings: new FilingRepository(db),
    dedupe: new DedupeRepository(db),
    users: new UserRepository(db),
    sessions: new SessionRepository(db),
    loginAttempts: new LoginAttemptRepository(db),
    draftPdfs: new DraftPdfRepository(db),
    jobResults: new JobResultRepository(db),
    close: () => db.close(),
  };
}
