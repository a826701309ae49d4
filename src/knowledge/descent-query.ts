/**
 * What the descent classifier knows about one description, computed once per classification: its
 * terms and attributes, the WordNet expansion of its telling words, its product noun, heading
 * search scores (plain and expanded), the ruling votes per prefix, and the word-vector point.
 */
import { readAttributes, type Attributes } from "./attributes.ts";
import { STOP, type ScheduleEvidence } from "./descent-evidence.ts";
import { productNoun, type ProductNoun } from "./product-noun.ts";
import { textVector } from "./semantic.ts";
import { stem, terms, words } from "./text.ts";

/** Headings nearest the description in word-vector space that are always scored. */
const SEMANTIC_CANDIDATES = 15;
/** How many content words open a description (its product name, usually). */
const HEAD_WORDS = 12;
/** Query words compared by vector (the opening words, then the highest-IDF others). */
const QUERY_WORDS = 24;
/** Product-noun weight from which a heading holding the term becomes a candidate. */
const NOUN_CANDIDATE = 0.6;

/** A WordNet expansion term: its weight and the product word it came from. */
interface Expansion {
  weight: number;
  from: string;
  relation: "synonym" | "hypernym" | "gloss";
}

/** Everything about one query the features need, computed once per classification. */
export class QueryEvidence {
  readonly text: string;
  readonly attributes: Attributes;
  readonly terms: Map<string, number>;
  readonly expansion = new Map<string, Expansion>();
  readonly expandedQuery: string;
  /** Ruling vote share per prefix (4, 6, 8, 10 digits). */
  readonly votes: Map<string, number>;
  readonly headingText = new Map<string, number>();
  readonly headingWordnet = new Map<string, number>();
  /** Best hybrid (BM25 + vector) schedule-search score of a line at or below each prefix, best = 1. */
  readonly scheduleSearch: Map<string, number>;
  readonly #ev: ScheduleEvidence;
  /** Terms of the opening words, where a description names the product ("men's cotton jeans ..."). */
  readonly headTerms: Set<string>;
  /** WordNet expansions of the opening words only. */
  readonly headExpansion = new Set<string>();
  /** The telling query words with vectors (the opening words first), their matrix and scratch row. */
  readonly #queryWords: string[];
  readonly #queryIds: number[];
  readonly #headCount: number;
  readonly #matrix: Float32Array;
  readonly #scratch: Float32Array;
  readonly #maxCos = new Map<number, { cos: number; word: string; head: number }>();
  /** The product noun and the schedule terms it maps to. */
  readonly noun: ProductNoun | null;
  readonly #nounId: number;
  readonly #exclusion = new Map<string, number>();

  /** Vote share per prefix of earlier rulings on goods of the same name. */
  readonly nounVotes: Map<string, number>;

  /** Vote share per prefix of the earlier rulings nearest in word-vector space. */
  readonly semVotes: Map<string, number>;
  /** The description's word-vector point. */
  readonly vector: Float32Array;
  /** Cosine of the description to each heading's whole text, relative to the best heading (best = 1). */
  readonly semHeading = new Map<string, number>();

  constructor(ev: ScheduleEvidence, text: string, votes: Map<string, number>, scheduleSearch: Map<string, number> = new Map(), nounVotes: Map<string, number> = new Map(), semVotes: Map<string, number> = new Map(), vector?: Float32Array) {
    this.nounVotes = nounVotes;
    this.semVotes = semVotes;
    this.vector = vector ?? textVector(ev.lexicon.vectors, text, (t) => ev.idf(t));
    const cos = ev.headingVectors.cosines(this.vector);
    let bestCos = 0;
    for (const c of cos) if (c > bestCos) bestCos = c;
    const order = [...cos.keys()].sort((a, b) => cos[b]! - cos[a]!);
    for (const i of order.slice(0, 120)) this.semHeading.set(ev.headings[i]!.digits, bestCos > 0 ? Math.max(0, cos[i]!) / bestCos : 0);
    this.#ev = ev;
    this.text = text;
    this.votes = votes;
    this.scheduleSearch = scheduleSearch;
    this.attributes = readAttributes(text);
    this.terms = new Map();
    for (const t of terms(text)) this.terms.set(t, (this.terms.get(t) ?? 0) + 1);
    const ws = words(text).filter((w) => !STOP.has(w) && w.length >= 3 && !/\d/.test(w));
    const unique = [...new Set(ws)];
    // The query words that say most: highest IDF first (ties by first occurrence).
    const ranked = unique.map((w, i) => ({ w, i, idf: ev.idf(stem(w)) })).sort((a, b) => b.idf - a.idf || a.i - b.i);

    const head = ws.slice(0, HEAD_WORDS);
    this.headTerms = new Set(terms(head.join(" ")));
    const vectors = ev.lexicon.vectors;
    const headWords = [...new Set(head)].filter((w) => vectors.id(w) >= 0);
    const rest = ranked.map((r) => r.w).filter((w) => !headWords.includes(w) && vectors.id(w) >= 0).slice(0, Math.max(0, QUERY_WORDS - headWords.length));
    this.#queryWords = [...headWords, ...rest];
    this.#queryIds = this.#queryWords.map((w) => vectors.id(w));
    this.#headCount = headWords.length;
    this.#matrix = vectors.matrix(this.#queryIds);
    this.#scratch = new Float32Array(this.#queryIds.length);
    const wn = ev.lexicon.wordnet;
    const add = (lemma: string, weight: number, from: string, relation: Expansion["relation"]) => {
      for (const t of terms(lemma)) {
        if (STOP.has(t) || this.terms.has(t)) continue;
        const cur = this.expansion.get(t);
        if (!cur || cur.weight < weight) this.expansion.set(t, { weight, from, relation });
      }
    };
    // Compounds first ("light bulb"), then single words; only the 25 most telling words expand.
    const lookups: string[] = [];
    for (let i = 0; i + 1 < Math.min(ws.length, 60); i++) lookups.push(`${ws[i]} ${ws[i + 1]}`);
    lookups.push(...ranked.slice(0, 25).map((r) => r.w), ...head);
    const headSet = new Set(head);
    for (const w of lookups) {
      const rel = wn.relations(w, 2, 3);
      if (!rel) continue;
      if (headSet.has(w)) for (const l of [...rel.synonyms, ...rel.hypernyms]) for (const t of terms(l)) if (!STOP.has(t)) this.headExpansion.add(t);
      for (const s of rel.synonyms) add(s, 0.9, w, "synonym");
      for (const h of rel.hypernyms) add(h, 0.7, w, "hypernym");
      for (const g of rel.gloss) if (!STOP.has(g) && g.length >= 4) add(g, 0.3, w, "gloss");
    }
    // The heading search uses the 30 strongest expansions (weight x IDF), which bounds its cost.
    this.expandedQuery = [...this.expansion.entries()]
      .filter(([, e]) => e.weight >= 0.7)
      .map(([t, e]) => ({ t, s: e.weight * ev.idf(t) }))
      .sort((a, b) => b.s - a.s || a.t.localeCompare(b.t))
      .slice(0, 30)
      .map((x) => x.t)
      .join(" ");
    this.noun = productNoun(text, ev.lexicon, (t) => ev.isCommon(t));
    this.#nounId = this.noun ? vectors.id(this.noun.head) : -1;
    const headingHits = ev.headingIndex.search(text, 60);
    const best = headingHits[0]?.score ?? 0;
    for (const h of headingHits) this.headingText.set(ev.headings[h.id]!.digits, best > 0 ? h.score / best : 0);
    if (this.expandedQuery) {
      const wnHits = ev.headingIndex.search(this.expandedQuery, 60);
      const b2 = wnHits[0]?.score ?? 0;
      for (const h of wnHits) this.headingWordnet.set(ev.headings[h.id]!.digits, b2 > 0 ? h.score / b2 : 0);
    }
  }

