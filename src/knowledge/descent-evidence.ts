/**
 * Evidence for the descent classifier: for a product description and one schedule line among its
 * siblings, a vector of named features (word overlap, WordNet mapping of commercial words to the
 * schedule's legal classes, word-vector similarity, ruling votes at that level, chapter-note
 * exclusions, attribute agreement, "Other" as the residual sibling). The weights that combine them
 * are learned (src/knowledge/descent-train.ts); this file only measures. It holds the feature
 * names and the per-process schedule evidence; the per-query evidence is in descent-query.ts and
 * the features of one set of siblings in descent-features.ts.
 */
import { Bm25Index } from "./bm25.ts";
import type { LineRequirements } from "./attributes.ts";
import type { Lexicon } from "./lexicon.ts";
import type { HtsLine, Schedule } from "./schedule.ts";
import { isSpecialChapter } from "./rulings.ts";
import { ownText } from "./schedule-text.ts";
import { textVector, VectorTable } from "./semantic.ts";
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
  "nounOwn",
  "nounTree",
  "nounVector",
  "nounVotes",
  "semNode",
  "semHeading",
  "semVotes",
] as const;
export type FeatureName = (typeof FEATURES)[number];
export const F = Object.fromEntries(FEATURES.map((n, i) => [n, i])) as Record<FeatureName, number>;

/** Weight groups: one per level of the schedule. */
export const LEVEL_GROUPS = [4, 6, 8, 10] as const;
/**
 * A heading is a top-level numbered line: a 4-digit row, or, where the schedule has none (a
 * heading with a single line, e.g. 9503.00.00), that line itself. Headings share the first group.
 */
export function levelGroup(line: HtsLine): number {
  return line.parent === null ? 0 : LEVEL_GROUPS.indexOf(line.level);
}

export const STOP = new Set(["of", "or", "and", "the", "for", "with", "other", "not", "whether", "than", "its", "their", "in", "on", "to", "a", "an", "by", "be", "used", "thereof", "parts", "nesoi", "excluding", "including", "kind", "kinds", "type", "types"]);

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
  /** Word-vector point of the own text (computed on first use). */
  vector?: Float32Array;
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
  /** Terms of each line and every line below it. */
  readonly #tree = new Map<string, Set<string>>();
  /** Word-vector points of the headings' whole texts (rows as `headings`). */
  readonly headingVectors: VectorTable;
  /** Headings whose tree holds a term. */
  readonly #headingsWith = new Map<string, string[]>();

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
      else if (line.parent === null) text += ` ${hs.get(line.digits.slice(0, 4)) ?? ""} ${hs.get(line.digits.slice(0, 6)) ?? ""}`;
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
    for (const line of schedule.lines) {
      const node = this.#nodes.get(line.digits);
      if (!node) continue;
      for (let L = 4; L <= line.digits.length; L += 2) {
        const k = line.digits.slice(0, L);
        if (!this.#nodes.has(k)) continue;
        let set = this.#tree.get(k);
        if (!set) this.#tree.set(k, (set = new Set()));
        for (const t of node.terms) set.add(t);
      }
    }
    this.headings = schedule.lines.filter((l) => l.parent === null && this.#nodes.has(l.digits));
    for (const h of this.headings) for (const t of this.#tree.get(h.digits) ?? []) this.#headingsWith.set(t, [...(this.#headingsWith.get(t) ?? []), h.digits]);
    // A heading's document: its own text and every line below it, so retrieval sees the whole heading.
    const docs = new Map<string, string[]>(this.headings.map((h) => [h.digits, [own.get(h.digits) ?? ""]]));
    for (const line of schedule.lines) if (line.parent !== null) docs.get(schedule.lineage(line.digits)[0]?.digits ?? "")?.push(line.description);
    this.headingIndex = new Bm25Index(this.headings.map((h) => docs.get(h.digits)!.join(" ")));
    const idf = (t: string) => this.idf(t);
    this.headingVectors = new VectorTable(
      this.headings.map((h) => textVector(lexicon.vectors, docs.get(h.digits)!.join(" "), idf, false, HEADING_WORDS)),
      lexicon.vectors.dimensions,
    );
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

  /** Word-vector point of a line's own text (computed on first use). */
  nodeVector(digits: string): Float32Array | null {
    const node = this.#nodes.get(digits);
    if (!node) return null;
    node.vector ??= textVector(this.lexicon.vectors, node.ownText, (t) => this.idf(t), false);
    return node.vector;
  }

  /** Terms of a line and of every line below it. */
  treeTerms(digits: string): Set<string> {
    return this.#tree.get(digits) ?? new Set();
  }

  /** Headings with a term somewhere in their tree. */
  headingsWith(term: string): readonly string[] {
    return this.#headingsWith.get(term) ?? [];
  }

  /** Terms in so many lines that they do not tell headings apart ("article", "machine"). */
  isCommon(term: string): boolean {
    return this.idf(term) < COMMON_IDF;
  }

  exclusions(chapter: string) {
    return this.#exclusions.get(chapter) ?? [];
  }
}

/** IDF below which a term is too common to name a product (in more than about 5% of lines). */
const COMMON_IDF = 3;
/** Words of a heading's whole text that make its word-vector point. */
const HEADING_WORDS = 400;
/** Words of a line compared by vector (its most telling ones). */
const NODE_WORDS = 10;

function topWords(vecWords: Map<number, { idf: number; word: string }>): { vectorIds: number[]; vectorIdf: number[]; vectorWords: string[] } {
  const top = [...vecWords.entries()].sort((a, b) => b[1].idf - a[1].idf || a[0] - b[0]).slice(0, NODE_WORDS);
  return { vectorIds: top.map(([id]) => id), vectorIdf: top.map(([, v]) => v.idf), vectorWords: top.map(([, v]) => v.word) };
}
