/**
 * Evidence for the descent classifier: for a product description and one schedule line among its
 * siblings, a vector of named features (word overlap, WordNet mapping of commercial words to the
 * schedule's legal classes, word-vector similarity, ruling votes at that level, chapter-note
 * exclusions, attribute agreement, "Other" as the residual sibling). The weights that combine them
 * are learned (src/knowledge/descent-train.ts); this file only measures.
 */
import { Bm25Index } from "./bm25.ts";
import { matchAttributes, readAttributes, readRequirements, type Attributes, type LineRequirements } from "./attributes.ts";
import type { Lexicon } from "./lexicon.ts";
import type { HtsLine, Schedule } from "./schedule.ts";
import { isSpecialChapter } from "./rulings.ts";
import { ownText } from "./schedule-text.ts";
import { stem, terms, words } from "./text.ts";

/** Feature names, in vector order. */
export const FEATURES = [
  "lexNode",
  "lexHits",
  "wordnetNode",
  "vectorNode",
  "votes",
  "votesSqrt",
  "headingText",
  "headingWordnet",
  "exclusion",
  "other",
  "otherResidual",
  "attrAgree",
  "attrConflict",
  "chiefMaterial",
  "scheduleSearch",
  "lexHead",
  "semanticHead",
] as const;
export type FeatureName = (typeof FEATURES)[number];
export const F = Object.fromEntries(FEATURES.map((n, i) => [n, i])) as Record<FeatureName, number>;

/** Weight groups: one per level of the schedule. */
export const LEVEL_GROUPS = [4, 6, 8, 10] as const;
export function levelGroup(line: HtsLine): number {
  return LEVEL_GROUPS.indexOf(line.level);
}

const STOP = new Set(["of", "or", "and", "the", "for", "with", "other", "not", "whether", "than", "its", "their", "in", "on", "to", "a", "an", "by", "be", "used", "thereof", "parts", "nesoi", "excluding", "including", "kind", "kinds", "type", "types"]);

/** Precomputed text of one numbered line. */
export interface NodeText {
  line: HtsLine;
  /** Unique stemmed terms of the line's own text, with IDF. */
  terms: string[];
  idf: number[];
  idfSum: number;
  /** Word-vector ids of the own text's content words, with the IDF of each word's term. */
  vectorIds: number[];
  vectorIdf: number[];
  vectorWords: string[];
  isOther: boolean;
  ownText: string;
  /** What the line's own text requires of a product (read on first use). */
  requirements?: LineRequirements;
}

/** Per-process schedule evidence: node texts, IDF, heading documents, chapter exclusions. */
export class ScheduleEvidence {
  readonly schedule: Schedule;
  readonly lexicon: Lexicon;
  readonly headings: HtsLine[];
  readonly headingIndex: Bm25Index;
  readonly #nodes = new Map<string, NodeText>();
  readonly #idf = new Map<string, number>();
  readonly #maxIdf: number;
  readonly #exclusions = new Map<string, { terms: string[]; idf: number[]; idfSum: number; text: string }[]>();

