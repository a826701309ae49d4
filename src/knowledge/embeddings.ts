/**
 * Embedding functions behind LangChain's `Embeddings` interface. The default is local and
 * deterministic: hashed word, word-pair and character n-gram features weighted by IDF and
 * L2-normalised. It needs no network and no model download, and its vectors are a pure function of
 * the text and the fitted document frequencies, so a persisted index stays valid across runs.
 * With `EMBEDDINGS_PROVIDER=openai` any OpenAI-compatible embeddings endpoint is used instead.
 */
import { Embeddings } from "@langchain/core/embeddings";
import { OpenAIEmbeddings } from "@langchain/openai";
import type { Config } from "../config.ts";
import { terms } from "./text.ts";

/** Relative weight of each feature family: whole words matter most, n-grams catch spelling variants. */
const WORD_WEIGHT = 1.0;
const BIGRAM_WEIGHT = 0.6;
const CHAR_WEIGHT = 0.1;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over s[from, to), starting from a per-family seed so families never share a hash. */
function fnv1a(s: string, from: number, to: number, seed: number): number {
  let h = FNV_OFFSET ^ seed;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

const SEED_WORD = 0x9e3779b1;
const SEED_BIGRAM = 0x85ebca6b;
const SEED_CHAR = 0xc2b2ae35;

/** Word and character n-gram feature hashes of one term (without its neighbours). */
function termFeatures(t: string): Uint32Array {
  const out: number[] = [fnv1a(t, 0, t.length, SEED_WORD)];
  // Character trigrams and 4-grams of the bounded word make "polyester"/"poly-ester"/"polyesters" meet.
  const padded = `<${t}>`;
  if (padded.length > 5) {
    for (let n = 3; n <= 4; n++) {
      for (let j = 0; j + n <= padded.length; j++) out.push(fnv1a(padded, j, j + n, SEED_CHAR + n));
    }
  }
  return Uint32Array.from(out);
}

const TERM_CACHE_LIMIT = 200_000;

/**
 * The sparse features of one text as 32-bit feature hashes -> weight before IDF. Hashing the
 * feature directly (rather than building feature strings) and caching each term's features keeps
 * embedding 30,000 schedule lines fast; 32-bit collisions between distinct features are rare.
 */
export function textFeatures(text: string, cache?: Map<string, Uint32Array>): Map<number, number> {
  const feats = new Map<number, number>();
  const add = (f: number, w: number) => feats.set(f, (feats.get(f) ?? 0) + w);
  const ts = terms(text);
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    let tf = cache?.get(t);
    if (!tf) {
      tf = termFeatures(t);
      if (cache && cache.size < TERM_CACHE_LIMIT) cache.set(t, tf);
    }
    add(tf[0]!, WORD_WEIGHT);
    for (let j = 1; j < tf.length; j++) add(tf[j]!, CHAR_WEIGHT);
    if (i + 1 < ts.length) {
      const pair = `${t} ${ts[i + 1]}`;
      add(fnv1a(pair, 0, pair.length, SEED_BIGRAM), BIGRAM_WEIGHT);
    }
  }
  // Sublinear term frequency: a word repeated ten times is not ten times as telling.
  for (const [f, w] of feats) if (w > 1) feats.set(f, 1 + Math.log(w));
  return feats;
}

/** Options of the local embedding function. */
export interface LocalEmbeddingsOptions {
  dimensions: number;
  /** Feature hash -> number of fitted documents containing it, and the number of documents. */
  documentFrequencies?: { df: Map<number, number>; n: number };
}

/** Local, deterministic, offline embeddings (feature hashing with IDF weighting). */
export class LocalHashEmbeddings extends Embeddings {
  readonly dimensions: number;
  #df: Map<number, number>;
  #n: number;
  readonly #cache = new Map<string, Uint32Array>();

