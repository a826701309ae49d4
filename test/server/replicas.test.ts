/**
 * Two `tollgate serve` processes on one real PostgreSQL server (skipped without TEST_DATABASE_URL):
 * concurrent messages on one thread through both replicas are serialised (no turn is lost from the
 * thread's history), two brokers' concurrent approvals of the same version through both replicas
 * file it exactly once, and the audit chain stays consistent.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { HumanMessage, AIMessage, type BaseMessage } from "@langchain/core/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/config.ts";
import { UserService } from "../../src/server/users.ts";
import { createCheckpointer } from "../../src/store/checkpointer.ts";
import { PgDb, storeOver, type Store } from "../../src/store/index.ts";
import { DOCUMENTS } from "../e2e/helpers.ts";
import { TEST_DATABASE_URL, freshPgDatabase } from "../store/helpers.ts";

const INVOICE = path.join(DOCUMENTS, "commercial_invoices_text_demo", "demo2_clothing.txt");

interface Replica {
  child: ChildProcess;
  url: string;
  dataDir: string;
  exited: Promise<number | null>;
  log: () => string;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, gaveUp?: () => string | undefined): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const why = gaveUp?.();
    if (why) throw new Error(`stopped waiting for ${what}: ${why}`);
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function startReplica(databaseUrl: string): Promise<Replica> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tollgate-replica-"));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl, TOLLGATE_DATA_DIR: dataDir, PORT: "0", TOLLGATE_LOG_LEVEL: "warn" };
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "bin", "tollgate.js"), "serve"], { env, cwd: dataDir, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  let out = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await waitFor("the URL", async () => /listening on (http:\/\/[^\s]+) /.exec(err)?.[1], 60_000);
  return { child, url, dataDir, exited, log: () => `${err}\n${out}` };
}

const skip = !TEST_DATABASE_URL;

describe.skipIf(skip)("two replicas on one PostgreSQL", () => {
  let db: { url: string; dispose: () => Promise<void> };
  let store: Store;
  const replicas: Replica[] = [];
  const sessions = new Map<string, { cookie: string }>();

  beforeAll(async () => {
    db = await freshPgDatabase(TEST_DATABASE_URL!);
    // Both replicas start on the empty database at once: they run the migrations and set up the
    // job queue's schema concurrently.
    replicas.push(...(await Promise.all([startReplica(db.url), startReplica(db.url)])));
    await Promise.all(
      replicas.map((r) =>
        waitFor(
          `readiness of ${r.url}`,
          async () => ((await fetch(`${r.url}/readyz`)).status === 200 ? true : undefined),
          300_000,
          () => (r.child.exitCode !== null ? `the replica exited with ${r.child.exitCode} while starting` : undefined),
        ).catch((err: Error) => {
          throw new Error(`${err.message}; its log ends:\n${r.log().slice(-4000)}`);
        }),
      ),
    );
    store = await storeOver(new PgDb(db.url));
    const users = new UserService(store, { bcryptRounds: 4 });
    await users.addUser({ name: "ana", role: "broker", password: "broker password 1" });
    await users.addUser({ name: "eve", role: "broker", password: "broker password 2" });
    await users.addUser({ name: "bob", role: "clerk", password: "clerk password 1" });
    for (const [i, r] of replicas.entries()) {
      for (const [name, password] of [["ana", "broker password 1"], ["eve", "broker password 2"], ["bob", "clerk password 1"]]) {
        const res = await fetch(`${r.url}/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, password }) });
        expect(res.status).toBe(200);
        sessions.set(`${name}@${i}`, { cookie: res.headers.getSetCookie()[0]!.split(";")[0]! });
      }
    }
  }, 400_000);

  afterAll(async () => {
    for (const r of replicas) {
      if (r.child.exitCode === null) r.child.kill("SIGTERM");
    }
    const codes = await Promise.all(replicas.map((r) => r.exited));
    for (const r of replicas) rmSync(r.dataDir, { recursive: true, force: true });
    await store?.close();
    await db?.dispose();
    expect(codes).toEqual(replicas.map(() => 0));
  }, 60_000);

  const post = (replica: number, as: string, route: string, body: unknown) =>
    fetch(`${replicas[replica]!.url}/api${route}`, { method: "POST", headers: { cookie: sessions.get(`${as}@${replica}`)!.cookie, "content-type": "application/json" }, body: JSON.stringify(body) });

  it("serialises concurrent turns on one thread, files once under concurrent approvals, keeps the audit chain", { timeout: 300_000 }, async () => {
    const thread = "t-two-replicas";
    const form = new FormData();
    form.set("threadId", thread);
    form.set("text", "draft an entry from this invoice");
    form.append("files", new Blob([readFileSync(INVOICE)], { type: "text/plain" }), "demo2_clothing.txt");
    // The CSRF check applies to multipart posts with a session: use a bearer token instead.
    const { token } = await new UserService(store).createApiToken("bob");
    const drafted = await fetch(`${replicas[0]!.url}/api/messages`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
    expect(drafted.status).toBe(200);

    // Four messages on the same thread at once, two through each replica.
    const questions = ["classify men's knitted cotton sweaters", "duty on 6110.20.2079 from China, value $12,000", "classify women's woven silk blouses", "duty on 6110.20.2079 from Vietnam, value $5,000"];
    const answers = await Promise.all(questions.map((text, i) => post(i % 2, "bob", "/messages", { threadId: thread, text })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const saver = await createCheckpointer(store.db);
    const state = await saver.getTuple({ configurable: { thread_id: thread } });
    const messages = (state!.checkpoint.channel_values as { messages: BaseMessage[] }).messages;
    const humans = messages.filter((m) => HumanMessage.isInstance(m));
    // Every turn is in the history: none started from a checkpoint another turn was writing.
    expect(humans).toHaveLength(1 + questions.length);
    // And each human message is answered before the next begins.
    for (let i = 0; i < messages.length; i++) {
      if (!HumanMessage.isInstance(messages[i]!) || i === 0) continue;
      const before = messages.slice(0, i).reverse();
      const lastHuman = before.findIndex((m) => HumanMessage.isInstance(m));
      const lastAnswer = before.findIndex((m) => AIMessage.isInstance(m) && !(m as AIMessage).tool_calls?.length);
      expect(lastAnswer, `message ${i}`).toBeGreaterThanOrEqual(0);
      expect(lastAnswer).toBeLessThan(lastHuman);
    }

    const drafts = await store.drafts.list({ threadId: thread });
    expect(drafts).toHaveLength(1);
    const draftId = drafts[0]!.id;
    const asked = (await (await post(1, "bob", "/messages", { threadId: thread, text: "file it" })).json()) as { pendingApproval: unknown };
    expect(asked.pendingApproval).toEqual({ draftId, version: 1 });

    // Two brokers approve the same version at the same moment, through different replicas.
    const decisions = await Promise.all([post(0, "ana", `/drafts/${draftId}/approve`, { version: 1 }), post(1, "eve", `/drafts/${draftId}/approve`, { version: 1 })]);
    expect(decisions.map((d) => d.status)).toEqual([200, 200]);
    const bodies = (await Promise.all(decisions.map((d) => d.json()))) as Array<{ resumed: { toolCalls: Array<{ name: string }> } | null }>;
    const filedBy = bodies.filter((b) => b.resumed?.toolCalls.some((c) => c.name === "file_declaration"));
    expect(filedBy).toHaveLength(1);

    const filings = await store.db.query<{ n: string }>("select count(*) as n from filings where draft_id = $1", [draftId]);
    expect(Number(filings.rows[0]!.n)).toBe(1);
    const outbox = replicas.flatMap((r) => {
      try {
        return readdirSync(path.join(r.dataDir, "outbox")).filter((f) => !f.includes(".partial"));
      } catch {
        return [];
      }
    });
    expect(outbox).toEqual([`${draftId}-v1`]);
    expect((await store.drafts.get(draftId, 1)).status).toBe("filed");
    const verify = await store.audit.verify();
    expect(verify.ok).toBe(true);
    const events = await store.audit.list({ refKey: "draftId", refValue: draftId });
    expect(events.filter((e) => e.type === "filing")).toHaveLength(1);
  });
});