  constructor(schedule: Schedule, lexicon: Lexicon, hs: Map<string, string>, exclusions: Map<string, string[]>) {
    this.schedule = schedule;
    this.lexicon = lexicon;
    const own = new Map<string, string>();
    for (const line of schedule.lines) {
      if (isSpecialChapter(line.digits)) continue;
      const parent = line.parent ? schedule.get(line.parent) : undefined;
      let text = ownText(line, parent);
      // The HS description adds the international wording of headings and subheadings.
      if (line.level === 4 || line.level === 6) text += ` ${hs.get(line.digits) ?? ""}`;
      else if (line.level === 8 && parent?.level === 4) text += ` ${hs.get(line.digits.slice(0, 6)) ?? ""}`;
      own.set(line.digits, text);
    }
    const df = new Map<string, number>();
    for (const text of own.values()) for (const t of new Set(terms(text))) df.set(t, (df.get(t) ?? 0) + 1);
    const n = own.size;
    for (const [t, d] of df) this.#idf.set(t, Math.log(1 + n / d));
    this.#maxIdf = Math.log(1 + n);
    for (const line of schedule.lines) {
      const text = own.get(line.digits);
      if (text === undefined) continue;
      const ts = [...new Set(terms(text))].filter((t) => !STOP.has(t));
      const idf = ts.map((t) => this.idf(t));
      const vecWords = new Map<number, { idf: number; word: string }>();
      for (const w of words(text)) {
        if (STOP.has(w) || w.length < 3 || /\d/.test(w)) continue;
        const id = lexicon.vectors.id(w);
        if (id >= 0 && !vecWords.has(id)) vecWords.set(id, { idf: this.idf(stem(w)), word: w });
      }
      this.#nodes.set(line.digits, {
        line,
        terms: ts,
        idf,
        idfSum: idf.reduce((a, b) => a + b, 0),
        // The line's most telling words (highest IDF) carry its meaning; at most NODE_WORDS are compared.
        ...topWords(vecWords),
        isOther: /^other\b/i.test(line.description.trim()),
        ownText: text,
      });
    }
    this.headings = schedule.lines.filter((l) => l.level === 4 && !isSpecialChapter(l.digits));
    // A heading's document: its own text and every line below it, so retrieval sees the whole heading.
    const docs = new Map<string, string[]>(this.headings.map((h) => [h.digits, [own.get(h.digits) ?? ""]]));
    for (const line of schedule.lines) if (line.level > 4) docs.get(line.digits.slice(0, 4))?.push(line.description);
    this.headingIndex = new Bm25Index(this.headings.map((h) => docs.get(h.digits)!.join(" ")));
    for (const [chapter, clauses] of exclusions) {
      this.#exclusions.set(
        chapter,
        clauses.map((c) => {
          const ts = [...new Set(terms(c))].filter((t) => !STOP.has(t) && !/^\d+$/.test(t) && t !== "heading" && t !== "chapter" && t !== "subheading" && t !== "section");
          const idf = ts.map((t) => this.idf(t));
          return { terms: ts, idf, idfSum: idf.reduce((a, b) => a + b, 0), text: c };
        }),
      );
    }
  }

  idf(term: string): number {
    return this.#idf.get(term) ?? this.#maxIdf;
  }

  node(digits: string): NodeText | undefined {
    return this.#nodes.get(digits);
  }

  /** Numbered children of a line, without chapters 98/99. */
  children(digits: string): HtsLine[] {
    return this.schedule.children(digits).filter((l) => this.#nodes.has(l.digits));
  }

  exclusions(chapter: string) {
    return this.#exclusions.get(chapter) ?? [];
  }
}

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

  constructor(ev: ScheduleEvidence, text: string, votes: Map<string, number>, scheduleSearch: Map<string, number> = new Map()) {
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
    for (const [d, s] of this.votes) if (d.length === 4) bump(d, 1 + s);
    for (const [d, s] of this.scheduleSearch) if (d.length === 4) bump(d, s);
    return [...score.entries()]
      .filter(([d]) => this.#ev.node(d))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([d]) => d);
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

/** Features of one line among its siblings, and the words that produced them (for the rationale). */
export interface NodeFeatures {
  digits: string;
  x: number[];
  matched: string[];
}

const VEC_FLOOR = 0.45;
/** How many content words open a description (its product name, usually). */
const HEAD_WORDS = 12;
/** Query words compared by vector (the opening words, then the highest-IDF others). */
const QUERY_WORDS = 24;
const NODE_WORDS = 10;

function topWords(vecWords: Map<number, { idf: number; word: string }>): { vectorIds: number[]; vectorIdf: number[]; vectorWords: string[] } {
  const top = [...vecWords.entries()].sort((a, b) => b[1].idf - a[1].idf || a[0] - b[0]).slice(0, NODE_WORDS);
  return { vectorIds: top.map(([id]) => id), vectorIdf: top.map(([, v]) => v.idf), vectorWords: top.map(([, v]) => v.word) };
}

/** Measures every sibling of one level; `explain` also collects the matched words (for rationales). */
export function siblingFeatures(ev: ScheduleEvidence, q: QueryEvidence, siblings: readonly HtsLine[], explain = false): NodeFeatures[] {
  const lexNodes: number[] = [];
  const out = siblings.map((line) => {
    const node = ev.node(line.digits)!;
    const x = new Array<number>(FEATURES.length).fill(0);
    const matched: string[] = [];
    let lex = 0;
    let wn = 0;
    let lexHead = 0;
    let semHead = 0;
    for (let i = 0; i < node.terms.length; i++) {
      const t = node.terms[i]!;
      if (q.headTerms.has(t)) lexHead += node.idf[i]!;
      else if (q.headExpansion.has(t)) semHead += node.idf[i]!;
      if (q.terms.has(t)) {
        lex += node.idf[i]!;
        if (explain) matched.push(t);
      } else {
        const e = q.expansion.get(t);
        if (e) {
          wn += node.idf[i]! * e.weight;
          if (explain && e.weight >= 0.7) matched.push(`${e.from} ~ ${t} (WordNet)`);
        }
      }
    }
    let vec = 0;
    let vecSum = 0;
    let vecHead = 0;
    for (let i = 0; i < node.vectorIds.length; i++) {
      const m = q.maxCos(node.vectorIds[i]!);
      if (m.head > VEC_FLOOR) vecHead += (node.vectorIdf[i]! * (m.head - VEC_FLOOR)) / (1 - VEC_FLOOR);
      vecSum += node.vectorIdf[i]!;
      if (m.cos > VEC_FLOOR) {
        vec += (node.vectorIdf[i]! * (m.cos - VEC_FLOOR)) / (1 - VEC_FLOOR);
        if (explain && m.cos > 0.6) matched.push(`${m.word} ≈ ${node.vectorWords[i]} (vectors ${m.cos.toFixed(2)})`);
      }
    }
    const denom = Math.max(node.idfSum, 1e-9);
    x[F.lexNode] = node.idfSum > 0 ? lex / denom : 0;
    x[F.lexHits] = Math.log1p(lex) / 4;
    x[F.wordnetNode] = node.idfSum > 0 ? wn / denom : 0;
    x[F.vectorNode] = vecSum > 0 ? vec / vecSum : 0;
    x[F.lexHead] = node.idfSum > 0 ? lexHead / denom : 0;
    x[F.semanticHead] = Math.min(1, (semHead + (vecSum > 0 ? (vecHead / vecSum) * node.idfSum : 0)) / denom);
    const votes = q.votes.get(line.digits) ?? 0;
    x[F.votes] = votes;
    x[F.votesSqrt] = Math.sqrt(votes);
    if (line.level === 4) {
      x[F.headingText] = q.headingText.get(line.digits) ?? 0;
      x[F.headingWordnet] = q.headingWordnet.get(line.digits) ?? 0;
      let excl = 0;
      for (const c of ev.exclusions(line.digits.slice(0, 2))) {
        if (c.idfSum <= 0) continue;
        let hit = 0;
        for (let i = 0; i < c.terms.length; i++) if (q.terms.has(c.terms[i]!)) hit += c.idf[i]!;
        excl = Math.max(excl, hit / c.idfSum);
      }
      x[F.exclusion] = excl;
    }
    x[F.scheduleSearch] = q.scheduleSearch.get(line.digits) ?? 0;
    x[F.other] = node.isOther ? 1 : 0;
    node.requirements ??= readRequirements(node.ownText);
    const attr = matchAttributes(q.attributes, node.requirements);
    x[F.attrAgree] = attr.agree;
    x[F.attrConflict] = attr.conflict;
    x[F.chiefMaterial] = attr.chiefMaterial ? 1 : 0;
    if (explain) matched.push(...attr.reasons);
    lexNodes.push(node.isOther ? 0 : x[F.lexNode]! + x[F.attrAgree]! * 0.5);
    return { digits: line.digits, x, matched };
  });
  // "Other" is the residual sibling: it gains when no specific sibling matches the product.
  const bestSpecific = Math.min(1, Math.max(0, ...lexNodes));
  for (const f of out) if (f.x[F.other] === 1) f.x[F.otherResidual] = 1 - bestSpecific;
  return out;
}
