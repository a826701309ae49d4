/**
 * The pg-boss work queue on embedded PGlite and (with TEST_DATABASE_URL) a real PostgreSQL server:
 * retries with backoff until success, a job failing for good calls onFailed once and leaves a
 * job_failed audit event on its thread, and a dedupe key enqueues once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueue, type ServerQueue } from "../../src/server/queue.ts";
import { PgDb, PgliteDb, storeOver, type Store } from "../../src/store/index.ts";
import { TEST_DATABASE_URL, freshPgDatabase } from "../store/helpers.ts";

const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out: ${what}`);
}

const backends = [
  { name: "PGlite", skip: false },
  { name: "PostgreSQL", skip: !TEST_DATABASE_URL },
];

describe.each(backends)("job queue on $name", ({ name, skip }) => {
  let store: Store;
  let queue: ServerQueue;
  let dispose: () => Promise<void> = async () => {};

  beforeAll(async () => {
    if (skip) return;
    let url: string | undefined;
    if (name === "PGlite") store = await storeOver(await PgliteDb.open());
    else {
      const fresh = await freshPgDatabase(TEST_DATABASE_URL!);
      url = fresh.url;
      store = await storeOver(new PgDb(fresh.url));
      dispose = fresh.dispose;
    }
    queue = createQueue({ store, connectionString: url, log: silent, pollingIntervalSeconds: 0.5 });
    await queue.start();
  });
  afterAll(async () => {
    if (skip) return;
    await queue.stop(1000);
    await store.close();
    await dispose();
  });

  it.skipIf(skip)("retries a failing job with backoff until it succeeds", async () => {
    const attempts: number[] = [];
    await queue.work<{ n: number }>(
      "flaky",
      async () => {
        attempts.push(Date.now());
        if (attempts.length < 3) throw new Error(`attempt ${attempts.length} failed`);
      },
      { retryLimit: 3, retryDelaySeconds: 1 },
    );
    expect(await queue.enqueue("flaky", { n: 1 })).toMatch(/^[0-9a-f-]{36}$/);
    await until("three attempts", () => attempts.length === 3);
    // Backoff with jitter: retry n waits between 2^(n-1) and 2^n times the 1 s delay, so the first
    // retry comes after at least 1 s and the second after at least 2 s (without backoff, 1 s each).
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(900);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(1900);
  });

  it.skipIf(skip)("a job failing for good calls onFailed once and leaves a job_failed event on its thread", async () => {
    let runs = 0;
    const failed: Array<{ payload: unknown; error: string }> = [];
    await queue.work(
      "doomed",
      async () => {
        runs++;
        throw new Error("the OCR engine crashed");
      },
      { retryLimit: 1, retryDelaySeconds: 1, onFailed: async (payload, error) => void failed.push({ payload, error: error.message }) },
    );
    await queue.enqueue("doomed", { threadId: "t-doomed", file: "scan.png" });
    await until("onFailed", () => failed.length === 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(runs).toBe(2);
    expect(failed).toEqual([{ payload: { threadId: "t-doomed", file: "scan.png" }, error: "the OCR engine crashed" }]);
    const events = (await store.audit.list()).filter((e) => e.type === "job_failed");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ threadId: "t-doomed", actor: "system", inputs: { queue: "doomed", error: "the OCR engine crashed" } });
  });

  it.skipIf(skip)("enqueues a delivery once per dedupe key, and the key is in the store", async () => {
    const seen: unknown[] = [];
    await queue.work("deliveries", async (p) => void seen.push(p));
    const first = await queue.enqueue("deliveries", { id: 1 }, { dedupeKey: "slack:Ev123" });
    const second = await queue.enqueue("deliveries", { id: 2 }, { dedupeKey: "slack:Ev123" });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(await store.dedupe.claim("slack:Ev123")).toBe(false);
    await until("delivery", () => seen.length === 1);
    await new Promise((r) => setTimeout(r, 1200));
    expect(seen).toEqual([{ id: 1 }]);
    expect(await queue.depth()).toMatchObject({ deliveries: 0 });
  });
});

describe.skipIf(!TEST_DATABASE_URL)("two queues starting together on an empty PostgreSQL database", () => {
  it("both start and register every job kind (pg-boss's queue set-up deadlocks when run concurrently)", async () => {
    const fresh = await freshPgDatabase(TEST_DATABASE_URL!);
    const stores = await Promise.all([0, 1].map(() => storeOver(new PgDb(fresh.url))));
    const queues = stores.map((store) => createQueue({ store, connectionString: fresh.url, log: silent, pollingIntervalSeconds: 0.5 }));
    try {
      await Promise.all(queues.map((q) => q.start()));
      const kinds = ["turn", "decision", "command", "email-turn", "email-decision", "ocr"];
      const ran = new Map<string, number>();
      const registered = await Promise.allSettled(queues.flatMap((q) => kinds.map((k) => q.work(k, async () => void ran.set(k, (ran.get(k) ?? 0) + 1)))));
      expect(registered.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([]);
      for (const k of kinds) await queues[k.length % 2]!.enqueue(k, { k });
      await until("every job ran", () => ran.size === kinds.length);
      await new Promise((r) => setTimeout(r, 1200));
      // Each job ran once, on one of the two.
      expect([...ran.values()]).toEqual(kinds.map(() => 1));
    } finally {
      await Promise.all(queues.map((q) => q.stop(1000)));
      await Promise.all(stores.map((s) => s.close()));
      await fresh.dispose();
    }
  });
});