  /** Heading candidates worth scoring: by heading text, WordNet-expanded text and ruling votes. */
  headingCandidates(limit: number): string[] {
    const score = new Map<string, number>();
    const bump = (d: string, s: number) => score.set(d, Math.max(score.get(d) ?? 0, s));
    for (const [d, s] of this.headingText) bump(d, s);
    for (const [d, s] of this.headingWordnet) bump(d, 0.8 * s);
    const isHeading = (d: string) => this.#ev.node(d)?.line.parent === null;
    for (const [d, s] of this.votes) if (isHeading(d)) bump(d, 1 + s);
    for (const [d, s] of this.scheduleSearch) if (isHeading(d)) bump(d, s);
    for (const [d, s] of this.nounVotes) if (isHeading(d)) bump(d, 1 + s);
    for (const [d, s] of this.semVotes) if (isHeading(d)) bump(d, 1 + s);
    [...this.semHeading.keys()].slice(0, SEMANTIC_CANDIDATES).forEach((d) => bump(d, 1));
    for (const [t, w] of this.noun?.terms ?? []) if (w >= NOUN_CANDIDATE) for (const d of this.#ev.headingsWith(t)) bump(d, w);
    return [...score.entries()]
      .filter(([d]) => this.#ev.node(d))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([d]) => d);
  }

  /** How far the description matches the best exclusion clause of a chapter's notes (cached per chapter). */
  exclusion(chapter: string): number {
    let excl = this.#exclusion.get(chapter);
    if (excl === undefined) {
      excl = 0;
      for (const c of this.#ev.exclusions(chapter)) {
        if (c.idfSum <= 0) continue;
        let hit = 0;
        for (let i = 0; i < c.terms.length; i++) if (this.terms.has(c.terms[i]!)) hit += c.idf[i]!;
        excl = Math.max(excl, hit / c.idfSum);
      }
      this.#exclusion.set(chapter, excl);
    }
    return excl;
  }

  /** Word-vector cosine of the product noun to a vocabulary word (0 when either is unknown). */
  nounCosine(id: number): number {
    return this.#nounId >= 0 && id !== this.#nounId ? this.#ev.lexicon.vectors.cosine(this.#nounId, id) : this.#nounId === id && id >= 0 ? 1 : 0;
  }

  /**
   * Best cosine of a vocabulary word to any telling query word (`cos`, `word`) and to the opening
   * words only (`head`), cached per query.
   */
  maxCos(id: number): { cos: number; word: string; head: number } {
    let m = this.#maxCos.get(id);
    if (!m) {
      const out = this.#scratch;
      this.#ev.lexicon.vectors.cosines(id, this.#matrix, out);
      let best = 0;
      let bi = -1;
      let head = 0;
      for (let r = 0; r < out.length; r++) {
        const c = out[r]! > 0.999 ? 0 : out[r]!;
        if (c > best) {
          best = c;
          bi = r;
        }
        if (r < this.#headCount && c > head) head = c;
      }
      m = { cos: best, word: bi >= 0 ? this.#queryWords[bi]! : "", head };
      this.#maxCos.set(id, m);
    }
    return m;
  }
}
