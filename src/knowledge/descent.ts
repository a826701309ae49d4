/**
 * The descent classifier: it reads the schedule the way a broker does. It chooses among headings,
 * then among the subheadings of the likely headings, then the 8- and 10-digit lines, scoring each
 * set of siblings with the evidence of descent-evidence.ts combined by weights learned from earlier
 * rulings (a conditional logit per level, src/knowledge/descent-train.ts). A candidate's probability
 * is the product of its choices down the tree; the best paths are found best-first, so every
 * candidate is a declarable line of the loaded revision. The rationale names the words that
 * matched at each level, and the clarifying questions come from the level where the top candidates
 * part.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { DataError } from "../errors.ts";
import type { Candidate, Classification, ClassifierContext, ClassifyOptions, SupportingRuling } from "./classifier.ts";
import { clarifyingQuestions } from "./clarify.ts";
import { FEATURES, levelGroup, type ScheduleEvidence } from "./descent-evidence.ts";
import { siblingFeatures, type NodeFeatures } from "./descent-features.ts";
import { QueryEvidence } from "./descent-query.ts";
import type { HtsLine } from "./schedule.ts";
import { isDeclarable, isSpecialChapter, rulingProductText } from "./rulings.ts";
import { productPhrase } from "./product-noun.ts";
import { stem } from "./text.ts";
import { textVector, VectorTable } from "./semantic.ts";

/** Learned weights: one vector over FEATURES per level group (heading, subheading, 8, 10 digits). */
export interface DescentModel {
  version: 1;
  features: string[];
  weights: number[][];
  /** What the weights were fitted on (provenance, shown in the eval report). */
  trainedOn: { rulingsBefore: string; examples: number[]; rulings: number; l2: number };
  /** Ablation: features forced to zero (evaluation only). */
  disabled?: string[];
}

/** Tunable search settings (not learned). */
export interface DescentParams {
  neighbours: number;
  similarityPower: number;
  voteFloor: number;
  secondaryWeight: number;
  rulingVectorWeight: number;
  headingCandidates: number;
  scheduleHits: number;
  maxExpansions: number;
  lowConfidence: number;
  /**
   * Weight of the choices below the heading in a path's ranking score. A product of probabilities
   * favours headings with few, confident sub-lines over a likelier heading with many; weighing the
   * lower choices less keeps the heading choice in charge.
   */
  lowerWeight: number;
}

export const DESCENT_DEFAULTS: DescentParams = {
  neighbours: 40,
  similarityPower: 3,
  voteFloor: 2,
  secondaryWeight: 0.3,
  rulingVectorWeight: 0.5,
  headingCandidates: 100,
  scheduleHits: 40,
  maxExpansions: 40,
  lowConfidence: 0.5,
  lowerWeight: 1,
};

/** Reads the model file written by evals/train-descent.ts. */
export function loadDescentModel(knowledgeDir: string): DescentModel {
  const file = path.join(knowledgeDir, "classifier", "descent-model.json");
  let raw: DescentModel;
  try {
    raw = JSON.parse(readFileSync(file, "utf8")) as DescentModel;
  } catch (err) {
    throw new DataError(`Cannot read the descent classifier's weights ${file} (npm run train:descent builds it)`, "model_missing", err);
  }
  if (raw.version !== 1 || raw.features.join() !== FEATURES.join()) throw new DataError(`${file} was trained on other features; retrain it (npm run train:descent)`, "model_invalid");
  return raw;
}

/** One choice on a path: the line chosen, its probability among its siblings and why. */
export interface Step {
  line: HtsLine;
  p: number;
  matched: string[];
  siblings: number;
}

interface Path {
  steps: Step[];
  /** Ranking score: log-probability of the heading plus the weighted log-probabilities below it. */
  rank: number;
  logp: number;
}

interface Vote {
  ruling: number;
  known: string;
  original: string;
  status: SupportingRuling["status"];
  weight: number;
  similarity: number;
}

/** Everything the descent needs. */
export interface DescentContext extends ClassifierContext {
  evidence: ScheduleEvidence;
}

/** Heading > subheading > line classifier over the loaded schedule. */
export class DescentClassifier {
  readonly params: DescentParams;
  readonly model: DescentModel;
  readonly #ctx: DescentContext;
  readonly #weights: number[][];
  /** Rulings by the product noun of their text, and by noun with its modifier ("golf shoe"). */
  readonly #byNoun = new Map<string, number[]>();
  /** Word-vector points of the rulings' product texts (rows as `rulings`). */
  readonly #rulingVectors: VectorTable;

