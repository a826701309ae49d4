/**
 * Scoring shared by the protocols of `npm run eval:classify`, and its time split: every development
 * ruling dated in a test window is classified with the ruling index restricted, by the classifier's
 * query-time exclusion filter, to rulings dated before the window. Unlike leave-one-out, a test
 * ruling's near-twins from the same weeks are not in the index, which is the situation of a ruling
 * from a later month. Nothing is rebuilt; the IDF of the local embedding and BM25 still comes from
 * all indexed texts (unsupervised, no labels).
 */
import type { HtsClassifier } from "../src/knowledge/classifier.ts";
import type { KnowledgeBase } from "../src/knowledge/knowledge-base.ts";

export const LEVELS = [2, 4, 6, 8, 10] as const;

/** One evaluated ruling. */
export interface Case {
  index: number;
  number: string;
  gold: string;
  goldStatus: string;
  /** Predicted digits, best first (up to the pool size) with their scores. */
  predicted: string[];
  scores: number[];
  /** The classifier's confidence in its top candidate. */
  confidence: number;
  ms: number;
  /** Whether another (non-duplicate, or for the time split: training) ruling has the same primary code / subheading. */
  seen10: boolean;
  seen6: boolean;
}

export function matches(pred: string, gold: string, level: number): boolean {
  if (gold.length < level || pred.length < level) return pred === gold;
  return pred.slice(0, level) === gold.slice(0, level);
}

/** Softmax confidence of the top candidate at temperature t. */
export function topConfidence(scores: number[], t: number): number {
  if (scores.length === 0) return 0;
  const top = scores[0]!;
  let z = 0;
  for (const s of scores) z += Math.exp((s - top) / t);
  return 1 / z;
}

export function accuracy(cases: Case[], level: number, topK: number): number {
  if (cases.length === 0) return 0;
  return cases.filter((c) => c.predicted.slice(0, topK).some((p) => matches(p, c.gold, level))).length / cases.length;
}

/** Top-1 and top-5 accuracy at every level. */
export function summary(cases: Case[]): Record<string, Record<string, number>> {
  const acc: Record<string, Record<string, number>> = {};
  for (const k of [1, 5]) acc[`top${k}`] = Object.fromEntries(LEVELS.map((L) => [`${L}`, accuracy(cases, L, k)]));
  return acc;
}

/** Scored primary code of a ruling: its successor when mapped, as written when stale. */
export function goldOf(kb: KnowledgeBase, i: number): string {
  const p = kb.rulings[i]!.primary;
  return p ? (p.digits ?? p.originalDigits ?? "") : "";
}

/** Test window and training cut-off (ISO dates; the index holds only rulings dated before `trainBefore`). */
export const TIME_SPLIT = { trainBefore: "2026-04-01", testFrom: "2026-04-01", testTo: "2026-06-30" };
const TIME_SPLIT_THRESHOLDS = [0.2, 0.5];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const normText = (t: string) => t.toLowerCase().replace(/\s+/g, " ").trim();

/** Runs the time split and summarises it; `looCases` gives leave-one-out figures on the same rulings. */
export async function runTimeSplit(kb: KnowledgeBase, classifier: HtsClassifier, pool: number, temperature: number, looCases: Case[], limit?: number) {
  const { cases, unseenAny, textTwins, trainWithCode } = await timeSplitCases(kb, classifier, pool, limit);
  return summariseTimeSplit(cases, unseenAny, textTwins, trainWithCode.length, temperature, looCases);
}

