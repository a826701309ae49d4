/**
 * Hybrid retrieval over one document set: BM25 for exact words and an HNSW vector index for
 * similarity that survives spelling and wording variation, fused by normalised score fusion
 * (cosine similarity as is, BM25 divided by the best BM25 score of the query). Score fusion keeps
 * magnitudes, which the classifier uses as evidence weights; reciprocal rank fusion is offered too.
 */
import { Bm25Index } from "./bm25.ts";
import type { VectorIndex } from "./vector-index.ts";

/** One fused hit. */
export interface HybridHit {
  id: number;
  /** Fused score in [0, 1]. */
  score: number;
  /** Cosine similarity from the vector index (0 when the vector search did not return it). */
  vector: number;
  /** BM25 score divided by the query's best BM25 score (0 when absent). */
  lexical: number;
}

/** How the two rankings are combined. */
export type Fusion = { kind: "score"; vectorWeight: number } | { kind: "rrf"; k: number };

/** Options of one hybrid search. */
export interface HybridSearchOptions {
  k: number;
  /** Restricts results to accepted ids; applied inside both searches. */
  accept?: (id: number) => boolean;
  fusion?: Fusion;
  /** How many hits each component contributes before fusion (default 4k, at least 50). */
  depth?: number;
}

/** BM25 + vector index over the same documents (ids are positions in `texts`). */
export class HybridIndex {
  readonly bm25: Bm25Index;
  readonly vectors: VectorIndex;

  constructor(bm25: Bm25Index, vectors: VectorIndex) {
    this.bm25 = bm25;
    this.vectors = vectors;
  }

  /** Searches with a query text and its embedding. */
  search(query: string, queryVector: number[], options: HybridSearchOptions): HybridHit[] {
    return this.searchDetailed(query, queryVector, options).hits;
  }

  /** Like `search`, also returning the query's best raw BM25 score (the lexical normaliser). */
  searchDetailed(query: string, queryVector: number[], options: HybridSearchOptions): { hits: HybridHit[]; bestLexical: number } {
    const depth = options.depth ?? Math.max(50, options.k * 4);
    const fusion = options.fusion ?? { kind: "score", vectorWeight: 0.5 };
    const lex = this.bm25.search(query, depth, options.accept);
    const vec = this.vectors.search(queryVector, depth, options.accept);
    const hits = new Map<number, HybridHit>();
    const get = (id: number) => {
      let h = hits.get(id);
      if (!h) hits.set(id, (h = { id, score: 0, vector: 0, lexical: 0 }));
      return h;
    };
    const best = lex[0]?.score ?? 0;
    lex.forEach((l) => (get(l.id).lexical = best > 0 ? l.score / best : 0));
    vec.forEach((v) => (get(v.id).vector = Math.max(0, v.score)));
    if (fusion.kind === "score") {
      for (const h of hits.values()) h.score = fusion.vectorWeight * h.vector + (1 - fusion.vectorWeight) * h.lexical;
    } else {
      lex.forEach((l, rank) => (get(l.id).score += 1 / (fusion.k + rank + 1)));
      vec.forEach((v, rank) => (get(v.id).score += 1 / (fusion.k + rank + 1)));
      const top = Math.max(...[...hits.values()].map((h) => h.score), 1e-9);
      for (const h of hits.values()) h.score /= top;
    }
    return { hits: [...hits.values()].sort((a, b) => b.score - a.score || a.id - b.id).slice(0, options.k), bestLexical: best };
  }

  /**
   * Scores chosen documents exactly with score fusion, on the same scale as a search whose best
   * raw BM25 score was `bestLexical` (used to rank every line under a likely subheading).
   */
  scoreIds(query: string, queryVector: number[], ids: readonly number[], bestLexical: number, vectorWeight = 0.5): HybridHit[] {
    const lex = this.bm25.scoreDocs(query, ids);
    const cos = this.vectors.similarity(queryVector, ids);
    return ids.map((id, i) => {
      const lexical = bestLexical > 0 ? Math.min(1, lex[i]! / bestLexical) : 0;
      const vector = Math.max(0, cos[i]!);
      return { id, vector, lexical, score: vectorWeight * vector + (1 - vectorWeight) * lexical };
    });
  }
}
