/**
 * Texts as points in word-vector space: the IDF-weighted mean of the GloVe-derived vectors of a
 * text's content words, with the words of its product name weighted up. Two texts that name the
 * same goods in different words ("skillet" and "frying pan", "sneakers" and "athletic shoes") lie
 * close, where the lexical index and the local hashed embedding see nothing in common. The descent
 * uses it to find earlier rulings on similar goods and headings whose text is about them.
 */
import type { WordVectors } from "./lexicon.ts";
import { productPhrase } from "./product-noun.ts";
import { stem, words } from "./text.ts";

const SKIP = new Set(["the", "of", "and", "or", "for", "with", "other", "not", "than", "its", "in", "on", "to", "by", "be", "is", "are", "was", "which", "that", "this", "from", "as", "an", "at", "it", "has", "have", "used", "item", "items", "product", "products", "merchandise", "subject", "described", "classification", "tariff", "ruling", "request", "your", "you", "our", "we", "will", "can", "also", "such", "whether", "thereof"]);
/** Weight of the product name's words, and of its head noun, against the other words. */
const NAME_WEIGHT = 3;
const HEAD_WEIGHT = 5;
const MAX_WORDS = 80;

/** A unit vector for a text (all zero when no word has a vector). */
export function textVector(vectors: WordVectors, text: string, idf: (term: string) => number, nameWeighted = true, maxWords = MAX_WORDS): Float32Array {
  const out = new Float32Array(vectors.dimensions);
  const phrase = nameWeighted ? productPhrase(text) : null;
  const name = new Set(phrase?.words ?? []);
  const seen = new Set<number>();
  for (const w of words(text).slice(0, maxWords)) {
    if (SKIP.has(w) || w.length < 3 || /\d/.test(w)) continue;
    const id = vectors.id(w);
    if (id < 0 || seen.has(id)) continue;
    seen.add(id);
    const boost = w === phrase?.head ? HEAD_WEIGHT : name.has(w) ? NAME_WEIGHT : 1;
    vectors.addTo(id, out, boost * idf(stem(w)));
  }
  return normalise(out);
}

export function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (let k = 0; k < v.length; k++) n += v[k]! * v[k]!;
  n = Math.sqrt(n);
  if (n > 0) for (let k = 0; k < v.length; k++) v[k]! /= n;
  return v;
}

/** Many unit vectors in one block, searched by cosine. */
export class VectorTable {
  readonly dimensions: number;
  readonly #data: Float32Array;
  readonly size: number;

  constructor(rows: Float32Array[], dimensions: number) {
    this.dimensions = dimensions;
    this.size = rows.length;
    this.#data = new Float32Array(rows.length * dimensions);
    rows.forEach((r, i) => this.#data.set(r, i * dimensions));
  }

  /** Cosine of a unit query vector with chosen rows (others stay 0). */
  cosinesOf(q: Float32Array, rows: readonly number[]): Float32Array {
    const d = this.dimensions;
    const out = new Float32Array(this.size);
    const x = this.#data;
    for (const r of rows) {
      let s = 0;
      for (let k = 0, o = r * d; k < d; k++, o++) s += x[o]! * q[k]!;
      out[r] = s;
    }
    return out;
  }

  /** Cosine of a unit query vector with every row. */
  cosines(q: Float32Array): Float32Array {
    const d = this.dimensions;
    const out = new Float32Array(this.size);
    const x = this.#data;
    for (let r = 0; r < this.size; r++) {
      let s = 0;
      for (let k = 0, o = r * d; k < d; k++, o++) s += x[o]! * q[k]!;
      out[r] = s;
    }
    return out;
  }
}
