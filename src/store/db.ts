/**
 * One small database interface with two implementations: a real PostgreSQL server through a `pg`
 * Pool (when DATABASE_URL is set) and embedded PGlite in the data directory (the offline default).
 * Both speak the same SQL dialect. The differences STACK.md warns about are absorbed here:
 * PGlite's `query()` takes one statement (`exec()` takes several), reports `affectedRows` instead of
 * `rowCount`, and is a single connection, so transactions hold a lock that every other query waits
 * on; that lock also lets PGlite pose as a pg Pool for the LangGraph checkpointer.
 */
import { openSync, closeSync, readFileSync, rmSync, writeSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { TollgateError } from "../errors.ts";

/** Rows and the number of rows a statement returned or changed. */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** Anything that runs one parameterised statement. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

/** The subset of a pg Pool that `PostgresSaver` uses (connect/release, query, end). */
export interface PoolLike {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number }>;
  connect(): Promise<{ query: PoolLike["query"]; release: () => void }>;
  end(): Promise<void>;
}

/** The store's database handle. */
export interface Db extends Queryable {
  readonly kind: "pglite" | "pg";
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** A pg-Pool-shaped view of this database for libraries that want a Pool; its `end()` is a no-op. */
  poolLike(): PoolLike;
  /**
   * Runs `fn` while holding the named lock across every process on this database (a session-level
   * advisory lock on a PostgreSQL server; within the process on PGlite, which one process owns).
   * For start-up schema set-up that several replicas would otherwise run at once.
   */
  exclusively<T>(name: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A FIFO mutex: PGlite has one connection, so a transaction must keep other statements out. */
class Lock {
  #tail: Promise<void> = Promise.resolve();
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    await previous;
    return release;
  }
}

/** Embedded PGlite database stored in `dataDir` (or in memory when dataDir is undefined). */
export class PgliteDb implements Db {
  readonly kind = "pglite" as const;
  readonly #pg: PGlite;
  readonly #lock = new Lock();
  readonly #setUp = new Lock();
  readonly #lockFile: string | undefined;

  private constructor(pglite: PGlite, lockFile: string | undefined) {
    this.#pg = pglite;
    this.#lockFile = lockFile;
  }

  /**
   * Opens (creating when needed) the database directory. PGlite is one process's database: a second
   * process opening the same directory would corrupt it, so a lock file next to it names the owner
   * and a second opener gets a clear error instead (a stale lock of a dead process is taken over).
   */
  static async open(dataDir?: string): Promise<PgliteDb> {
    const lockFile = dataDir === undefined ? undefined : acquireDirLock(`${dataDir}.lock`);
    try {
      const pglite = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
      return new PgliteDb(pglite, lockFile);
    } catch (err) {
      if (lockFile) rmSync(lockFile, { force: true });
      throw err;
    }
  }

  async #raw<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    const res = await this.#pg.query<T>(sql, params as unknown[] | undefined);
    return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
  }

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    const release = await this.#lock.acquire();
    try {
      return await this.#raw<T>(sql, params);
    } finally {
      release();
    }
  }

  async exec(sql: string): Promise<void> {
    const release = await this.#lock.acquire();
    try {
      await this.#pg.exec(sql);
    } finally {
      release();
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const release = await this.#lock.acquire();
    const tx: Queryable = { query: (sql, params) => this.#raw(sql, params) };
    try {
      await this.#pg.query("BEGIN");
      try {
        const result = await fn(tx);
        await this.#pg.query("COMMIT");
        return result;
      } catch (err) {
        await this.#pg.query("ROLLBACK");
        throw err;
      }
    } finally {
      release();
    }
  }

  async exclusively<T>(_name: string, fn: () => Promise<T>): Promise<T> {
    const release = await this.#setUp.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  poolLike(): PoolLike {
    return {
      query: (sql, params) => this.query(sql, params),
      // A "client" holds the lock until released, so its BEGIN ... COMMIT cannot interleave.
      connect: async () => {
        const release = await this.#lock.acquire();
        let released = false;
        return {
          query: (sql: string, params?: unknown[]) => this.#raw(sql, params),
          release: () => {
            if (!released) {
              released = true;
              release();
            }
          },
        };
      },
      end: async () => {},
    };
  }

  async close(): Promise<void> {
    const release = await this.#lock.acquire();
    try {
      if (!this.#pg.closed) await this.#pg.close();
    } finally {
      if (this.#lockFile) rmSync(this.#lockFile, { force: true });
      release();
    }
  }
}

/** Creates `file` holding this process's pid; throws when a live process holds it. */
function acquireDirLock(file: string): string {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(readFileSync(file, "utf8").trim());
      if (pid === process.pid) {
        throw new TollgateError(`The embedded database ${file.replace(/\.lock$/, "")} is already open in this process.`, "database_in_use");
      }
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new TollgateError(
          `The embedded database ${file.replace(/\.lock$/, "")} is in use by process ${pid}. PGlite serves one process; stop that process, or set DATABASE_URL to share a PostgreSQL server between processes.`,
          "database_in_use",
          undefined,
          true,
        );
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new TollgateError(`Could not lock ${file}.`, "database_in_use");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A real PostgreSQL server through a pg Pool. */
export class PgDb implements Db {
  readonly kind = "pg" as const;
  readonly #pool: pg.Pool;
  readonly #setUp = new Lock();

  constructor(connectionString: string) {
    this.#pool = new pg.Pool({ connectionString, max: 5 });
  }

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    const res = await this.#pool.query(sql, params as unknown[] | undefined);
    return { rows: res.rows as T[], rowCount: res.rowCount ?? res.rows.length };
  }

  async exec(sql: string): Promise<void> {
    // The simple-query protocol (no parameters) accepts several statements in one call.
    await this.#pool.query(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    const tx: Queryable = {
      query: async <R>(sql: string, params?: unknown[]) => {
        const res = await client.query(sql, params as unknown[] | undefined);
        return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
      },
    };
    try {
      await client.query("BEGIN");
      const result = await fn(tx);
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async exclusively<T>(name: string, fn: () => Promise<T>): Promise<T> {
    // Callers in this process queue up first, so waiters do not hold the pool's connections.
    const done = await this.#setUp.acquire();
    try {
      return await this.#advisoryLocked(name, fn);
    } finally {
      done();
    }
  }

  async #advisoryLocked<T>(name: string, fn: () => Promise<T>): Promise<T> {
    // A connection of its own holds the lock while `fn` works through the pool.
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("select pg_advisory_lock(hashtextextended($1, 0))", [name]);
      try {
        return await fn();
      } finally {
        // A connection that cannot unlock is closed, which releases the lock.
        await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [name]).catch((err: Error) => (broken = err));
      }
    } finally {
      client.release(broken);
    }
  }

  poolLike(): PoolLike {
    const pool = this.#pool;
    return {
      query: async (sql, params) => {
        const res = await pool.query(sql, params as unknown[] | undefined);
        return { rows: res.rows, rowCount: res.rowCount ?? 0 };
      },
      connect: async () => {
        const client = await pool.connect();
        return {
          query: async (sql: string, params?: unknown[]) => {
            const res = await client.query(sql, params as unknown[] | undefined);
            return { rows: res.rows, rowCount: res.rowCount ?? 0 };
          },
          release: () => client.release(),
        };
      },
      // The store owns the pool; the checkpointer must not end it.
      end: async () => {},
    };
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
