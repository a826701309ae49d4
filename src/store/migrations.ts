/**
 * Versioned schema migrations, run at start-up. Each migration runs once, in order, inside a
 * transaction together with its row in `schema_migrations`, so a crash half-way leaves nothing
 * applied and a second start-up (or a second replica racing the first) applies nothing twice.
 */
import type { Db } from "./db.ts";

/** One schema change. Never edit a released migration: add a new one. */
export interface Migration {
  version: number;
  name: string;
  /** Statements separated by semicolons at line ends; no semicolons inside literals. */
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "core tables",
    sql: `
create table threads (
  id text primary key,
  channel text,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create table documents (
  id text primary key,
  thread_id text,
  file_hash text not null,
  file_name text not null,
  doc_type text not null,
  extracted jsonb not null,
  provenance jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create unique index documents_thread_hash on documents (coalesce(thread_id, ''), file_hash);
create table classifications (
  id text primary key,
  thread_id text,
  description text not null,
  origin text,
  hts text not null,
  confidence double precision,
  result jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index classifications_thread on classifications (thread_id, created_at);
create table duty_calculations (
  id text primary key,
  thread_id text,
  request jsonb not null,
  result jsonb not null,
  created_at timestamptz not null default now()
);
create index duty_calculations_thread on duty_calculations (thread_id, created_at);
create table drafts (
  id text not null,
  version integer not null,
  schema_version integer not null,
  thread_id text,
  status text not null check (status in ('draft', 'awaiting_approval', 'approved', 'rejected', 'filed')),
  content jsonb not null,
  content_hash text not null,
  created_by text not null,
  waiting_thread_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (id, version)
);
create table approvals (
  id text primary key,
  draft_id text not null,
  version integer not null,
  content_hash text not null,
  decision text not null check (decision in ('approved', 'rejected')),
  actor_channel text not null,
  actor_identity text not null,
  reason text,
  schema_version integer not null,
  created_at timestamptz not null default now(),
  foreign key (draft_id, version) references drafts (id, version)
);
create index approvals_draft on approvals (draft_id, version, created_at);
create table filings (
  id text primary key,
  draft_id text not null,
  version integer not null,
  content_hash text not null,
  approval_id text not null references approvals (id),
  adapter text not null,
  location text not null,
  status text not null,
  created_at timestamptz not null default now(),
  unique (draft_id, version),
  foreign key (draft_id, version) references drafts (id, version)
);
create table dedupe_keys (
  key text primary key,
  created_at timestamptz not null default now()
);
create table audit_events (
  seq integer primary key,
  event_id text not null unique,
  type text not null,
  actor text not null,
  body text not null,
  prev_hash text not null,
  hash text not null,
  created_at timestamptz not null default now()
);
`,
  },
  {
    version: 2,
    name: "audit events are append-only",
    // Defence in depth beside the hash chain: ordinary UPDATE and DELETE are refused by the database.
    // Someone with DDL rights can still drop the trigger, which is what the chain then detects.
    // (Function bodies stay on one line: the migration runner splits statements at line-end semicolons.)
    sql: `
create function audit_events_append_only() returns trigger language plpgsql as $fn$ begin raise exception 'audit_events is append-only: % refused', tg_op; end $fn$;
create trigger audit_events_append_only before update or delete on audit_events for each row execute function audit_events_append_only();
`,
  },
  {
    version: 3,
    name: "raw files attached to threads",
    // Attachments used to live on one replica's disk, invisible to the others. The bytes now sit in
    // the database; (thread_id, sha256) is unique so the same file attached twice is stored once,
    // even when two replicas receive it at the same moment.
    sql: `
create table thread_files (
  id text primary key,
  thread_id text not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  file_name text not null,
  media_type text,
  size integer not null,
  bytes bytea not null,
  check (size = octet_length(bytes)),
  created_at timestamptz not null default now(),
  unique (thread_id, sha256)
);
`,
  },
  {
    version: 4,
    name: "users and their linked channel identities",
    // A user's identities on other channels (`slack:U024BE7LH`, `email:ana@broker.example`) are rows
    // of their own so one identity belongs to one user at most; `web:<name>` is implied by the name.
    sql: `
create table users (
  id text primary key,
  name text not null unique check (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
  display_name text not null,
  role text not null check (role in ('broker', 'clerk', 'compliance', 'admin')),
  password_hash text,
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create table user_identities (
  identity text primary key check (identity ~ '^(slack|email|cli):.+$'),
  user_id text not null references users (id),
  created_at timestamptz not null default now()
);
create index user_identities_user on user_identities (user_id);
`,
  },
  {
    version: 5,
    name: "web sessions and API tokens",
    // Only a SHA-256 of each token is stored: a copy of the table does not let anyone log in.
    sql: `
create table sessions (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  user_id text not null references users (id),
  kind text not null check (kind in ('session', 'api')),
  label text,
  csrf_token text not null,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now()
);
create index sessions_user on sessions (user_id);
`,
  },
  {
    version: 12,
    name: "e-mail messages and approval codes",
    // Every mail in or out is one row keyed by its Message-ID, so In-Reply-To / References find the
    // thread on any replica, and the same delivery seen twice (same Message-ID, or same content hash
    // of an inbound mail) is claimed once. Approval codes are stored only as SHA-256 hashes, bound to
    // one draft version, its content hash, one broker and an expiry; used_at makes them single-use.
    sql: `
create table email_messages (
  message_id text primary key,
  thread_id text not null,
  direction text not null check (direction in ('in', 'out')),
  content_hash text,
  sender text,
  subject text,
  refs text[] not null default '{}',
  raw bytea,
  transport jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create unique index email_messages_content on email_messages (content_hash) where direction = 'in';
create index email_messages_thread on email_messages (thread_id, created_at);
create table email_approval_codes (
  id text primary key,
  code_hash text not null unique check (code_hash ~ '^[0-9a-f]{64}$'),
  draft_id text not null,
  version integer not null,
  content_hash text not null,
  broker text not null,
  thread_id text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index email_approval_codes_draft on email_approval_codes (draft_id, version);
`,
  },
  {
    version: 13,
    name: "thread participants, rendered PDFs and job results",
    // Who takes part in a thread (the web user who posted, the Slack user or e-mail sender of each
    // message), as channel:identity; a clerk sees the threads, and the drafts of the threads, they
    // take part in. Earlier threads are filled in from the console's owner note and the audit trail.
    sql: `
create table thread_participants (
  thread_id text not null,
  identity text not null,
  first_seen_at timestamptz not null default now(),
  primary key (thread_id, identity)
);
create index thread_participants_identity on thread_participants (identity);
insert into thread_participants (thread_id, identity)
  select id, metadata ->> 'owner' from threads where metadata ->> 'owner' is not null
  on conflict do nothing;
insert into thread_participants (thread_id, identity)
  select distinct body::jsonb ->> 'threadId', actor from audit_events
  where body::jsonb ->> 'threadId' is not null and actor ~ '^(web|slack|email):'
  on conflict do nothing;
-- What slow jobs leave for the request waiting on them: a draft version's PDF (per status, which
-- is printed on it) and the result of a queued web turn.
create table draft_pdfs (
  draft_id text not null,
  version integer not null,
  status text not null,
  content_hash text not null,
  pdf bytea,
  error text,
  rendered_at timestamptz not null default now(),
  primary key (draft_id, version, status)
);
create table job_results (
  key text primary key,
  result jsonb,
  error text,
  created_at timestamptz not null default now()
);
-- Failed sign-ins per client address, shared by every replica.
create table login_attempts (
  key text primary key,
  failures integer not null,
  reset_at timestamptz not null
);
`,
  },
];

/** Applies every migration not yet recorded; returns the versions applied by this call. */
export async function runMigrations(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  // Replicas starting together on one server migrate one at a time ("if not exists" races).
  return db.exclusively("tollgate-migrations", () => applyMigrations(db, migrations));
}

async function applyMigrations(db: Db, migrations: readonly Migration[]): Promise<number[]> {
  await db.exec(`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    applied_at timestamptz not null default now()
  )`);
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const did = await db.transaction(async (tx) => {
      // Serialise concurrent start-ups: the second waits here and then sees the row.
      await tx.query("lock table schema_migrations in exclusive mode");
      const seen = await tx.query("select 1 from schema_migrations where version = $1", [migration.version]);
      if (seen.rows.length > 0) return false;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query("insert into schema_migrations (version, name) values ($1, $2)", [migration.version, migration.name]);
      return true;
    });
    if (did) applied.push(migration.version);
  }
  return applied;
}

/** Splits a migration script into single statements (PGlite's query() takes one at a time). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
