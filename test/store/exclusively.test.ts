/**
 * `Db.exclusively`: start-up schema set-up run by two replicas at once (two handles on one
 * PostgreSQL database; skipped without TEST_DATABASE_URL) takes turns, and an empty database
 * migrated by both at once ends with every migration applied exactly once.
 */
import { describe, expect, it } from "vitest";
import { PgDb } from "../../src/store/index.ts";
import { MIGRATIONS, runMigrations } from "../../src/store/migrations.ts";
import { TEST_DATABASE_URL, freshPgDatabase } from "./helpers.ts";

describe.skipIf(!TEST_DATABASE_URL)("Db.exclusively on PostgreSQL", () => {
  it("runs one holder at a time across handles, and releases the lock when the work throws", async () => {
    const fresh = await freshPgDatabase(TEST_DATABASE_URL!);
    const dbs = [new PgDb(fresh.url), new PgDb(fresh.url)];
    try {
      const spans: Array<[number, number]> = [];
      const work = async () => {
        const start = performance.now();
        await new Promise((r) => setTimeout(r, 150));
        spans.push([start, performance.now()]);
      };
      await Promise.all([dbs[0]!.exclusively("set-up", work), dbs[1]!.exclusively("set-up", work), dbs[0]!.exclusively("set-up", work)]);
      spans.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);

      await expect(dbs[1]!.exclusively("set-up", async () => Promise.reject(new Error("half-way")))).rejects.toThrow("half-way");
      // Not left held: the other handle gets it at once.
      await expect(Promise.race([dbs[0]!.exclusively("set-up", async () => "got it"), new Promise((r) => setTimeout(() => r("still held"), 5000))])).resolves.toBe("got it");
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
      await fresh.dispose();
    }
  });

  it("two replicas migrating an empty database at once apply each migration once", async () => {
    const fresh = await freshPgDatabase(TEST_DATABASE_URL!);
    const dbs = [new PgDb(fresh.url), new PgDb(fresh.url)];
    try {
      const applied = await Promise.all(dbs.map((d) => runMigrations(d)));
      expect([...applied[0]!, ...applied[1]!].sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
      const rows = await dbs[0]!.query<{ n: string }>("select count(*) as n from schema_migrations");
      expect(Number(rows.rows[0]!.n)).toBe(MIGRATIONS.length);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
      await fresh.dispose();
    }
  });
});