/** Classifies the time split's test rulings against the earlier ones. */
export async function timeSplitCases(kb: KnowledgeBase, classifier: HtsClassifier, pool: number, limit?: number) {
  const { trainBefore, testFrom, testTo } = TIME_SPLIT;
  // Undated rulings can be placed on neither side, so they are neither indexed nor tested.
  const training = new Set(kb.rulings.map((_, i) => i).filter((i) => kb.rulings[i]!.date !== "" && kb.rulings[i]!.date < trainBefore));
  const excludeRuling = (id: number) => !training.has(id);
  const trainWithCode = [...training].filter((i) => kb.rulings[i]!.primary?.originalDigits);
  const train10 = new Set(trainWithCode.map((i) => goldOf(kb, i)));
  const train6 = new Set(trainWithCode.map((i) => goldOf(kb, i).slice(0, 6)));
  const trainAny = new Set([...training].flatMap((i) => kb.rulings[i]!.codes.map((c) => c.digits ?? c.originalDigits ?? "")));
  const trainTexts = new Set([...training].map((i) => normText(kb.rulingTexts[i]!)));
  const test = kb.rulings
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.primary?.originalDigits && r.date >= testFrom && r.date <= testTo)
    .slice(0, limit);
  const cases: Case[] = [];
  let unseenAny = 0;
  let textTwins = 0;
  for (const { r, i } of test) {
    const text = kb.rulingTexts[i]!;
    const t0 = performance.now();
    const res = await classifier.classify(text, { k: pool, excludeRuling });
    const ms = performance.now() - t0;
    const gold = goldOf(kb, i);
    if (!trainAny.has(gold)) unseenAny++;
    if (trainTexts.has(normText(text))) textTwins++;
    cases.push({
      index: i,
      number: r.number,
      gold,
      goldStatus: r.primary!.status,
      predicted: res.candidates.map((c) => c.digits),
      scores: res.candidates.map((c) => c.score),
      confidence: res.candidates[0]?.confidence ?? 0,
      ms,
      seen10: train10.has(gold),
      seen6: train6.has(gold.slice(0, 6)),
    });
  }
  return { cases, unseenAny, textTwins, trainWithCode };
}

function summariseTimeSplit(cases: Case[], unseenAny: number, textTwins: number, trainingRulings: number, temperature: number, looCases: Case[]) {
  const { trainBefore, testFrom, testTo } = TIME_SPLIT;
  const split = (sub: Case[]) => ({ rulings: sub.length, top1_10: accuracy(sub, 10, 1), top5_10: accuracy(sub, 10, 5), top1_6: accuracy(sub, 6, 1) });
  const conf = cases.map((c) => topConfidence(c.scores, temperature));
  const coverage = TIME_SPLIT_THRESHOLDS.map((th) => {
    const kept = cases.filter((_, i) => conf[i]! >= th);
    return { threshold: th, coverage: cases.length ? kept.length / cases.length : 0, accuracy10: accuracy(kept, 10, 1), accuracy6: accuracy(kept, 6, 1) };
  });
  const testIds = new Set(cases.map((c) => c.index));
  const n = cases.length || 1;
  return {
    protocol: `development rulings dated ${testFrom}..${testTo} classified with the ruling index restricted at query time to rulings dated before ${trainBefore} (all rulings dated on/after it excluded, including the test ruling's exact-text duplicates); same input text, scoring and parameters as leave-one-out; parameters not tuned on this split`,
    ...TIME_SPLIT,
    trainingRulings,
    testRulings: cases.length,
    accuracy: summary(cases),
    /** Share of test rulings whose gold 10-digit code is the primary code of no training ruling. */
    goldCodeUnseenShare: cases.filter((c) => !c.seen10).length / n,
    /** Share whose gold code is not even a secondary code of a training ruling. */
    goldCodeInNoTrainingCodeShare: unseenAny / n,
    goldSubheadingUnseenShare: cases.filter((c) => !c.seen6).length / n,
    /** Test rulings whose exact (normalised) text also occurs in a training ruling. */
    exactTextTwinInTraining: textTwins,
    bySeen: {
      goldCodeInTrainingRuling: split(cases.filter((c) => c.seen10)),
      goldCodeInNoTrainingRuling: split(cases.filter((c) => !c.seen10)),
      goldSubheadingInNoTrainingRuling: split(cases.filter((c) => !c.seen6)),
    },
    coverage,
    leaveOneOutSameRulings: {
      ...split(looCases.filter((c) => testIds.has(c.index))),
      /** Share whose gold code is the primary code of some other (non-duplicate) development ruling. */
      goldCodeSeenShare: looCases.filter((c) => testIds.has(c.index) && c.seen10).length / n,
    },
  };
}