  constructor(ctx: DescentContext, model: DescentModel, params: Partial<DescentParams> = {}) {
    this.#ctx = ctx;
    ctx.rulings.forEach((r, id) => {
      if (!r.primary) return;
      for (const key of nounKeys(rulingProductText(r))) {
        const ids = this.#byNoun.get(key);
        if (ids) ids.push(id);
        else this.#byNoun.set(key, [id]);
      }
    });
    const vectors = ctx.evidence.lexicon.vectors;
    const idf = (t: string) => ctx.evidence.idf(t);
    this.#rulingVectors = new VectorTable(
      ctx.rulings.map((r) => textVector(vectors, rulingProductText(r), idf)),
      vectors.dimensions,
    );
    this.model = model;
    this.params = { ...DESCENT_DEFAULTS, ...params };
    const off = new Set(model.disabled ?? []);
    this.#weights = model.weights.map((w) => w.map((v, i) => (off.has(FEATURES[i]!) ? 0 : v)));
  }

  /** The schedule evidence this classifier measures with. */
  evidenceOf(): ScheduleEvidence {
    return this.#ctx.evidence;
  }

  /** Ruling votes per prefix and the votes themselves (for supporting rulings). */
  async evidence(description: string, options: ClassifyOptions = {}): Promise<{ query: QueryEvidence; votes: Vote[] }> {
    const p = this.params;
    const ctx = this.#ctx;
    const vector = await ctx.embed(description);
    const exclude = options.excludeRuling;
    const hits = ctx.rulingIndex.search(description, vector, {
      k: p.neighbours,
      fusion: { kind: "score", vectorWeight: p.rulingVectorWeight },
      accept: (id) => ctx.rulings[id]!.primary !== null && !(exclude?.(id) ?? false),
    });
    const share = new Map<string, number>();
    const votes: Vote[] = [];
    let total = 0;
    for (const hit of hits) {
      const w = Math.pow(hit.score, p.similarityPower);
      total += w;
      const ruling = ctx.rulings[hit.id]!;
      for (const code of ruling.codes) {
        if (!code.originalDigits || isSpecialChapter(code.originalDigits)) continue;
        const known = code.digits ?? code.validPrefix;
        if (!known) continue;
        const cw = code === ruling.primary ? w : w * p.secondaryWeight;
        votes.push({ ruling: hit.id, known, original: code.original, status: code.status, weight: cw, similarity: hit.score });
        for (let L = 4; L <= known.length; L += 2) share.set(known.slice(0, L), (share.get(known.slice(0, L)) ?? 0) + cw);
      }
    }
    const mass = Math.max(total, p.voteFloor);
    for (const [k, v] of share) share.set(k, v / mass);
    // Schedule search over whole path texts: the best line score under each prefix.
    const lines = ctx.tariffIndex.search(description, vector, { k: p.scheduleHits, fusion: { kind: "score", vectorWeight: 0.5 }, accept: (id) => !isSpecialChapter(ctx.tariffLines[id]!.digits) });
    const top = lines[0]?.score ?? 0;
    const sched = new Map<string, number>();
    for (const h of lines) {
      const d = ctx.tariffLines[h.id]!.digits;
      for (let L = 4; L <= d.length; L += 2) sched.set(d.slice(0, L), Math.max(sched.get(d.slice(0, L)) ?? 0, top > 0 ? h.score / top : 0));
    }
    // Earlier rulings on goods of the same name ("shoe", better "golf shoe"), by where they were classified.
    const nounShare = new Map<string, number>();
    let nounMass = 0;
    nounKeys(description).forEach((key, k) => {
      for (const id of this.#byNoun.get(key) ?? []) {
        if (exclude?.(id)) continue;
        const code = ctx.rulings[id]!.primary;
        const known = code && code.originalDigits && !isSpecialChapter(code.originalDigits) ? (code.digits ?? code.validPrefix) : null;
        if (!known) continue;
        const w = k === 0 ? 1 : 2;
        nounMass += w;
        for (let L = 4; L <= known.length; L += 2) nounShare.set(known.slice(0, L), (nounShare.get(known.slice(0, L)) ?? 0) + w);
      }
    });
    for (const [k, v] of nounShare) nounShare.set(k, v / Math.max(nounMass, p.voteFloor));
    // The earlier rulings nearest in word-vector space, by where they were classified.
    const qv = textVector(ctx.evidence.lexicon.vectors, description, (t) => ctx.evidence.idf(t));
    // Every ruling is compared while that is cheap; in a corpus the size of all CROSS, only the neighbours found above.
    const cos = this.#rulingVectors.size <= SEM_SCAN_LIMIT ? this.#rulingVectors.cosines(qv) : this.#rulingVectors.cosinesOf(qv, hits.map((h) => h.id));
    const pool = this.#rulingVectors.size <= SEM_SCAN_LIMIT ? [...cos.keys()] : hits.map((h) => h.id);
    const near = pool.filter((id) => cos[id]! > SEM_FLOOR && ctx.rulings[id]!.primary !== null && !(exclude?.(id) ?? false)).sort((a, b) => cos[b]! - cos[a]!).slice(0, SEM_NEIGHBOURS);
    const semShare = new Map<string, number>();
    let semMass = 0;
    for (const id of near) {
      const code = ctx.rulings[id]!.primary!;
      const known = code.originalDigits && !isSpecialChapter(code.originalDigits) ? (code.digits ?? code.validPrefix) : null;
      if (!known) continue;
      const w = ((cos[id]! - SEM_FLOOR) / (1 - SEM_FLOOR)) ** 2;
      semMass += w;
      for (let L = 4; L <= known.length; L += 2) semShare.set(known.slice(0, L), (semShare.get(known.slice(0, L)) ?? 0) + w);
    }
    for (const [k, v] of semShare) semShare.set(k, v / Math.max(semMass, 1));
    return { query: new QueryEvidence(ctx.evidence, description, share, sched, nounShare, semShare, qv), votes };
  }

  /** Scores one set of siblings: features, then a softmax of the level's weights. */
  score(query: QueryEvidence, siblings: readonly HtsLine[]): { features: NodeFeatures[]; p: number[] } {
    const features = siblingFeatures(this.#ctx.evidence, query, siblings);
    const logits = features.map((f, i) => dot(this.#weights[levelGroup(siblings[i]!)]!, f.x));
    const top = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - top));
    const z = e.reduce((a, b) => a + b, 0);
    return { features, p: e.map((v) => v / z) };
  }

  /** Best-first descent: the most probable declarable lines, best first. */
  descend(query: QueryEvidence, limit: number): Path[] {
    const ev = this.#ctx.evidence;
    const headings = query.headingCandidates(this.params.headingCandidates).map((d) => ev.node(d)!.line);
    // Paths share their prefixes: each node points to its parent choice.
    interface Node {
      line: HtsLine;
      p: number;
      siblings: number;
      parent: Node | null;
      logp: number;
      rank: number;
    }
    const frontier: Node[] = [];
    const lw = this.params.lowerWeight;
    const push = (base: Node | null, siblings: HtsLine[]) => {
      if (siblings.length === 0) return;
      const p = siblings.length === 1 ? [1] : this.score(query, siblings).p;
      siblings.forEach((line, i) => {
        if (p[i]! < 1e-6) return;
        const lp = Math.log(p[i]!);
        frontier.push({ line, p: p[i]!, siblings: siblings.length, parent: base, logp: (base?.logp ?? 0) + lp, rank: base ? base.rank + lw * lp : lp });
      });
    };
    push(null, headings);
    const done: Path[] = [];
    let expansions = 0;
    while (frontier.length > 0 && done.length < limit && expansions < this.params.maxExpansions) {
      let bi = 0;
      for (let i = 1; i < frontier.length; i++) if (frontier[i]!.rank > frontier[bi]!.rank) bi = i;
      const best = frontier[bi]!;
      frontier[bi] = frontier[frontier.length - 1]!;
      frontier.pop();
      if (isDeclarable(best.line)) {
        const steps: Step[] = [];
        for (let n: Node | null = best; n; n = n.parent) steps.unshift({ line: n.line, p: n.p, matched: [], siblings: n.siblings });
        done.push({ steps, rank: best.rank, logp: best.logp });
        continue;
      }
      expansions++;
      push(best, ev.children(best.line.digits));
    }
    return done;
  }

  /** Classifies one description; returns up to k candidates, best first. */
  async classify(description: string, options: ClassifyOptions = {}): Promise<Classification> {
    const k = options.k ?? 5;
    const { query, votes } = await this.evidence(description, options);
    const paths = this.descend(query, Math.max(k, 10));
    const candidates = paths.slice(0, k).map((path, i) => this.#candidate(path, votes, i < EXPLAINED ? query : undefined));
    const lowConfidence = (candidates[0]?.confidence ?? 0) < this.params.lowConfidence;
    return {
      description,
      origin: options.origin,
      revision: this.#ctx.schedule.revision,
      candidates,
      lowConfidence,
      questions: lowConfidence ? questionsWhereTheyPart(paths.slice(0, 3)) : [],
    };
  }

  #candidate(path: Path, votes: Vote[], explainWith?: QueryEvidence): Candidate {
    const ctx = this.#ctx;
    if (explainWith) for (const s of path.steps) if (s.siblings > 1) s.matched = siblingFeatures(ctx.evidence, explainWith, [s.line], true)[0]!.matched;
    const line = path.steps[path.steps.length - 1]!.line;
    const prob = Math.exp(path.logp);
    const support = new Map<number, SupportingRuling>();
    for (const v of [...votes].sort((a, b) => b.similarity - a.similarity)) {
      const match = v.known === line.digits ? "same code" : v.known.slice(0, 6) === line.digits.slice(0, 6) ? "same subheading" : null;
      if (!match || support.has(v.ruling)) continue;
      const r = ctx.rulings[v.ruling]!;
      support.set(v.ruling, { number: r.number, date: r.date, subject: r.subject, link: r.link, code: v.original, status: v.status, match, similarity: round(v.similarity) });
    }
    const rulings = [...support.values()].sort((a, b) => (a.match === b.match ? b.similarity - a.similarity : a.match === "same code" ? -1 : 1)).slice(0, 3);
    const levels = path.steps
      .filter((s) => s.siblings > 1)
      .map((s) => {
        const words = [...new Set(s.matched)].slice(0, 4);
        const what = s.line.description.length > 60 ? `${s.line.description.slice(0, 57)}...` : s.line.description;
        return `${s.line.code} "${what}" (${Math.round(s.p * 100)}% of ${s.siblings}${words.length ? `: ${words.join(", ")}` : ""})`;
      });
    const same = rulings.filter((r) => r.match === "same code");
    const parts = [...levels];
    if (same.length > 0) parts.push(`${same.length === 1 ? "a similar ruling" : `${same.length} similar rulings`} (${same.map((r) => r.number).join(", ")}) assigned this code`);
    return {
      code: line.code,
      digits: line.digits,
      score: round(prob),
      confidence: round(prob),
      description: line.description,
      pathText: line.pathText,
      rates: line.rates,
      units: line.units,
      rulings,
      rationale: `${parts.join("; ") || "only one line fits at each level"}.`,
    };
  }
}

