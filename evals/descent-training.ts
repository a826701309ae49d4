/**
 * Training data for the descent classifier, shared by evals/train-descent.ts (which writes the
 * shipped weights) and the ablation of evals/classify-eval.ts. Only development rulings dated
 * before the time split's cut-off are used; each is described by the same answer-free text the
 * evaluation uses, and its ruling votes come from the other training rulings only (itself, its
 * exact-text duplicates and every later or undated ruling hidden).
 */
import { FEATURES, LEVEL_GROUPS } from "../src/knowledge/descent-evidence.ts";
import { DescentClassifier, type DescentModel } from "../src/knowledge/descent.ts";
import { examplesFor, fitConditionalLogit, fitQuality, type Example } from "../src/knowledge/descent-train.ts";
import { createScheduleEvidence, type KnowledgeBase } from "../src/knowledge/knowledge-base.ts";
import type { ScheduleEvidence } from "../src/knowledge/descent-evidence.ts";
import { goldOf, TIME_SPLIT } from "./classify-time-split.ts";

export const L2 = 0.01;

/** A descent classifier with all weights zero (measures features; its ranking is meaningless). */
export function untrainedDescent(kb: KnowledgeBase, knowledgeDir: string, evidence?: ScheduleEvidence): DescentClassifier {
  const model: DescentModel = { version: 1, features: [...FEATURES], weights: LEVEL_GROUPS.map(() => FEATURES.map(() => 0)), trainedOn: { rulingsBefore: TIME_SPLIT.trainBefore, examples: [], rulings: 0, l2: L2 } };
  const ev = evidence ?? createScheduleEvidence(knowledgeDir, kb.schedule);
  return new DescentClassifier({ schedule: kb.schedule, rulings: kb.rulings, rulingIndex: kb.rulingIndex, tariffIndex: kb.tariffIndex, tariffLines: kb.tariffLines, embed: kb.embedQuery, evidence: ev }, model);
}

/** Examples per level group from the training rulings. */
export async function collectExamples(kb: KnowledgeBase, descent: DescentClassifier): Promise<{ examples: Example[][]; rulings: number }> {
  const before = TIME_SPLIT.trainBefore;
  const training = new Set(kb.rulings.map((_, i) => i).filter((i) => kb.rulings[i]!.date !== "" && kb.rulings[i]!.date < before));
  const byText = new Map<string, number[]>();
  const norm = (t: string) => t.toLowerCase().replace(/\s+/g, " ").trim();
  kb.rulingTexts.forEach((t, i) => byText.set(norm(t), [...(byText.get(norm(t)) ?? []), i]));
  const examples: Example[][] = LEVEL_GROUPS.map(() => []);
  let rulings = 0;
  for (const i of training) {
    const gold = goldOf(kb, i);
    if (!kb.rulings[i]!.primary?.digits || gold.length < 8) continue;
    const dupes = new Set(byText.get(norm(kb.rulingTexts[i]!)) ?? [i]);
    const ex = await examplesFor(descent, kb.schedule, kb.rulingTexts[i]!, gold, (id) => dupes.has(id) || !training.has(id));
    if (ex.every((e) => e.length === 0)) continue;
    rulings++;
    ex.forEach((e, g) => examples[g]!.push(...e));
  }
  return { examples, rulings };
}

/** Fits every level's weights, with the named features held at zero. */
export function fitModel(examples: Example[][], rulings: number, disabled: readonly string[] = []): DescentModel {
  const mask = FEATURES.map((f) => (disabled.includes(f) ? 0 : 1));
  const masked = (ex: Example[]) => ex.map((e) => ({ gold: e.gold, x: e.x.map((row) => row.map((v, i) => v * mask[i]!)) }));
  const weights = examples.map((ex) => fitConditionalLogit(masked(ex), L2).map((w) => Number(w.toFixed(4))));
  return {
    version: 1,
    features: [...FEATURES],
    weights,
    trainedOn: { rulingsBefore: TIME_SPLIT.trainBefore, examples: examples.map((e) => e.length), rulings, l2: L2 },
    ...(disabled.length ? { disabled: [...disabled] } : {}),
  };
}

export { fitQuality };
