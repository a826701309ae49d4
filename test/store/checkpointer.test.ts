import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Annotation, Command, END, START, StateGraph, interrupt, type BaseCheckpointSaver } from "@langchain/langgraph";
import { afterAll, describe, expect, it } from "vitest";
import { createCheckpointer } from "../../src/store/checkpointer.ts";
import { PgDb, PgliteDb, type Db } from "../../src/store/db.ts";
import { freshPgDatabase, TEST_DATABASE_URL } from "./helpers.ts";

// A graph shaped like the approval flow: draft, pause for a decision, then act on it.
const State = Annotation.Root({ log: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }) });
function buildGraph(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(State)
    .addNode("draft", () => ({ log: ["drafted"] }))
    .addNode("decide", () => {
      const decision = interrupt("approve draft?") as string;
      return { log: [`decision:${decision}`] };
    })
    .addEdge(START, "draft")
    .addEdge("draft", "decide")
    .addEdge("decide", END)
    .compile({ checkpointer });
}

async function interruptThenResume(open: () => Promise<Db>): Promise<string[]> {
  const config = { configurable: { thread_id: "thread-approval-1" } };
  const db1 = await open();
  const graph1 = buildGraph(await createCheckpointer(db1));
  await graph1.invoke({ log: [] }, config);
  const paused = await graph1.getState(config);
  expect(paused.tasks[0]?.interrupts[0]?.value).toBe("approve draft?");
  await db1.close();

  // A new process: new database handle, new checkpointer, new graph instance.
  const db2 = await open();
  try {
    const graph = buildGraph(await createCheckpointer(db2));
    const waiting = await graph.getState(config);
    expect(waiting.next).toEqual(["decide"]);
    const done = await graph.invoke(new Command({ resume: "approved" }), config);
    return done.log;
  } finally {
    await db2.close();
  }
}

describe("checkpointer on PGlite", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tollgate-ckpt-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps an interrupted run across close and reopen, and resumes it on a new graph", async () => {
    expect(await interruptThenResume(() => PgliteDb.open(dir))).toEqual(["drafted", "decision:approved"]);
  });
});

describe.skipIf(!TEST_DATABASE_URL)("checkpointer on PostgreSQL", () => {
  it("keeps an interrupted run across pool close and reopen", async () => {
    const fresh = await freshPgDatabase(TEST_DATABASE_URL!);
    await fresh.db.close();
    try {
      expect(await interruptThenResume(async () => new PgDb(fresh.url))).toEqual(["drafted", "decision:approved"]);
    } finally {
      await fresh.dispose();
    }
  });
});
