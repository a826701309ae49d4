/**
 * The HTS classifier. It ranks declarable lines of the loaded schedule (10-digit statistical lines,
 * and 8-digit lines that have none) by two kinds of evidence:
 *  - similar rulings: the nearest CROSS rulings (hybrid retrieval) vote for their codes, weighted by
 *    similarity; a stale code with no successor votes only for its still-valid prefix;
 *  - schedule text: the lines whose path text (heading > subheading > ... > line) matches the
 *    description, and every line under the most likely subheadings, scored exactly.
 * Evidence is pooled at every level (heading, subheading, tariff line, statistical line) and a
 * candidate's score sums the evidence for each of its ancestors, so candidates stay consistent with
 * the hierarchy and schedule text still decides for products no ruling covers.
 */
import type { HtsLine, Schedule } from "./schedule.ts";
import type { HybridIndex } from "./hybrid.ts";
import { isDeclarable, isSpecialChapter, type Ruling, type RulingCode } from "./rulings.ts";
import { clarifyingQuestions } from "./clarify.ts";

/** Tunable weights. The defaults were chosen only by the leave-one-out protocol of evals/classify-eval.ts. */
export interface ClassifierParams {
  /** Rulings consulted per query. */
  neighbours: number;
  /** Exponent on ruling similarity: higher trusts the closest rulings more. */
  similarityPower: number;
  /**
   * Minimum mass the ruling votes are divided by: when even the nearest rulings are only weakly
   * similar, their votes count for less instead of always summing to 1.
   */
  voteFloor: number;
  /** Vote weight of a ruling's secondary (non-primary) codes. */
  secondaryWeight: number;
  /** Weight of vector similarity (vs BM25) when retrieving rulings and schedule lines. */
  rulingVectorWeight: number;
  scheduleVectorWeight: number;
  /** Schedule lines retrieved per query. */
  scheduleHits: number;
  /** Subheadings whose every line is scored exactly. */
  expandSubheadings: number;
  /** Weight of ruling evidence at heading, subheading, tariff line and statistical line. */
  rulingLevels: [number, number, number, number];
  /** Weight of schedule evidence at the same four levels. */
  scheduleLevels: [number, number, number, number];
  /** Overall weight of schedule-text evidence relative to ruling evidence. */
  scheduleWeight: number;
  /** Softmax temperature turning scores into confidences (fitted for calibration). */
  temperature: number;
  /** Below this top confidence the answer is flagged as low confidence, with questions. */
  lowConfidence: number;
}

/** Defaults (chosen on leave-one-out over the development rulings; see evals/reports/classification.md). */
export const DEFAULT_PARAMS: ClassifierParams = {
  neighbours: 40,
  similarityPower: 3,
  voteFloor: 2,
  secondaryWeight: 0.3,
  rulingVectorWeight: 0.5,
  scheduleVectorWeight: 0.5,
  scheduleHits: 40,
  expandSubheadings: 3,
  rulingLevels: [0.1, 0.2, 0.2, 0.5],
  scheduleLevels: [0.1, 0.2, 0.3, 0.4],
  scheduleWeight: 0.15,
  temperature: 0.055,
  lowConfidence: 0.5,
};

/** What the classifier needs, passed in explicitly. */
export interface ClassifierContext {
  schedule: Schedule;
  rulings: readonly Ruling[];
  /** Hybrid index over `rulings` (ids are positions). */
  rulingIndex: HybridIndex;
  /** Hybrid index over `tariffLines` (ids are positions). */
  tariffIndex: HybridIndex;
  tariffLines: readonly HtsLine[];
  /** Embeds a query with the same function the indexes were built with. */
  embed: (text: string) => Promise<number[]>;
}

/** A ruling cited in support of a candidate. */
export interface SupportingRuling {
  number: string;
  date: string;
  subject: string;
  link: string;
  /** The ruling's code as written, and how it relates to this candidate. */
  code: string;
  status: RulingCode["status"];
  match: "same code" | "same subheading";
  similarity: number;
}

/** One ranked candidate. */
export interface Candidate {
  code: string;
  digits: string;
  score: number;
  /** Calibrated probability that this is the right code (see the calibration table in evals/reports). */
  confidence: number;
  description: string;
  pathText: string;
  rates: HtsLine["rates"];
  units: string[];
  rulings: SupportingRuling[];
  rationale: string;
}

/** The classifier's answer. */
export interface Classification {
  description: string;
  origin?: string;
  revision: string;
  candidates: Candidate[];
  lowConfidence: boolean;
  /** Facts that would decide between the top candidates (present when confidence is low). */
  questions: string[];
}

