/**
 * The agent's LangGraph checkpointer, persisted in the store's own database. `PostgresSaver` wants a
 * pg Pool; on a real server it gets the store's pool, on PGlite a pool-shaped adapter whose clients
 * hold the single connection's lock for the length of their transaction (see db.ts). Because the
 * checkpoints live in the database, a run interrupted for approval survives a restart and resumes
 * on any replica. The saver's tables go in their own schema, versioned by its own migrations table
 * (`langgraph.checkpoint_migrations`), which is the saved checkpoints' schema version.
 */
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type pg from "pg";
import type { Db } from "./db.ts";

/** Schema holding the checkpoint tables. */
export const CHECKPOINT_SCHEMA = "langgraph";

/** Builds the checkpointer over `db` and creates or migrates its tables. */
export async function createCheckpointer(db: Db): Promise<PostgresSaver> {
  // PostgresSaver only calls query/connect/end, which poolLike() provides with pg's semantics.
  const saver = new PostgresSaver(db.poolLike() as unknown as pg.Pool, undefined, { schema: CHECKPOINT_SCHEMA });
  // Replicas starting together create the saver's tables one at a time.
  await db.exclusively("tollgate-checkpointer-setup", () => saver.setup());
  return saver;
}