  constructor(options: LocalEmbeddingsOptions) {
    super({});
    this.dimensions = options.dimensions;
    this.#df = options.documentFrequencies?.df ?? new Map();
    this.#n = options.documentFrequencies?.n ?? 0;
  }

  /** Fits document frequencies on a corpus (replacing earlier ones); returns this for chaining. */
  fit(texts: readonly string[]): this {
    const df = new Map<number, number>();
    for (const text of texts) for (const f of textFeatures(text, this.#cache).keys()) df.set(f, (df.get(f) ?? 0) + 1);
    this.#df = df;
    this.#n = texts.length;
    return this;
  }

  /** The fitted document frequencies as a flat array (feature, count, feature, count, ...) and the corpus size. */
  exportFit(): { n: number; pairs: Uint32Array } {
    const pairs = new Uint32Array(this.#df.size * 2);
    let i = 0;
    for (const [f, c] of this.#df) {
      pairs[i++] = f >>> 0;
      pairs[i++] = c;
    }
    return { n: this.#n, pairs };
  }

  /** Restores document frequencies saved by `exportFit` (the same as fitting the same corpus again). */
  importFit(state: { n: number; pairs: Uint32Array }): this {
    const df = new Map<number, number>();
    for (let i = 0; i + 1 < state.pairs.length; i += 2) df.set(state.pairs[i]!, state.pairs[i + 1]!);
    this.#df = df;
    this.#n = state.n;
    return this;
  }

  /**
   * Identity used in index content hashes: changing it forces a rebuild. It names the feature
   * scheme and weights, so editing them can never leave vectors of the old scheme on disk.
   */
  get identity(): string {
    return `local-hash-v1/d${this.dimensions}/w${WORD_WEIGHT}-b${BIGRAM_WEIGHT}-c${CHAR_WEIGHT}-n3to4`;
  }

  #idf(feature: number): number {
    return Math.log((this.#n + 1) / ((this.#df.get(feature) ?? 0) + 1)) + 1;
  }

  /** Synchronous embedding, for the hot path of the classifier. */
  embedSync(text: string): number[] {
    const v = new Float64Array(this.dimensions);
    for (const [f, w] of textFeatures(text, this.#cache)) {
      // Mix the feature hash once more for the bucket, so bucket and sign bits are independent.
      const h = Math.imul(f ^ (f >>> 16), 0x45d9f3b) >>> 0;
      // The top bit picks the sign so colliding features cancel on average instead of piling up.
      const sign = h & 0x80000000 ? -1 : 1;
      v[h % this.dimensions]! += sign * w * this.#idf(f);
    }
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embedSync(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embedSync(document);
  }
}

/** The embedding function chosen by configuration, with an identity string for index hashing. */
export interface ConfiguredEmbeddings {
  embeddings: Embeddings;
  identity: string;
  /** Present for the local function, which must be fitted on the corpus before use. */
  local?: LocalHashEmbeddings;
}

/** Creates the embedding function that `config.embeddings` asks for. */
export function createEmbeddings(config: Config): ConfiguredEmbeddings {
  const e = config.embeddings;
  if (e.provider === "openai") {
    const embeddings = new OpenAIEmbeddings({
      model: e.model,
      apiKey: e.apiKey?.reveal() ?? "not-needed",
      // Only OpenAI's v3 models accept a requested size; other servers return their native size.
      ...(e.model.startsWith("text-embedding-3") ? { dimensions: e.dimensions } : {}),
      // Compatible servers (Ollama, vLLM, llama.cpp) return plain float arrays, not base64.
      encodingFormat: "float",
      configuration: e.baseUrl ? { baseURL: e.baseUrl } : undefined,
    });
    return { embeddings, identity: `openai/${e.model}/${e.baseUrl ?? "default"}/d${e.dimensions}` };
  }
  const local = new LocalHashEmbeddings({ dimensions: e.dimensions });
  return { embeddings: local, identity: local.identity, local };
}