/** Per-call options. */
export interface ClassifyOptions {
  k?: number;
  origin?: string;
  /** Rulings (by position) to ignore, e.g. the ruling being evaluated and its duplicates. */
  excludeRuling?: (index: number) => boolean;
}

/** What classify_product and `tollgate classify` need of a classifier (the hybrid one below, or the descent one). */
export interface HtsClassifier {
  readonly params: { lowConfidence: number };
  classify(description: string, options?: ClassifyOptions): Promise<Classification>;
}

const LEVELS = [4, 6, 8, 10] as const;

interface Vote {
  ruling: number;
  code: RulingCode;
  weight: number;
  similarity: number;
}

/** Ranks declarable schedule lines for a product description. */
export class Classifier {
  readonly params: ClassifierParams;
  readonly #ctx: ClassifierContext;
  readonly #declarable: Uint8Array;
  readonly #bySubheading = new Map<string, number[]>();
  readonly #docByDigits = new Map<string, number>();

  constructor(ctx: ClassifierContext, params: Partial<ClassifierParams> = {}) {
    this.#ctx = ctx;
    this.params = { ...DEFAULT_PARAMS, ...params };
    this.#declarable = new Uint8Array(ctx.tariffLines.length);
    ctx.tariffLines.forEach((line, id) => {
      this.#docByDigits.set(line.digits, id);
      if (!isDeclarable(line) || isSpecialChapter(line.digits)) return;
      this.#declarable[id] = 1;
      const list = this.#bySubheading.get(line.digits.slice(0, 6)) ?? [];
      list.push(id);
      this.#bySubheading.set(line.digits.slice(0, 6), list);
    });
  }

