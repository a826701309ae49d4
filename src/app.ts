/**
 * The application context, built once per process: configuration, knowledge base, store,
 * checkpointer, attachment files, filing adapter and clock. Everything else (tools, the agent,
 * channels) receives it explicitly, so tests build one over a temporary data directory and swap any
 * part without patching modules.
 */
import path from "node:path";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { Config } from "./config.ts";
import { loadCountries, type CountryIndex } from "./domain/countries.ts";
import { createKnowledgeBase, type KnowledgeBase, type KnowledgeBaseOptions } from "./knowledge/knowledge-base.ts";
import { openStore, type Store } from "./store/index.ts";
import { createCheckpointer } from "./store/checkpointer.ts";
import { OutboxFilingAdapter, type FilingAdapter } from "./filing/adapter.ts";
import { StoreAttachmentStore, type AttachmentStore } from "./agent/attachments.ts";
import { KeyedLock, PgAdvisoryLock, type ThreadLock } from "./agent/thread-lock.ts";
import { loadDutyData, type DutyData } from "./knowledge/duty-data.ts";
import { loadReferenceData, type ReferenceData } from "./filing/reference-data.ts";

/** Everything a Tollgate process shares between requests. */
export interface AppContext {
  config: Config;
  /** The current time; tests pass a fixed clock. */
  clock: () => Date;
  knowledge: KnowledgeBase;
  countries: CountryIndex;
  /** Duty tables: programs, fees, chapter 99 measures, Column 2 countries, FX rates. */
  dutyData: DutyData;
  /** ACE partner-agency flags and AD/CVD warnings used when reviewing drafts. */
  reference: ReferenceData;
  store: Store;
  /** Thread checkpoints, in the store's database. */
  checkpointer: BaseCheckpointSaver;
  attachments: AttachmentStore;
  filing: FilingAdapter;
  /**
   * Serialises turns (messages and resumes) on the same thread: across replicas by a PostgreSQL
   * advisory lock with DATABASE_URL, within the process on embedded PGlite.
   */
  threadLocks: ThreadLock;
  /**
   * Where building the context took its time, in milliseconds (logged when the server is ready).
   * The database opens alongside the data and knowledge base; storeWaitMs is what remained after.
   */
  loadTimings: { dataMs: number; knowledgeMs: number; storeWaitMs: number; checkpointerMs: number };
  /** Closes the database; the context must not be used afterwards. */
  close(): Promise<void>;
}

/** Parts a caller may supply instead of having them built (tests, benchmarks, a shared knowledge base). */
export interface AppOverrides {
  clock?: () => Date;
  /** A knowledge base already loaded in this process (loading it is the slow part of start-up). */
  knowledge?: KnowledgeBase;
  knowledgeOptions?: KnowledgeBaseOptions;
  store?: Store;
  filing?: FilingAdapter;
  attachments?: AttachmentStore;
}

/** Builds the application context for a configuration. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<AppContext> {
  const clock = overrides.clock ?? (() => new Date());
  const since = (t0: number) => Math.round(performance.now() - t0);
  // The database opens while the data files and the knowledge base load: PGlite compiles its
  // WebAssembly and reads its files off the main thread (a server's connection waits on the
  // network), so the two overlap instead of adding up.
  const opening = overrides.store ? Promise.resolve(overrides.store) : openStore(config, { clock });
  // Awaited below; a failure meanwhile must not count as an unhandled rejection.
  opening.catch(() => undefined);
  let countries: CountryIndex, dutyData: DutyData, reference: ReferenceData, knowledge: KnowledgeBase;
  let dataMs: number, knowledgeMs: number;
  try {
    const tData = performance.now();
    countries = loadCountries(config.knowledgeDir);
    dutyData = loadDutyData(config.knowledgeDir, { fxRatesFile: config.fxRatesFile });
    reference = loadReferenceData(config.knowledgeDir);
    dataMs = since(tData);
    const tKnowledge = performance.now();
    knowledge = overrides.knowledge ?? (await createKnowledgeBase(config, overrides.knowledgeOptions));
    knowledgeMs = since(tKnowledge);
  } catch (err) {
    if (!overrides.store) await opening.then((s) => s.close(), () => undefined);
    throw err;
  }
  const tStore = performance.now();
  const store = await opening;
  /** Time still spent waiting for the database once the knowledge base was loaded. */
  const storeWaitMs = since(tStore);
  const tCheckpointer = performance.now();
  let checkpointer: BaseCheckpointSaver;
  try {
    checkpointer = await createCheckpointer(store.db);
  } catch (err) {
    await store.close();
    throw err;
  }
  const loadTimings = { dataMs, knowledgeMs, storeWaitMs, checkpointerMs: since(tCheckpointer) };
  const threadLocks: ThreadLock = config.databaseUrl && store.db.kind === "pg" ? new PgAdvisoryLock(config.databaseUrl.reveal()) : new KeyedLock();
  return {
    config,
    clock,
    knowledge,
    countries,
    dutyData,
    reference,
    store,
    checkpointer,
    // In the database, not under dataDir: any replica may run a thread's next turn.
    attachments: overrides.attachments ?? new StoreAttachmentStore(store.threadFiles, config.limits.maxFileBytes),
    filing: overrides.filing ?? new OutboxFilingAdapter(path.join(config.dataDir, "outbox")),
    threadLocks,
    loadTimings,
    close: async () => {
      await threadLocks.close?.();
      await store.close();
    },
  };
}
