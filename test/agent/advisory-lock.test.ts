/**
 * PgAdvisoryLock on a real PostgreSQL server (skipped without TEST_DATABASE_URL): two lock objects
 * (standing for two replicas) serialise work on one key and let other keys run at the same time.
 */
import { describe, expect, it } from "vitest";
import { PgAdvisoryLock } from "../../src/agent/thread-lock.ts";
import { TEST_DATABASE_URL } from "../store/helpers.ts";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!TEST_DATABASE_URL)("PgAdvisoryLock", () => {
  it("serialises one thread across two replicas' locks and not different threads", async () => {
    const a = new PgAdvisoryLock(TEST_DATABASE_URL!);
    const b = new PgAdvisoryLock(TEST_DATABASE_URL!);
    try {
      const log: string[] = [];
      const turn = (name: string) => async () => {
        log.push(`${name} start`);
        await tick(150);
        log.push(`${name} end`);
      };
      await Promise.all([a.run("t-1", turn("a1")), b.run("t-1", turn("b1")), a.run("t-1", turn("a2")), b.run("t-1", turn("b2"))]);
      for (let i = 0; i < log.length; i += 2) {
        expect(log[i]!.endsWith("start")).toBe(true);
        expect(log[i + 1]).toBe(log[i]!.replace("start", "end"));
      }
      const both: string[] = [];
      await Promise.all([a.run("t-x", async () => { both.push("x start"); await tick(200); both.push("x end"); }), b.run("t-y", async () => { both.push("y start"); await tick(200); both.push("y end"); })]);
      expect(both.slice(0, 2).sort()).toEqual(["x start", "y start"]);
      // A failing holder releases the lock.
      await expect(a.run("t-2", async () => { throw new Error("boom"); })).rejects.toThrow("boom");
      expect(await b.run("t-2", async () => "next")).toBe("next");
    } finally {
      await a.close();
      await b.close();
    }
  });
});