export type TimeSplit = Awaited<ReturnType<typeof runTimeSplit>>;

/** The time-split section of classification.md. */
export function timeSplitMarkdown(ts: TimeSplit): string[] {
  const row = (k: "top1" | "top5") => `| top-${k.slice(3)} | ${LEVELS.map((L) => pct(ts.accuracy[k]![`${L}`]!)).join(" | ")} |`;
  const loo = ts.leaveOneOutSameRulings;
  return [
    `## Time split (test ${ts.testFrom}..${ts.testTo}, index before ${ts.trainBefore})`,
    "",
    `This is the better predictor of accuracy on rulings from later months, such as held-out rulings dated 2026-07-01 onward. Leave-one-out removes only the ruling itself and its exact-text duplicates, so rulings issued in the same weeks on closely related products stay in the index and vote for their codes; a ruling from a later month has no such neighbours, and its code is more often one that no earlier ruling used. Here every development ruling dated ${ts.testFrom}..${ts.testTo} is classified against only the rulings dated before ${ts.trainBefore}, which reproduces that situation. On the same ${loo.rulings} rulings, the gold code is the primary code of another ruling for ${pct(loo.goldCodeSeenShare)} under leave-one-out but of a training ruling for only ${pct(1 - ts.goldCodeUnseenShare)} here, and leave-one-out would report top-1 10-digit ${pct(loo.top1_10)}, top-5 10-digit ${pct(loo.top5_10)} and top-1 6-digit ${pct(loo.top1_6)} against the figures below. The index here holds ${ts.trainingRulings} rulings, fewer than the full development set that will be indexed for later rulings, so this may understate slightly. Parameters were tuned with leave-one-out only, never on this split; the embedding and BM25 term weights still come from all indexed texts (unsupervised, no labels), so the split is not perfectly clean in that respect.`,
    "",
    `Protocol: ${ts.protocol}. ${ts.testRulings} test rulings, ${ts.trainingRulings} training rulings with a primary code.`,
    "",
    "| | 2 digits | 4 digits | 6 digits | 8 digits | 10 digits |",
    "|---|---|---|---|---|---|",
    row("top1"),
    row("top5"),
    "",
    `Gold 10-digit code is the primary code of no training ruling for ${pct(ts.goldCodeUnseenShare)} of test rulings (${pct(ts.goldCodeInNoTrainingCodeShare)} appear among no training ruling's codes at all, primary or secondary); the gold subheading is unseen for ${pct(ts.goldSubheadingUnseenShare)}. ${ts.exactTextTwinInTraining} test ruling${ts.exactTextTwinInTraining === 1 ? " has" : "s have"} an exact-text twin among the training rulings (kept: that ruling is genuinely earlier).`,
    "",
    "| subset | rulings | top-1 10-digit | top-5 10-digit | top-1 6-digit |",
    "|---|---|---|---|---|",
    ...Object.entries(ts.bySeen).map(([k, v]) => `| ${k} | ${v.rulings} | ${pct(v.top1_10)} | ${pct(v.top5_10)} | ${pct(v.top1_6)} |`),
    "",
    "Answering only when the top candidate's confidence is at least the threshold (same temperature as above):",
    "",
    "| threshold | coverage | top-1 10-digit | top-1 6-digit |",
    "|---|---|---|---|",
    ...ts.coverage.map((c) => `| ${c.threshold.toFixed(1)} | ${pct(c.coverage)} | ${pct(c.accuracy10)} | ${pct(c.accuracy6)} |`),
    "",
  ];
}
