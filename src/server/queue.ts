/**
 * The work queue (the `JobQueue` port) on pg-boss. With DATABASE_URL, pg-boss keeps its own pool to
 * the PostgreSQL server and several replicas share the queue (SKIP LOCKED: no two run the same job).
 * On embedded PGlite it runs through pg-boss's `db` adapter over the store's single connection, so
 * both backends run the same code.
 *
 * Retries use pg-boss's exponential backoff. A job that fails for good leaves a `job_failed` audit
 * event on its thread (when its payload names one), so the console and channels can show it, and
 * the handler's `onFailed` runs exactly once (a dedupe key guards it across replicas). A delivery's
 * `dedupeKey` is claimed in the `dedupe_keys` table in the same transaction that enqueues the job.
 */
import PgBoss from "pg-boss";
import type { EnqueueOptions, JobHandlerOptions, JobQueue } from "../agent/ports.ts";
import type { Db, Queryable, Store } from "../store/index.ts";
import type { Logger } from "./channel.ts";

/** Options of the queue. */
export interface QueueOptions {
  store: Pick<Store, "db" | "audit" | "dedupe">;
  /** The PostgreSQL URL (a real server); without it the store's own database (PGlite) is used. */
  connectionString?: string;
  log: Logger;
  /** How often idle workers poll (seconds, default 1; pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** Seconds an active job may run before it is given up as lost and retried (default 15 minutes). */
  expireInSeconds?: number;
  /** Told the outcome of every job this process ran (metrics). */
  onJob?: (queue: string, outcome: "completed" | "retry" | "failed") => void;
}

/** The running queue: the port plus start/stop and depth for the server. */
export interface ServerQueue extends JobQueue {
  start(): Promise<void>;
  /** Stops fetching; waits up to `timeoutMs` for running jobs, which are otherwise retried later. */
  stop(timeoutMs?: number): Promise<void>;
  /** Jobs waiting (created or retry) per queue registered or used by this process. */
  depth(): Promise<Record<string, number>>;
}

/** pg-boss's database adapter over a store handle (one statement, or a script without parameters). */
export function bossDb(q: Queryable & Partial<Pick<Db, "exec">>): { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return q.query(text, values);
      try {
        return await q.query(text);
      } catch (err) {
        // PGlite's query() takes one statement; pg-boss's install scripts have several.
        if (q.exec && /multiple commands|cannot insert multiple/i.test((err as Error).message)) {
          await q.exec(text);
          return { rows: [] };
        }
        throw err;
      }
    },
  };
}

const DEFAULTS = { retryLimit: 3, retryDelaySeconds: 2 };

/** pg-boss queue names allow letters, digits, `-`, `_`, `.`, `/`. */
function checkName(name: string): void {
  if (!/^[A-Za-z0-9_.\-/]{1,100}$/.test(name)) throw new Error(`Invalid job name "${name}"`);
}

function threadOf(payload: unknown): string | undefined {
  const p = payload as { threadId?: unknown; message?: { threadId?: unknown } } | null;
  const t = p?.threadId ?? p?.message?.threadId;
  return typeof t === "string" ? t : undefined;
}

