/**
 * Word-level world knowledge, offline: word vectors distilled from GloVe and a WordNet extract
 * (both built by the scripts in knowledge/lexicon/). They let the classifier see that "jeans" are
 * trousers of denim and a "sneaker" is a shoe, although the schedule never says "jeans" or "sneaker".
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { DataError } from "../errors.ts";
import { stem, words } from "./text.ts";

/** Unit-length word vectors looked up by word (exact, then the plural-stemmed form). */
export class WordVectors {
  readonly dimensions: number;
  readonly size: number;
  readonly #index: Map<string, number>;
  readonly #data: Float32Array;

  constructor(vocab: string[], data: Float32Array, dimensions: number) {
    this.dimensions = dimensions;
    this.size = vocab.length;
    this.#data = data;
    this.#index = new Map(vocab.map((w, i) => [w, i]));
  }

  /** Reads the int8 file written by knowledge/lexicon/build-word-vectors.ts. */
  static load(file: string): WordVectors {
    const buf = readFileSync(file);
    if (buf.toString("latin1", 0, 4) !== "TGWV" || buf.readUInt32LE(4) !== 1) throw new DataError(`${file} is not a word-vector file (version 1)`, "lexicon_invalid");
    const n = buf.readUInt32LE(8);
    const d = buf.readUInt32LE(12);
    const vocabLen = buf.readUInt32LE(16);
    const vocab = buf.toString("utf8", 20, 20 + vocabLen).split("\n");
    let off = 20 + vocabLen;
    off += (4 - (vocabLen % 4)) % 4;
    const scales = new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + n * 4));
    off += n * 4;
    const q = new Int8Array(buf.buffer, buf.byteOffset + off, n * d);
    const data = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const s = scales[i]!;
      for (let k = 0; k < d; k++) data[i * d + k] = q[i * d + k]! * s;
    }
    return new WordVectors(vocab, data, d);
  }

  /** Row id of a word, or -1. */
  id(word: string): number {
    return this.#index.get(word) ?? this.#index.get(stem(word)) ?? -1;
  }

  /** Copies the vectors of row ids into one matrix (row-major), for repeated comparisons. */
  matrix(ids: readonly number[]): Float32Array {
    const d = this.dimensions;
    const m = new Float32Array(ids.length * d);
    ids.forEach((id, r) => m.set(this.#data.subarray(id * d, id * d + d), r * d));
    return m;
  }

  /** Cosine of a row id with each row of a matrix from `matrix()`, written into `out`. */
  cosines(id: number, m: Float32Array, out: Float32Array): void {
    const d = this.dimensions;
    const x = this.#data;
    const base = id * d;
    const rows = m.length / d;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      const o = r * d;
      for (let k = 0; k < d; k++) s += x[base + k]! * m[o + k]!;
      out[r] = s;
    }
  }

  /** Adds `weight` times the vector of a row id to `out`. */
  addTo(id: number, out: Float32Array, weight: number): void {
    const d = this.dimensions;
    const x = this.#data;
    for (let k = 0, i = id * d; k < d; k++, i++) out[k]! += weight * x[i]!;
  }

  /** Cosine similarity of two row ids (vectors are unit length). */
  cosine(a: number, b: number): number {
    if (a < 0 || b < 0) return 0;
    if (a === b) return 1;
    const d = this.dimensions;
    const x = this.#data;
    let s = 0;
    for (let k = 0, i = a * d, j = b * d; k < d; k++, i++, j++) s += x[i]! * x[j]!;
    return s;
  }
}

/** One WordNet sense as shipped: lemmas, hypernym sense ids, gloss, lexicographer file. */
interface Synset {
  w: string[];
  h: number[];
  g: string;
  f: string;
}

/** Words WordNet relates to a word, by relation. */
export interface WordRelations {
  synonyms: string[];
  hypernyms: string[];
  gloss: string[];
}

/** WordNet extract: synonyms, hypernym chains and glosses of nouns and adjectives. */
export class WordNet {
  readonly #synsets: Synset[];
  readonly #lemmas: Record<string, number[]>;
  readonly #cache = new Map<string, WordRelations | null>();

  constructor(synsets: Synset[], lemmas: Record<string, number[]>) {
    this.#synsets = synsets;
    this.#lemmas = lemmas;
  }

