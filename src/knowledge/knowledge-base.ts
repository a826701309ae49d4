/**
 * The knowledge base: schedule, rulings, their lexical and vector indexes and the classifier,
 * loaded once per process and passed to tools and commands. Vector indexes are persisted under
 * `config.indexDir` and rebuilt automatically when the data or the embedding configuration changes.
 * Rulings a user ingested with `tollgate index --rulings <file>` live in `<indexDir>/user-rulings/`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Embeddings } from "@langchain/core/embeddings";
import type { Config } from "../config.ts";
import { Bm25Index } from "./bm25.ts";
import { Classifier, type ClassifierParams, type HtsClassifier } from "./classifier.ts";
import { ScheduleEvidence } from "./descent-evidence.ts";
import { DescentClassifier, loadDescentModel } from "./descent.ts";
import { loadLexicon } from "./lexicon.ts";
import { loadChapterExclusions, loadHsNomenclature } from "./schedule-text.ts";
import { createEmbeddings, LocalHashEmbeddings } from "./embeddings.ts";
import { HybridIndex } from "./hybrid.ts";
import { loadRulings, rulingProductText, type Ruling } from "./rulings.ts";
import { loadSchedule, type HtsLine, type Schedule } from "./schedule.ts";
import { contentHash, VectorIndex } from "./vector-index.ts";
import { searchRulings, searchTariff, type RulingFilters, type RulingHit, type TariffHit } from "./search.ts";

/** Options of `createKnowledgeBase`. */
export interface KnowledgeBaseOptions {
  /** Overrides the configured embedding function (e.g. a fake in tests). */
  embeddings?: Embeddings;
  /** Identity of `embeddings` for index hashing (defaults to its class name). */
  embeddingsIdentity?: string;
  /** Further CROSS JSONL files to load beside the shipped ones and the user-rulings folder. */
  extraRulingFiles?: string[];
  /** Reports progress while (re)building vector indexes. */
  onProgress?: (stage: "tariff" | "rulings", done: number, total: number) => void;
  /** Classifier parameter overrides (evaluation only). */
  classifierParams?: Partial<ClassifierParams>;
  /** A schedule already loaded in this process, to avoid parsing it twice. */
  schedule?: Schedule;
  /**
   * Which classifier answers: "descent" (default; needs knowledge/lexicon/ and
   * knowledge/classifier/descent-model.json, else the hybrid one answers) or "hybrid" (the earlier
   * ruling-vote + schedule-text ranker).
   */
  classifier?: "descent" | "hybrid";
}

/** Everything retrieval and classification need, loaded once. */
export interface KnowledgeBase {
  schedule: Schedule;
  revision: string;
  rulings: Ruling[];
  /** Indexed (answer-free) product text of each ruling, by position. */
  rulingTexts: string[];
  /** Schedule lines in the tariff index, by position. */
  tariffLines: HtsLine[];
  rulingIndex: HybridIndex;
  tariffIndex: HybridIndex;
  /** The classifier that answers classify_product and `tollgate classify`. */
  classifier: HtsClassifier;
  /** The earlier ruling-vote + schedule-text classifier (kept for comparison). */
  hybridClassifier: Classifier;
  /** The descent classifier, when its lexicon and model are present. */
  descentClassifier?: DescentClassifier;
  embedQuery: (text: string) => Promise<number[]>;
  searchTariff: (query: string, k: number) => Promise<TariffHit[]>;
  searchRulings: (query: string, k: number, filters?: RulingFilters) => Promise<RulingHit[]>;
  /** Whether either vector index was rebuilt while loading, and load figures. */
  stats: { rebuilt: boolean; loadMs: number; staleCodes: number; mappedCodes: number; classifier: "descent" | "hybrid" };
}

/** Text indexed for a schedule line: its whole path, so "Other" lines carry their ancestors' meaning. */
export function tariffLineText(line: HtsLine): string {
  return line.pathText;
}

/**
 * Fits the local embedding's document frequencies on the corpus, or loads them from the index
 * directory when this exact corpus (by content hash) and feature scheme were fitted before: fitting
 * 30,000 texts is the slowest part of start-up, and its result depends only on those inputs.
 */
function fitCached(local: LocalHashEmbeddings, corpus: string[], indexDir: string, key: string): void {
  const file = path.join(indexDir, "idf.bin");
  const header = Buffer.from(`${key}\n`, "utf8");
  try {
    const buf = readFileSync(file);
    if (buf.subarray(0, header.length).equals(header)) {
      const body = buf.subarray(header.length);
      const n = body.readUInt32LE(0);
      // Copied into an aligned buffer: the file's bytes after the header may be at any offset.
      const pairs = new Uint32Array(new Uint8Array(body.subarray(4)).buffer);
      local.importFit({ n, pairs });
      return;
    }
  } catch {
    // No cache yet, or unreadable: fit below.
  }
  local.fit(corpus);
  const { n, pairs } = local.exportFit();
  const count = Buffer.alloc(4);
  count.writeUInt32LE(n, 0);
  try {
    mkdirSync(indexDir, { recursive: true });
    // Written aside and renamed, so a concurrent start never reads half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([header, count, Buffer.from(pairs.buffer, pairs.byteOffset, pairs.byteLength)]));
    renameSync(tmp, file);
  } catch {
    // A read-only index directory only costs the fit at the next start.
  }
}

