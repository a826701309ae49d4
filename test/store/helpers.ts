/**
 * Test databases: in-memory PGlite always, and a real PostgreSQL server when TEST_DATABASE_URL is
 * set (CI starts one). Each real-server test gets a fresh database, dropped afterwards, so reruns
 * start clean.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PgDb, PgliteDb, type Db } from "../../src/store/db.ts";
import { storeOver, type Store } from "../../src/store/index.ts";

/** Connection string of a real server for integration tests, if any. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** A fresh database on the real server; returns its Db and a dispose function that drops it. */
export async function freshPgDatabase(adminUrl: string): Promise<{ db: PgDb; url: string; dispose: () => Promise<void> }> {
  const name = `tollgate_test_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = new PgDb(url.toString());
  return {
    db,
    url: url.toString(),
    dispose: async () => {
      await db.close().catch(() => undefined);
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** A backend the shared suites run against. */
export interface Backend {
  name: string;
  skip: boolean;
  /** Opens a fresh, migrated store; `dispose` closes and cleans it up. */
  open(): Promise<{ store: Store; dispose: () => Promise<void> }>;
}

/** In-memory PGlite and (when configured) the real server. */
export const BACKENDS: Backend[] = [
  {
    name: "PGlite",
    skip: false,
    open: async () => {
      const db: Db = await PgliteDb.open();
      const store = await storeOver(db);
      return { store, dispose: () => store.close() };
    },
  },
  {
    name: "PostgreSQL",
    skip: !TEST_DATABASE_URL,
    open: async () => {
      const fresh = await freshPgDatabase(TEST_DATABASE_URL!);
      const store = await storeOver(fresh.db);
      return { store, dispose: fresh.dispose };
    },
  },
];