  /** Reads the extract written by knowledge/lexicon/build-wordnet.ts. */
  static load(file: string): WordNet {
    const raw = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as { version: number; synsets: Synset[]; lemmas: Record<string, number[]> };
    if (raw.version !== 1) throw new DataError(`${file}: unsupported WordNet extract version ${raw.version}`, "lexicon_invalid");
    return new WordNet(raw.synsets, raw.lemmas);
  }

  /** Number of lemmas. */
  get size(): number {
    return Object.keys(this.#lemmas).length;
  }

  /**
   * Relations of a word (or compound, words joined by spaces) over its first `senses` senses:
   * synonyms, hypernyms up to `depth` levels, and the content words of the glosses.
   */
  relations(word: string, senses = 2, depth = 2): WordRelations | null {
    const key = `${word}|${senses}|${depth}`;
    if (this.#cache.has(key)) return this.#cache.get(key)!;
    const ids = Object.hasOwn(this.#lemmas, word) ? this.#lemmas[word]! : Object.hasOwn(this.#lemmas, stem(word)) ? this.#lemmas[stem(word)]! : null;
    let out: WordRelations | null = null;
    if (ids) {
      const synonyms = new Set<string>();
      const hypernyms = new Set<string>();
      const gloss = new Set<string>();
      for (const id of ids.slice(0, senses)) {
        const s = this.#synsets[id]!;
        for (const l of s.w) if (l !== word) synonyms.add(l);
        for (const w of words(s.g)) gloss.add(w);
        let frontier = s.h;
        for (let d = 0; d < depth && frontier.length > 0; d++) {
          const next: number[] = [];
          for (const h of frontier) {
            const hs = this.#synsets[h]!;
            for (const l of hs.w.slice(0, 3)) hypernyms.add(l);
            next.push(...hs.h);
          }
          frontier = next;
        }
      }
      out = { synonyms: [...synonyms], hypernyms: [...hypernyms], gloss: [...gloss] };
    }
    this.#cache.set(key, out);
    return out;
  }

  /**
   * The lemmas a word names or falls under, each with its distance: 0 for the word's own senses
   * (synonyms), d for a hypernym d levels up, over its first `senses` senses; and the opening
   * words of each sense's gloss, where WordNet states the genus ("close-fitting trousers of ...").
   */
  lineage(word: string, senses = 3, depth = 5): { lemmas: { lemma: string; depth: number }[]; gloss: string[] } | null {
    const ids = Object.hasOwn(this.#lemmas, word) ? this.#lemmas[word]! : Object.hasOwn(this.#lemmas, stem(word)) ? this.#lemmas[stem(word)]! : null;
    if (!ids) return null;
    const best = new Map<string, number>();
    const gloss: string[] = [];
    const note = (l: string, d: number) => {
      if (!best.has(l) || best.get(l)! > d) best.set(l, d);
    };
    for (const id of ids.slice(0, senses)) {
      const s = this.#synsets[id]!;
      for (const l of s.w) note(l, 0);
      gloss.push(...words(s.g.split(/[;:]/)[0]!).slice(0, 8));
      let frontier = s.h;
      for (let d = 1; d <= depth && frontier.length > 0; d++) {
        const next: number[] = [];
        for (const h of frontier) {
          const hs = this.#synsets[h]!;
          for (const l of hs.w.slice(0, 4)) note(l, d);
          next.push(...hs.h);
        }
        frontier = next;
      }
    }
    return { lemmas: [...best.entries()].map(([lemma, depth]) => ({ lemma, depth })), gloss };
  }
}

/** The shipped word knowledge. */
export interface Lexicon {
  vectors: WordVectors;
  wordnet: WordNet;
}

/** Loads knowledge/lexicon/ (word vectors and the WordNet extract). */
export function loadLexicon(knowledgeDir: string): Lexicon {
  const dir = path.join(knowledgeDir, "lexicon");
  const vec = path.join(dir, "word-vectors.bin");
  const wn = path.join(dir, "wordnet-products.json.gz");
  for (const f of [vec, wn]) if (!existsSync(f)) throw new DataError(`Missing ${f}: run the build scripts in knowledge/lexicon/`, "lexicon_missing");
  return { vectors: WordVectors.load(vec), wordnet: WordNet.load(wn) };
}