/** Creates the pg-boss queue. */
export function createQueue(opts: QueueOptions): ServerQueue {
  const { store, log } = opts;
  const common = {
    schema: "pgboss",
    pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1,
    expireInSeconds: opts.expireInSeconds ?? 15 * 60,
    // Cron scheduling is not used; maintenance (expiry, archiving) runs in every replica, which pg-boss coordinates.
    schedule: false,
  };
  const boss = opts.connectionString
    ? new PgBoss({ ...common, connectionString: opts.connectionString, max: 4, application_name: "tollgate-queue" })
    : new PgBoss({ ...common, db: bossDb(store.db) as PgBoss.Db });
  boss.on("error", (err: Error) => log.error({ err }, "job queue error"));
  const created = new Map<string, Promise<void>>();
  const policies = new Map<string, Required<Pick<JobHandlerOptions, "retryLimit" | "retryDelaySeconds">>>();
  let started: Promise<void> | undefined;
  // This process's workers by queue: a job enqueued here wakes them at once instead of waiting for
  // their next poll (a request that waits on its job answers sooner); other replicas still poll.
  const workers = new Map<string, string[]>();
  const wake = (name: string, id: string | null) => {
    if (id) for (const w of workers.get(name) ?? []) boss.notifyWorker(w);
    return id;
  };

  // Replicas starting together on one PostgreSQL server set up pg-boss's schema and partitions one
  // at a time (concurrent queue creation deadlocks); on PGlite the steps queue up in the process.
  const setUpAlone = <T>(step: () => Promise<T>): Promise<T> => store.db.exclusively("tollgate-queue-setup", step);

  const ensureQueue = (name: string): Promise<void> => {
    checkName(name);
    let p = created.get(name);
    if (!p) {
      const policy = policies.get(name) ?? DEFAULTS;
      p = (async () => {
        await started;
        const q = { name, retryLimit: policy.retryLimit, retryDelay: policy.retryDelaySeconds, retryBackoff: true };
        await setUpAlone(async () => {
          if (await boss.getQueue(name)) await boss.updateQueue(name, q);
          else await boss.createQueue(name, q);
        });
      })();
      created.set(name, p);
      p.catch(() => created.delete(name));
    }
    return p;
  };

  const failedForGood = async (name: string, job: { id: string; data: unknown }, err: Error, onFailed?: JobHandlerOptions["onFailed"]): Promise<void> => {
    // Exactly once, whichever replica ran the last attempt.
    if (!(await store.dedupe.claim(`job-failed:${job.id}`))) return;
    const threadId = threadOf(job.data);
    await store.audit
      .append({
        type: "job_failed",
        actor: "system",
        threadId,
        inputs: { queue: name, error: err.message.slice(0, 2000) },
        refs: { jobId: job.id, ...(threadId ? { threadId } : {}) },
        summary: `A ${name} job failed after its retries: ${err.message.slice(0, 200)}`,
      })
      .catch((e: unknown) => log.error({ err: e, jobId: job.id }, "could not record a failed job"));
    if (onFailed) await onFailed(job.data, err).catch((e: unknown) => log.error({ err: e, jobId: job.id, queue: name }, "onFailed handler failed"));
  };

  return {
    async start() {
      started ??= setUpAlone(() => boss.start()).then(() => undefined);
      await started;
    },

    async stop(timeoutMs = 8000) {
      if (!started) return;
      await started.catch(() => undefined);
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
    },

    async work<T>(name: string, handler: (payload: T) => Promise<void>, options: JobHandlerOptions = {}) {
      policies.set(name, { retryLimit: options.retryLimit ?? DEFAULTS.retryLimit, retryDelaySeconds: options.retryDelaySeconds ?? DEFAULTS.retryDelaySeconds });
      created.delete(name);
      await ensureQueue(name);
      const workerId = await boss.work<T>(name, { includeMetadata: true, batchSize: 1 }, async ([job]) => {
        if (!job) return;
        try {
          await handler(job.data);
          opts.onJob?.(name, "completed");
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          const last = job.retryCount >= job.retryLimit;
          log.warn({ err, jobId: job.id, queue: name, attempt: job.retryCount + 1, final: last }, "job failed");
          opts.onJob?.(name, last ? "failed" : "retry");
          if (last) await failedForGood(name, job, err, options.onFailed);
          throw err;
        }
      });
      workers.set(name, [...(workers.get(name) ?? []), workerId]);
    },

    async enqueue<T>(name: string, payload: T, options: EnqueueOptions = {}) {
      await ensureQueue(name);
      if (!options.dedupeKey) return wake(name, await boss.send(name, payload as object));
      const key = options.dedupeKey;
      const id = await store.db.transaction(async (tx) => {
        const claimed = await tx.query("insert into dedupe_keys (key) values ($1) on conflict do nothing", [key]);
        if (claimed.rowCount !== 1) return null;
        // Same transaction: a crash between the two leaves neither the key nor the job.
        return boss.send(name, payload as object, { db: bossDb(tx) as PgBoss.Db });
      });
      return wake(name, id);
    },

    async depth() {
      const out: Record<string, number> = {};
      for (const name of created.keys()) out[name] = await boss.getQueueSize(name, { before: "active" });
      return out;
    },
  };
}