  /** Classifies one description; returns up to k candidates, best first. */
  async classify(description: string, options: ClassifyOptions = {}): Promise<Classification> {
    const p = this.params;
    const ctx = this.#ctx;
    const k = options.k ?? 5;
    const vector = await ctx.embed(description);
    // Ruling evidence: votes pooled per prefix at each level, as shares of the total weight.
    const exclude = options.excludeRuling;
    const rulingHits = ctx.rulingIndex.search(description, vector, {
      k: p.neighbours,
      fusion: { kind: "score", vectorWeight: p.rulingVectorWeight },
      accept: (id) => ctx.rulings[id]!.primary !== null && !(exclude?.(id) ?? false),
    });
    const rulingEv = new Map<string, number>();
    const votes: Vote[] = [];
    let total = 0;
    for (const hit of rulingHits) {
      const w = Math.pow(hit.score, p.similarityPower);
      total += w;
      const ruling = ctx.rulings[hit.id]!;
      for (const code of ruling.codes) {
        if (!code.originalDigits || isSpecialChapter(code.originalDigits)) continue;
        const cw = code === ruling.primary ? w : w * p.secondaryWeight;
        votes.push({ ruling: hit.id, code, weight: cw, similarity: hit.score });
        const known = code.digits ?? code.validPrefix;
        if (!known) continue;
        for (const L of LEVELS) if (known.length >= L) rulingEv.set(known.slice(0, L), (rulingEv.get(known.slice(0, L)) ?? 0) + cw);
      }
    }
    const mass = Math.max(total, p.voteFloor);
    if (mass > 0) for (const [key, v] of rulingEv) rulingEv.set(key, v / mass);

    // Schedule evidence: best fused text score per prefix, the best line scaled to 1.
    const { hits: lineHits, bestLexical } = ctx.tariffIndex.searchDetailed(description, vector, {
      k: p.scheduleHits,
      fusion: { kind: "score", vectorWeight: p.scheduleVectorWeight },
      accept: (id) => this.#declarable[id] === 1,
    });
    const lineScore = new Map<number, number>(lineHits.map((h) => [h.id, h.score]));
    const sub6 = new Map<string, number>();
    const prefixScore = (key: string) => p.rulingLevels[1] * (rulingEv.get(key) ?? 0);
    for (const key of rulingEv.keys()) if (key.length === 6) sub6.set(key, prefixScore(key));
    for (const h of lineHits) {
      const key = this.#ctx.tariffLines[h.id]!.digits.slice(0, 6);
      sub6.set(key, Math.max(sub6.get(key) ?? 0, prefixScore(key) + p.scheduleWeight * p.scheduleLevels[1] * h.score));
    }
    const expand = [...sub6.entries()].sort((a, b) => b[1] - a[1]).slice(0, p.expandSubheadings);
    for (const [key] of expand) {
      const ids = (this.#bySubheading.get(key) ?? []).filter((id) => !lineScore.has(id));
      for (const h of ctx.tariffIndex.scoreIds(description, vector, ids, bestLexical, p.scheduleVectorWeight)) lineScore.set(h.id, h.score);
    }
    const maxLine = Math.max(1e-9, ...lineScore.values());
    const schedEv = new Map<string, number>();
    for (const [id, s] of lineScore) {
      const digits = ctx.tariffLines[id]!.digits;
      for (const L of LEVELS) {
        if (digits.length < L) continue;
        const key = digits.slice(0, L);
        schedEv.set(key, Math.max(schedEv.get(key) ?? 0, s / maxLine));
      }
    }

    // Candidates: every declarable line with any evidence of its own.
    const candidateIds = new Set<number>(lineScore.keys());
    for (const v of votes) {
      const id = v.code.digits ? this.#docByDigits.get(v.code.digits) : undefined;
      if (id !== undefined && this.#declarable[id] === 1) candidateIds.add(id);
    }
    const scored = [...candidateIds].map((id) => {
      const line = ctx.tariffLines[id]!;
      let score = 0;
      LEVELS.forEach((L, i) => {
        const key = line.digits.length >= L ? line.digits.slice(0, L) : line.digits;
        score += p.rulingLevels[i]! * (rulingEv.get(key) ?? 0) + p.scheduleWeight * p.scheduleLevels[i]! * (schedEv.get(key) ?? 0);
      });
      return { line, score };
    });
    scored.sort((a, b) => b.score - a.score || a.line.digits.localeCompare(b.line.digits));
    // Softmax over the leading candidates: the temperature was fitted so confidences are calibrated.
    const pool = scored.slice(0, 30);
    const top = pool[0]?.score ?? 0;
    const exps = pool.map((c) => Math.exp((c.score - top) / p.temperature));
    const z = exps.reduce((a, b) => a + b, 0) || 1;
    const candidates = pool.slice(0, k).map((c, i) => this.#candidate(c.line, c.score, exps[i]! / z, votes, schedEv));
    const lowConfidence = (candidates[0]?.confidence ?? 0) < p.lowConfidence;
    return {
      description,
      origin: options.origin,
      revision: ctx.schedule.revision,
      candidates,
      lowConfidence,
      questions: lowConfidence ? clarifyingQuestions(candidates.slice(0, 3).map((c) => ctx.schedule.get(c.digits)!)) : [],
    };
  }

  #candidate(line: HtsLine, score: number, confidence: number, votes: Vote[], schedEv: Map<string, number>): Candidate {
    const ctx = this.#ctx;
    const support = new Map<number, SupportingRuling>();
    for (const v of [...votes].sort((a, b) => b.similarity - a.similarity)) {
      const known = v.code.digits ?? v.code.validPrefix ?? "";
      const match = known === line.digits ? "same code" : known.slice(0, 6) === line.digits.slice(0, 6) ? "same subheading" : null;
      if (!match || support.has(v.ruling)) continue;
      const r = ctx.rulings[v.ruling]!;
      support.set(v.ruling, { number: r.number, date: r.date, subject: r.subject, link: r.link, code: v.code.original, status: v.code.status, match, similarity: round(v.similarity) });
    }
    const rulings = [...support.values()].sort((a, b) => (a.match === b.match ? b.similarity - a.similarity : a.match === "same code" ? -1 : 1)).slice(0, 3);
    const parts: string[] = [];
    const same = rulings.filter((r) => r.match === "same code");
    if (same.length > 0) parts.push(`${same.length === 1 ? "a similar ruling" : `${same.length} similar rulings`} (${same.map((r) => r.number).join(", ")}) assigned this code`);
    else if (rulings.length > 0) parts.push(`similar rulings (${rulings.map((r) => r.number).join(", ")}) fall in subheading ${line.code.slice(0, 7)}`);
    const text = schedEv.get(line.digits) ?? 0;
    if (text >= 0.6) parts.push(`the schedule text matches the description closely`);
    else if ((schedEv.get(line.digits.slice(0, 4)) ?? 0) >= 0.6) parts.push(`the heading text matches the description`);
    if (parts.length === 0) parts.push("weak evidence only: related rulings or heading text");
    return {
      code: line.code,
      digits: line.digits,
      score: round(score),
      confidence: round(confidence),
      description: line.description,
      pathText: line.pathText,
      rates: line.rates,
      units: line.units,
      rulings,
      rationale: `${parts.join("; ")}.`,
    };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
