/**
 * `npm run train:descent`: fits the descent classifier's weights on the development rulings dated
 * before the time split's cut-off (2026-04-01) and writes knowledge/classifier/descent-model.json.
 * Rulings of the test window are never seen. Prints the weights per level and the fit.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../src/config.ts";
import { FEATURES, LEVEL_GROUPS } from "../src/knowledge/descent-evidence.ts";
import { createKnowledgeBase } from "../src/knowledge/knowledge-base.ts";
import { collectExamples, fitModel, fitQuality, untrainedDescent } from "./descent-training.ts";

const config = loadConfig();
const kb = await createKnowledgeBase(config, { classifier: "hybrid" });
const t0 = performance.now();
const { examples, rulings } = await collectExamples(kb, untrainedDescent(kb, config.knowledgeDir));
const model = fitModel(examples, rulings);
console.log(`${rulings} training rulings; examples per level ${examples.map((e) => e.length).join("/")}; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
LEVEL_GROUPS.forEach((L, g) => {
  const q = fitQuality(examples[g]!, model.weights[g]!);
  console.log(`${L} digits: fit top-1 ${(q.top1 * 100).toFixed(1)}%, mean log-lik ${q.logLik.toFixed(3)}`);
  console.log(`  ${FEATURES.map((f, i) => `${f} ${model.weights[g]![i]}`).join(", ")}`);
});
const dir = path.join(config.knowledgeDir, "classifier");
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "descent-model.json"), `${JSON.stringify(model, null, 2)}\n`);
console.log(`wrote ${path.join(dir, "descent-model.json")}`);
