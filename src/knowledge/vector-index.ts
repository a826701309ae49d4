/**
 * A small wrapper over hnswlib-node: cosine HNSW index over embedded documents, persisted under the
 * index directory next to a metadata file holding a content hash (documents + embedding identity).
 * When the hash on disk differs, the index is rebuilt, so changed data or a changed embedding
 * configuration can never serve stale vectors. The search breadth `ef` is raised from hnswlib's
 * default of 10, which gives poor recall.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import hnswlib from "hnswlib-node";
import type { Embeddings } from "@langchain/core/embeddings";
import { DataError } from "../errors.ts";

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/** Default search breadth (hnswlib's default of 10 gives poor recall; see evals/reports/bench.md). */
export const DEFAULT_EF = 200;
const M = 32;
const EF_CONSTRUCTION = 200;
const BATCH = 256;

/** One vector hit with cosine similarity. */
export interface VectorHit {
  id: number;
  score: number;
}

/** Options to open (load or build) a persisted vector index. */
export interface OpenVectorIndexOptions {
  /** Directory for the index files (created when missing). */
  dir: string;
  /** Base file name, e.g. "rulings". */
  name: string;
  texts: readonly string[];
  embeddings: Embeddings;
  /** Identity of the embedding function; part of the content hash. */
  identity: string;
  ef?: number;
  /** Called with (done, total) while embedding during a rebuild. */
  onProgress?: (done: number, total: number) => void;
}

interface IndexMeta {
  hash: string;
  count: number;
  dimensions: number;
  builtAt: string;
}

/** Content hash of an index: embedding identity and every document text, in order. */
export function contentHash(identity: string, texts: readonly string[]): string {
  const h = createHash("sha256");
  h.update(`${identity}\n${texts.length}\n`);
  for (const t of texts) h.update(`${t.length}:${t}\n`);
  return h.digest("hex");
}

/** A loaded HNSW index over documents 0..n-1. */
export class VectorIndex {
  readonly #index: Hnsw;
  readonly size: number;
  readonly dimensions: number;
  /** True when this open had to (re)build the index rather than load it. */
  readonly rebuilt: boolean;

  private constructor(index: Hnsw, size: number, dimensions: number, rebuilt: boolean) {
    this.#index = index;
    this.size = size;
    this.dimensions = dimensions;
    this.rebuilt = rebuilt;
  }

  /** Loads the persisted index when its content hash matches, otherwise embeds, builds and saves it. */
  static async open(options: OpenVectorIndexOptions): Promise<VectorIndex> {
    const { dir, name, texts } = options;
    // Graph parameters are part of the hash: changing them must rebuild, not load the old graph.
    const hash = contentHash(`${options.identity}/hnsw-m${M}-efc${EF_CONSTRUCTION}`, texts);
    const indexFile = path.join(dir, `${name}.hnsw`);
    const metaFile = path.join(dir, `${name}.meta.json`);
    if (existsSync(indexFile) && existsSync(metaFile)) {
      try {
        const meta = JSON.parse(readFileSync(metaFile, "utf8")) as IndexMeta;
        if (meta.hash === hash && meta.count === texts.length) {
          const index = new HierarchicalNSW("cosine", meta.dimensions);
          index.readIndexSync(indexFile);
          index.setEf(options.ef ?? DEFAULT_EF);
          return new VectorIndex(index, texts.length, meta.dimensions, false);
        }
      } catch {
        // A corrupt or half-written index is rebuilt below rather than trusted.
      }
    }
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      vectors.push(...(await options.embeddings.embedDocuments(texts.slice(i, i + BATCH) as string[])));
      options.onProgress?.(Math.min(i + BATCH, texts.length), texts.length);
    }
    const dimensions = vectors[0]?.length ?? 1;
    const index = VectorIndex.build(vectors, dimensions);
    index.setEf(options.ef ?? DEFAULT_EF);
    mkdirSync(dir, { recursive: true });
    // Write to temporary names and rename, so a concurrent reader never sees a half-written index.
    const suffix = `.${process.pid}.tmp`;
    index.writeIndexSync(indexFile + suffix);
    writeFileSync(metaFile + suffix, JSON.stringify({ hash, count: texts.length, dimensions, builtAt: new Date().toISOString() } satisfies IndexMeta));
    renameSync(indexFile + suffix, indexFile);
    renameSync(metaFile + suffix, metaFile);
    return new VectorIndex(index, texts.length, dimensions, true);
  }

  /** Builds an in-memory HNSW index over the given vectors (labels are positions). */
  static build(vectors: readonly number[][], dimensions: number): Hnsw {
    const index = new HierarchicalNSW("cosine", dimensions);
    index.initIndex(Math.max(1, vectors.length), M, EF_CONSTRUCTION, 100);
    vectors.forEach((v, i) => {
      if (v.length !== dimensions) throw new DataError(`Embedding ${i} has ${v.length} dimensions, expected ${dimensions}`, "embedding_invalid");
      index.addPoint(v, i);
    });
    return index;
  }

  /** Sets the search breadth (higher: better recall, slower). */
  setEf(ef: number): void {
    this.#index.setEf(ef);
  }

  /** The stored (normalised) vector of a document. */
  vector(id: number): number[] {
    return this.#index.getPoint(id);
  }

  /** Exact cosine similarity of a query to chosen documents (for small candidate sets). */
  similarity(vector: number[], ids: readonly number[]): number[] {
    let qn = 0;
    for (const x of vector) qn += x * x;
    qn = Math.sqrt(qn) || 1;
    return ids.map((id) => {
      const p = this.#index.getPoint(id);
      let dot = 0;
      let pn = 0;
      for (let i = 0; i < p.length; i++) {
        dot += p[i]! * vector[i]!;
        pn += p[i]! * p[i]!;
      }
      return dot / (qn * (Math.sqrt(pn) || 1));
    });
  }

  /** The k nearest documents by cosine similarity; `accept` filters by id inside the graph search. */
  search(vector: number[], k: number, accept?: (id: number) => boolean): VectorHit[] {
    const n = Math.min(k, this.size);
    if (n <= 0) return [];
    const res = accept ? this.#index.searchKnn(vector, n, accept) : this.#index.searchKnn(vector, n);
    return res.neighbors.map((id, i) => ({ id, score: 1 - res.distances[i]! }));
  }
}
