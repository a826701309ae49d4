/**
 * Learning the descent classifier's weights from rulings: at every level of each ruling's gold
 * path, the siblings the descent would weigh (the heading candidates, or the children of the gold
 * parent) are measured, and a conditional logit per level is fitted so that the gold sibling is the
 * most probable (L2-regularised maximum likelihood, full-batch gradient descent with Adam). Only
 * the rulings the caller passes are used; evals/train-descent.ts passes those dated before the
 * time split's cut-off, with each ruling's own text (and later rulings) hidden from its votes.
 */
import { FEATURES, levelGroup, LEVEL_GROUPS } from "./descent-evidence.ts";
import type { DescentClassifier } from "./descent.ts";
import type { Schedule } from "./schedule.ts";

/** One training set of siblings: feature rows and the gold row. */
export interface Example {
  x: number[][];
  gold: number;
}

/** Examples per level group from one ruling's description and gold code. */
export async function examplesFor(descent: DescentClassifier, schedule: Schedule, description: string, gold: string, exclude: (id: number) => boolean): Promise<Example[][]> {
  const out: Example[][] = LEVEL_GROUPS.map(() => []);
  const lineage = schedule.lineage(gold);
  if (lineage.length === 0 || lineage[lineage.length - 1]!.digits !== gold) return out;
  const { query } = await descent.evidence(description, { excludeRuling: exclude });
  const heading = lineage[0]!;
  const cands = query.headingCandidates(descent.params.headingCandidates);
  if (!cands.includes(heading.digits)) cands.push(heading.digits);
  const evidence = descent.evidenceOf();
  const headingLines = cands.map((d) => evidence.node(d)?.line).filter((l) => l !== undefined);
  const add = (siblings: typeof headingLines, goldDigits: string) => {
    const gi = siblings.findIndex((s) => s.digits === goldDigits);
    if (siblings.length < 2 || gi < 0) return;
    const { features } = descent.score(query, siblings);
    out[levelGroup(siblings[gi]!)]!.push({ x: features.map((f) => f.x), gold: gi });
  };
  add(headingLines, heading.digits);
  for (let i = 1; i < lineage.length; i++) add(evidence.children(lineage[i - 1]!.digits), lineage[i]!.digits);
  return out;
}

/** Fits one weight vector to examples by L2-regularised conditional maximum likelihood. */
export function fitConditionalLogit(examples: readonly Example[], l2 = 0.01, iterations = 400, rate = 0.05): number[] {
  const d = FEATURES.length;
  const w = new Array<number>(d).fill(0);
  const m = new Array<number>(d).fill(0);
  const v = new Array<number>(d).fill(0);
  if (examples.length === 0) return w;
  for (let it = 1; it <= iterations; it++) {
    const g = new Array<number>(d).fill(0);
    for (const ex of examples) {
      const logits = ex.x.map((row) => row.reduce((s, xi, i) => s + xi * w[i]!, 0));
      const top = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - top));
      const z = e.reduce((a, b) => a + b, 0);
      ex.x.forEach((row, r) => {
        const p = e[r]! / z - (r === ex.gold ? 1 : 0);
        for (let i = 0; i < d; i++) g[i]! += p * row[i]!;
      });
    }
    for (let i = 0; i < d; i++) {
      const gi = g[i]! / examples.length + l2 * w[i]!;
      m[i] = 0.9 * m[i]! + 0.1 * gi;
      v[i] = 0.999 * v[i]! + 0.001 * gi * gi;
      const mh = m[i]! / (1 - 0.9 ** it);
      const vh = v[i]! / (1 - 0.999 ** it);
      w[i]! -= (rate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return w;
}

/** Mean log-likelihood and top-1 accuracy of weights on examples (training diagnostics). */
export function fitQuality(examples: readonly Example[], w: readonly number[]): { logLik: number; top1: number } {
  let ll = 0;
  let right = 0;
  for (const ex of examples) {
    const logits = ex.x.map((row) => row.reduce((s, xi, i) => s + xi * w[i]!, 0));
    const top = Math.max(...logits);
    const z = logits.reduce((a, l) => a + Math.exp(l - top), 0);
    ll += logits[ex.gold]! - top - Math.log(z);
    if (logits.indexOf(top) === ex.gold) right++;
  }
  return { logLik: examples.length ? ll / examples.length : 0, top1: examples.length ? right / examples.length : 0 };
}
