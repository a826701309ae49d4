/**
 * A BM25 lexical index. Exact words matter in tariff text ("knitted", "lithium", "stainless"), and
 * hashed embeddings blur them, so lexical and vector rankings are fused (see hybrid.ts).
 */
import { terms } from "./text.ts";

/** One scored document. */
export interface ScoredId {
  id: number;
  score: number;
}

/** Okapi BM25 over documents identified by their position (0..n-1). */
export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  readonly #postings = new Map<string, { ids: Int32Array; tfs: Float32Array }>();
  readonly #lengths: Float32Array;
  readonly #avgLength: number;
  readonly size: number;

  constructor(texts: readonly string[], options: { k1?: number; b?: number } = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.size = texts.length;
    this.#lengths = new Float32Array(texts.length);
    const tmp = new Map<string, { ids: number[]; tfs: number[] }>();
    texts.forEach((text, id) => {
      const ts = terms(text);
      this.#lengths[id] = ts.length;
      const counts = new Map<string, number>();
      for (const t of ts) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [t, c] of counts) {
        const p = tmp.get(t) ?? { ids: [], tfs: [] };
        p.ids.push(id);
        p.tfs.push(c);
        tmp.set(t, p);
      }
    });
    for (const [t, p] of tmp) this.#postings.set(t, { ids: Int32Array.from(p.ids), tfs: Float32Array.from(p.tfs) });
    let total = 0;
    for (const l of this.#lengths) total += l;
    this.#avgLength = texts.length > 0 ? total / texts.length : 0;
  }

  /** Inverse document frequency of a term (BM25+ style, never negative). */
  idf(term: string): number {
    const df = this.#postings.get(term)?.ids.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** BM25 scores of the query against chosen documents (0 when no term matches). */
  scoreDocs(query: string, ids: readonly number[]): number[] {
    const wanted = new Map<number, number>(ids.map((id) => [id, 0]));
    for (const t of new Set(terms(query))) {
      const p = this.#postings.get(t);
      if (!p) continue;
      const idf = this.idf(t);
      for (let i = 0; i < p.ids.length; i++) {
        const id = p.ids[i]!;
        if (!wanted.has(id)) continue;
        const tf = p.tfs[i]!;
        const norm = this.k1 * (1 - this.b + (this.b * this.#lengths[id]!) / (this.#avgLength || 1));
        wanted.set(id, wanted.get(id)! + (idf * tf * (this.k1 + 1)) / (tf + norm));
      }
    }
    return ids.map((id) => wanted.get(id)!);
  }

  /**
   * The k best documents for a query. `accept` filters by id (e.g. a date range or leave-one-out
   * exclusion) before ranking, so filtered-out documents never take a slot.
   */
  search(query: string, k: number, accept?: (id: number) => boolean): ScoredId[] {
    const scores = new Map<number, number>();
    const seen = new Set<string>();
    for (const t of terms(query)) {
      if (seen.has(t)) continue;
      seen.add(t);
      const p = this.#postings.get(t);
      if (!p) continue;
      const idf = this.idf(t);
      for (let i = 0; i < p.ids.length; i++) {
        const id = p.ids[i]!;
        const tf = p.tfs[i]!;
        const norm = this.k1 * (1 - this.b + (this.b * this.#lengths[id]!) / (this.#avgLength || 1));
        scores.set(id, (scores.get(id) ?? 0) + (idf * tf * (this.k1 + 1)) / (tf + norm));
      }
    }
    const out: ScoredId[] = [];
    for (const [id, score] of scores) if (!accept || accept(id)) out.push({ id, score });
    out.sort((a, b) => b.score - a.score || a.id - b.id);
    return out.slice(0, k);
  }
}