/** Word-vector neighbours among earlier rulings: how many, and the cosine below which none counts. */
const SEM_NEIGHBOURS = 20;
const SEM_FLOOR = 0.6;
/** Rulings up to which every ruling's word-vector point is compared with the description. */
const SEM_SCAN_LIMIT = 50_000;

/** Lookup keys of a text's product noun: the stemmed noun, then noun with modifier. */
function nounKeys(text: string): string[] {
  const phrase = productPhrase(text);
  if (!phrase) return [];
  const head = stem(phrase.head);
  const mod = phrase.words.length > 1 ? stem(phrase.words[phrase.words.length - 2]!) : null;
  return mod ? [head, `${mod} ${head}`] : [head];
}

/** Questions from the first level where the leading paths choose different lines. */
function questionsWhereTheyPart(paths: Path[]): string[] {
  if (paths.length < 2) return [];
  const depth = Math.min(...paths.map((p) => p.steps.length));
  for (let d = 0; d < depth; d++) {
    const at = [...new Map(paths.map((p) => [p.steps[d]!.line.digits, p.steps[d]!.line])).values()];
    if (at.length > 1) return clarifyingQuestions(at);
  }
  return clarifyingQuestions(paths.map((p) => p.steps[p.steps.length - 1]!.line));
}

/** Candidates whose rationale names the matched words (the rest name the levels only). */
const EXPLAINED = 10;

function dot(w: readonly number[], x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += w[i]! * x[i]!;
  return s;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