/** The user-rulings folder under an index directory. */
export function userRulingsDir(indexDir: string): string {
  return path.join(indexDir, "user-rulings");
}

/** Loads (or builds) the knowledge base for a configuration. */
export async function createKnowledgeBase(config: Config, options: KnowledgeBaseOptions = {}): Promise<KnowledgeBase> {
  const started = performance.now();
  const schedule = options.schedule ?? loadSchedule(config.knowledgeDir);
  const userDir = userRulingsDir(config.indexDir);
  const userFiles = existsSync(userDir) ? readdirSync(userDir).filter((f) => f.endsWith(".jsonl")).sort().map((f) => path.join(userDir, f)) : [];
  const rulings = loadRulings(config.knowledgeDir, schedule, [...userFiles, ...(options.extraRulingFiles ?? [])]);
  const rulingTexts = rulings.map((r) => rulingProductText(r));
  const tariffLines = [...schedule.lines];
  const tariffTexts = tariffLines.map(tariffLineText);

  let embeddings: Embeddings;
  let identity: string;
  if (options.embeddings) {
    embeddings = options.embeddings;
    identity = options.embeddingsIdentity ?? `custom/${options.embeddings.constructor.name}`;
  } else {
    const configured = createEmbeddings(config);
    embeddings = configured.embeddings;
    identity = configured.identity;
  }
  const local = embeddings instanceof LocalHashEmbeddings ? embeddings : undefined;
  if (local) {
    // IDF comes from the corpus, so the corpus is part of the embedding's identity.
    const corpus = [...tariffTexts, ...rulingTexts];
    const fit = contentHash("", corpus).slice(0, 16);
    fitCached(local, corpus, config.indexDir, `${identity}/${fit}`);
    identity = `${identity}/fit:${fit}`;
  }
  const embedQuery = local ? async (t: string) => local.embedSync(t) : (t: string) => embeddings.embedQuery(t);

  const tariffVectors = await VectorIndex.open({
    dir: config.indexDir,
    name: "tariff",
    texts: tariffTexts,
    embeddings,
    identity,
    onProgress: options.onProgress && ((d, t) => options.onProgress!("tariff", d, t)),
  });
  const rulingVectors = await VectorIndex.open({
    dir: config.indexDir,
    name: "rulings",
    texts: rulingTexts,
    embeddings,
    identity,
    onProgress: options.onProgress && ((d, t) => options.onProgress!("rulings", d, t)),
  });
  const tariffIndex = new HybridIndex(new Bm25Index(tariffTexts), tariffVectors);
  const rulingIndex = new HybridIndex(new Bm25Index(rulingTexts), rulingVectors);
  const classifierCtx = { schedule, rulings, rulingIndex, tariffIndex, tariffLines, embed: embedQuery };
  const hybridClassifier = new Classifier(classifierCtx, options.classifierParams);
  const descentClassifier = (options.classifier ?? config.classifier) === "descent" ? createDescentClassifier(config.knowledgeDir, classifierCtx) : undefined;
  const classifier: HtsClassifier = descentClassifier ?? hybridClassifier;
  const allCodes = rulings.flatMap((r) => r.codes);
  const kb: KnowledgeBase = {
    schedule,
    revision: schedule.revision,
    rulings,
    rulingTexts,
    tariffLines,
    rulingIndex,
    tariffIndex,
    classifier,
    hybridClassifier,
    descentClassifier,
    embedQuery,
    searchTariff: (query, k) => searchTariff(kb, query, k),
    searchRulings: (query, k, filters) => searchRulings(kb, query, k, filters),
    stats: {
      rebuilt: tariffVectors.rebuilt || rulingVectors.rebuilt,
      loadMs: 0,
      staleCodes: allCodes.filter((c) => c.status === "stale").length,
      mappedCodes: allCodes.filter((c) => c.status === "mapped").length,
      classifier: descentClassifier ? "descent" : "hybrid",
    },
  };
  kb.stats.loadMs = Math.round(performance.now() - started);
  return kb;
}

/**
 * The descent classifier over a loaded schedule and ruling index, or undefined when the knowledge
 * folder lacks its word knowledge (lexicon/) or learned weights (classifier/descent-model.json).
 */
export function createDescentClassifier(knowledgeDir: string, ctx: ConstructorParameters<typeof Classifier>[0]): DescentClassifier | undefined {
  if (!existsSync(path.join(knowledgeDir, "lexicon", "word-vectors.bin")) || !existsSync(path.join(knowledgeDir, "classifier", "descent-model.json"))) return undefined;
  return new DescentClassifier({ ...ctx, evidence: createScheduleEvidence(knowledgeDir, ctx.schedule) }, loadDescentModel(knowledgeDir));
}

/** The descent classifier's schedule evidence: word knowledge, HS 2022 texts and chapter-note exclusions. */
export function createScheduleEvidence(knowledgeDir: string, schedule: Schedule): ScheduleEvidence {
  return new ScheduleEvidence(schedule, loadLexicon(knowledgeDir), loadHsNomenclature(knowledgeDir), loadChapterExclusions(knowledgeDir));
}
