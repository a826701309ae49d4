/**
 * One turn at a time per thread. Two messages on one thread at once (a quick second Slack message,
 * an approval arriving while the user types) would otherwise both start from the same checkpoint
 * and one turn's messages would be lost. `KeyedLock` serialises turns within a process (enough for
 * embedded PGlite, which one process owns); `PgAdvisoryLock` adds a PostgreSQL advisory lock per
 * thread so replicas sharing one server take turns too.
 */
import pg from "pg";

/** Runs work on a key (a thread id) one holder at a time. */
export interface ThreadLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Releases what the lock holds (database connections). */
  close?(): Promise<void>;
}

/** A mutex per key (thread id), releasing the key's entry when nobody waits on it. */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `fn` after every earlier holder of `key` has finished. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}

/**
 * A session-level advisory lock per key on a PostgreSQL server, held on a connection of its own
 * pool for the whole turn (so the turn's queries, on the store's pool, never wait for a lock
 * connection). Within the process a KeyedLock queues holders first, so one process uses at most
 * one lock connection per busy thread. If the holder's connection drops, the server releases the
 * lock: a crashed replica never leaves a thread locked.
 */
export class PgAdvisoryLock implements ThreadLock {
  readonly #local = new KeyedLock();
  readonly #pool: pg.Pool;

  constructor(connectionString: string, maxConnections = 20) {
    this.#pool = new pg.Pool({ connectionString, max: maxConnections, application_name: "tollgate-thread-locks" });
    // An idle lock connection that dies is replaced on the next run; its error must not crash the process.
    this.#pool.on("error", () => undefined);
  }

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.#local.run(key, async () => {
      const client = await this.#pool.connect();
      let broken = false;
      try {
        // hashtextextended gives a 64-bit key; a collision only serialises two unrelated threads.
        await client.query("select pg_advisory_lock(hashtextextended($1, 0))", [`tollgate-thread:${key}`]);
        try {
          return await fn();
        } finally {
          await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [`tollgate-thread:${key}`]).catch(() => {
            broken = true;
          });
        }
      } finally {
        // A connection whose unlock failed is destroyed, which releases the lock server-side.
        client.release(broken);
      }
    });
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
