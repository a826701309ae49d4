/**
 * `npm run eval:classify`: leave-one-out evaluation of the classifier over the development rulings
 * shipped in knowledge/rulings/, followed by a time split (evals/classify-time-split.ts): rulings
 * dated 2026-04-01..2026-06-30 classified against an index restricted to earlier rulings. Each ruling is classified from the text a user would have (its
 * subject line and answer-free description, code patterns stripped, never `full_text`) with itself
 * and its exact duplicates excluded from the index by a query-time filter. It is scored against the
 * ruling's primary code (mapped to its successor when one exists; stale codes count as they are).
 *
 * Options: `--tune` evaluates a small grid of classifier parameters under the same protocol and
 * prints it (this is how the defaults were chosen; the time split is never tuned on); `--limit N`
 * evaluates the first N rulings only (and the first N of the time split);
 * `--params '<json>'` overrides parameters; `--rerank` re-ranks each ruling's top candidates with the
 * configured chat model (LLM_BASE_URL / OPENAI_API_KEY; src/knowledge/llm-rerank.ts) and reports
 * the re-ranked leave-one-out accuracy (calibration figures and the time split stay offline). Only the full
 * default run writes evals/reports/; a `--rerank` run never does.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createOpenAiCompatibleModel } from "../src/agent/model.ts";
import { loadConfig } from "../src/config.ts";
import { Classifier, DEFAULT_PARAMS, type ClassifierParams, type HtsClassifier } from "../src/knowledge/classifier.ts";
import { createKnowledgeBase, type KnowledgeBase } from "../src/knowledge/knowledge-base.ts";
import { RERANK_POOL, rerankWithLlm } from "../src/knowledge/llm-rerank.ts";
import { accuracy, LEVELS, matches, runTimeSplit, summary, timeSplitCases, timeSplitMarkdown, topConfidence, type Case } from "./classify-time-split.ts";
import { ablation, comparisonMarkdown, descentWith, metrics, type AblationRow, type Metrics } from "./classify-compare.ts";
import { collectExamples, fitModel, untrainedDescent } from "./descent-training.ts";
import { ScheduleEvidence } from "../src/knowledge/descent-evidence.ts";
import { loadChapterExclusions } from "../src/knowledge/schedule-text.ts";

const THRESHOLDS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const POOL = 30;

async function runCases(kb: KnowledgeBase, classifier: HtsClassifier, limit?: number, rerank?: BaseChatModel): Promise<Case[]> {
  const byText = new Map<string, number[]>();
  kb.rulingTexts.forEach((t, i) => {
    const key = t.toLowerCase().replace(/\s+/g, " ").trim();
    byText.set(key, [...(byText.get(key) ?? []), i]);
  });
  const cases: Case[] = [];
  const goldOf = (i: number) => {
    const p = kb.rulings[i]!.primary;
    return p ? (p.digits ?? p.originalDigits ?? "") : "";
  };
  const eligible = kb.rulings.map((r, i) => ({ r, i })).filter(({ r }) => r.primary?.originalDigits);
  for (const { r, i } of eligible.slice(0, limit ?? eligible.length)) {
    const text = kb.rulingTexts[i]!;
    const dupes = new Set(byText.get(text.toLowerCase().replace(/\s+/g, " ").trim()) ?? [i]);
    const t0 = performance.now();
    const offline = await classifier.classify(text, { k: POOL, excludeRuling: (id) => dupes.has(id) });
    // The model reorders the top RERANK_POOL; the rest of the pool follows in offline order.
    const reranked = rerank ? await rerankWithLlm(offline, { model: rerank, schedule: kb.schedule, lowConfidence: classifier.params.lowConfidence }, RERANK_POOL) : undefined;
    if (reranked?.rerankWarning) rerankWarnings += 1;
    const res = reranked ? { ...offline, candidates: [...reranked.candidates, ...offline.candidates.slice(RERANK_POOL)] } : offline;
    const ms = performance.now() - t0;
    const primary = r.primary!;
    const gold = goldOf(i);
    const others = kb.rulings.map((_, j) => j).filter((j) => !dupes.has(j));
    cases.push({
      seen10: others.some((j) => goldOf(j) === gold),
      seen6: others.some((j) => goldOf(j).slice(0, 6) === gold.slice(0, 6)),
      index: i,
      number: r.number,
      gold: primary.digits ?? primary.originalDigits!,
      goldStatus: primary.status,
      predicted: res.candidates.map((c) => c.digits),
      // Classifier scores in offline order: calibration is the classifier's, re-ranked or not.
      scores: offline.candidates.map((c) => c.score),
      confidence: offline.candidates[0]?.confidence ?? 0,
      ms,
    });
  }
  return cases;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** Temperature minimising the negative log-likelihood of "top-1 is right at 10 digits". */
function fitTemperature(cases: Case[]): number {
  let best = { t: 1, nll: Infinity };
  for (let t = 0.005; t <= 0.5; t *= 1.15) {
    let nll = 0;
    for (const c of cases) {
      const p = Math.min(1 - 1e-6, Math.max(1e-6, topConfidence(c.scores, t)));
      nll -= matches(c.predicted[0] ?? "", c.gold, 10) ? Math.log(p) : Math.log(1 - p);
    }
    if (nll < best.nll) best = { t, nll };
  }
  return best.t;
}

const args = parseArgs({ options: { tune: { type: "boolean" }, grid: { type: "string" }, limit: { type: "string" }, params: { type: "string" }, rerank: { type: "boolean" }, "no-ablation": { type: "boolean" } } }).values;
const limit = args.limit ? Number(args.limit) : undefined;
const overrides = args.params ? (JSON.parse(args.params) as Partial<ClassifierParams>) : {};
const config = loadConfig();
if (args.rerank && !config.llm) {
  console.error("--rerank needs a chat model: set LLM_BASE_URL (and LLM_MODEL) or OPENAI_API_KEY.");
  process.exit(2);
}
const rerankModel = args.rerank && config.llm ? createOpenAiCompatibleModel(config.llm) : undefined;
let rerankWarnings = 0;
const t0 = performance.now();
// The hybrid classifier's figures come first (its parameters, calibration and coverage sections);
// the descent classifier (TOLLGATE_CLASSIFIER=descent) is measured beside it on the same rulings below.
const kb = await createKnowledgeBase(config, { classifier: "descent" });
const startupMs = performance.now() - t0;
const ctx = { schedule: kb.schedule, rulings: kb.rulings, rulingIndex: kb.rulingIndex, tariffIndex: kb.tariffIndex, tariffLines: kb.tariffLines, embed: kb.embedQuery };

if (args.tune || args.grid) {
  const grid: Partial<ClassifierParams>[] = args.grid ? (JSON.parse(args.grid) as Partial<ClassifierParams>[]) : [
    {},
    { scheduleWeight: 0.3 },
    { scheduleWeight: 1.0 },
    { similarityPower: 1 },
    { similarityPower: 6 },
    { neighbours: 10 },
    { neighbours: 50 },
    { rulingLevels: [0.1, 0.2, 0.2, 0.5] },
    { scheduleLevels: [0.3, 0.3, 0.2, 0.2] },
    { expandSubheadings: 6 },
    { secondaryWeight: 0 },
  ];
  for (const g of grid) {
    const cases = await runCases(kb, new Classifier(ctx, { ...overrides, ...g }), limit);
    const s = summary(cases);
    console.log(JSON.stringify(g), `top1 6d ${(s.top1!["6"]! * 100).toFixed(1)} 10d ${(s.top1!["10"]! * 100).toFixed(1)} top5 10d ${(s.top5!["10"]! * 100).toFixed(1)}`);
  }
  process.exit(0);
}

const params = { ...DEFAULT_PARAMS, ...overrides };
const classifier = new Classifier(ctx, params);
// Warm-up so latency reflects a running process, not JIT compilation.
for (const t of kb.rulingTexts.slice(0, 5)) await classifier.classify(t);
const cases = await runCases(kb, classifier, limit, rerankModel);
const acc = summary(cases);
const lat = cases.map((c) => c.ms);
const fittedT = fitTemperature(cases);
const conf = cases.map((c) => topConfidence(c.scores, params.temperature));
const right10 = cases.map((c) => matches(c.predicted[0] ?? "", c.gold, 10));
const right6 = cases.map((c) => matches(c.predicted[0] ?? "", c.gold, 6));
const coverage = THRESHOLDS.map((th) => {
  const kept = cases.map((_, i) => i).filter((i) => conf[i]! >= th);
  return {
    threshold: th,
    coverage: kept.length / cases.length,
    accuracy10: kept.length ? kept.filter((i) => right10[i]).length / kept.length : 0,
    accuracy6: kept.length ? kept.filter((i) => right6[i]).length / kept.length : 0,
  };
});
const bins = Array.from({ length: 10 }, (_, b) => {
  const ids = cases.map((_, i) => i).filter((i) => Math.min(9, Math.floor(conf[i]! * 10)) === b);
  return {
    bin: `${(b / 10).toFixed(1)}-${((b + 1) / 10).toFixed(1)}`,
    count: ids.length,
    meanConfidence: ids.length ? ids.reduce((a, i) => a + conf[i]!, 0) / ids.length : 0,
    accuracy10: ids.length ? ids.filter((i) => right10[i]).length / ids.length : 0,
  };
});
const ece = bins.reduce((a, b) => a + (b.count / cases.length) * Math.abs(b.meanConfidence - b.accuracy10), 0);
const goldStatus = { valid: 0, mapped: 0, stale: 0 } as Record<string, number>;
for (const c of cases) goldStatus[c.goldStatus] = (goldStatus[c.goldStatus] ?? 0) + 1;
const split = (pred: (c: Case) => boolean) => {
  const sub = cases.filter(pred);
  return { rulings: sub.length, top1_10: accuracy(sub, 10, 1), top5_10: accuracy(sub, 10, 5), top1_6: accuracy(sub, 6, 1) };
};
const coverageOfCorpus = {
  goldCodeInAnotherRuling: split((c) => c.seen10),
  goldCodeInNoOtherRuling: split((c) => !c.seen10),
  goldSubheadingInNoOtherRuling: split((c) => !c.seen6),
};
// After leave-one-out, so the time split does not touch the latency figures above.
const timeSplit = await runTimeSplit(kb, classifier, POOL, params.temperature, cases, limit);
const comparison = kb.descentClassifier && !rerankModel ? await compare(kb.descentClassifier) : undefined;

/** Descent vs hybrid on both protocols, and the ablation (skipped with --no-ablation). */
async function compare(descent: NonNullable<typeof kb.descentClassifier>) {
  for (const t of kb.rulingTexts.slice(0, 5)) await descent.classify(t);
  const descentLoo = await runCases(kb, descent, limit);
  const descentTime = (await timeSplitCases(kb, descent, POOL, limit)).cases;
  const hybridTime = (await timeSplitCases(kb, classifier, POOL, limit)).cases;
  const m = { hybrid: { loo: metrics(cases), time: metrics(hybridTime) }, descent: { loo: metrics(descentLoo), time: metrics(descentTime) } };
  let rows: AblationRow[] = [];
  if (!args["no-ablation"]) {
    const evidence = descent.evidenceOf();
    const { examples, rulings } = await collectExamples(kb, untrainedDescent(kb, config.knowledgeDir, evidence));
    rows = await ablation(kb, evidence, examples, rulings, POOL, limit);
    // The HS 2022 descriptions are part of the line texts, so removing them means measuring anew.
    const noHs = new ScheduleEvidence(kb.schedule, evidence.lexicon, new Map(), loadChapterExclusions(config.knowledgeDir));
    const ex2 = await collectExamples(kb, untrainedDescent(kb, config.knowledgeDir, noHs));
    const { cases: c2 } = await timeSplitCases(kb, descentWith(kb, noHs, fitModel(ex2.examples, ex2.rulings)), POOL, limit);
    rows.push({ source: "without HS 2022 descriptions", top1_10: accuracy(c2, 10, 1), top1_6: accuracy(c2, 6, 1), top5_10: accuracy(c2, 10, 5), headingTop1: accuracy(c2, 4, 1) });
  }
  return { metrics: m, ablation: rows, model: descent.model };
}
const comparisonSummary: { metrics: { hybrid: { loo: Metrics; time: Metrics }; descent: { loo: Metrics; time: Metrics } }; ablation: AblationRow[] } | undefined = comparison && { metrics: comparison.metrics, ablation: comparison.ablation };
const result = {
  coverageOfCorpus,
  date: new Date().toISOString(),
  revision: kb.revision,
  rulings: cases.length,
  goldCodes: goldStatus,
  protocol: "leave-one-out over both development files; self and exact-duplicate texts excluded at query time; input = subject + answer-free description, codes stripped",
  params,
  fittedTemperature: Number(fittedT.toFixed(4)),
  accuracy: acc,
  coverage,
  calibration: { bins, ece },
  timeSplit,
  comparison: comparisonSummary,
  latencyMs: { p50: percentile(lat, 50), p90: percentile(lat, 90), p95: percentile(lat, 95), p99: percentile(lat, 99), startup: startupMs },
  anchors: { "ATLAS (fine-tuned 70B)": { top1_10: 0.4, top1_6: 0.575 }, "GPT-5-Thinking": { top1_10: 0.25, top1_6: 0.555 } },
  targets: { top1_6: 0.6, top1_10: 0.4, top5_10: 0.7, p50Ms: 20 },
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(`rulings ${cases.length}; top-1 6d ${pct(acc.top1!["6"]!)} 10d ${pct(acc.top1!["10"]!)}; top-5 10d ${pct(acc.top5!["10"]!)}; p50 ${result.latencyMs.p50.toFixed(1)} ms; fitted T ${fittedT.toFixed(3)}; ECE ${ece.toFixed(3)}`);
const ts = timeSplit;
console.log(`time split: ${ts.testRulings} rulings ${ts.testFrom}..${ts.testTo} vs ${ts.trainingRulings} before ${ts.trainBefore}; top-1 6d ${pct(ts.accuracy.top1!["6"]!)} 10d ${pct(ts.accuracy.top1!["10"]!)}; top-5 10d ${pct(ts.accuracy.top5!["10"]!)}; gold code unseen ${pct(ts.goldCodeUnseenShare)}`);
if (comparison) {
  const d = comparison.metrics.descent.time;
  console.log(`descent: leave-one-out top-1 6d ${pct(comparison.metrics.descent.loo.top1["6"]!)} 10d ${pct(comparison.metrics.descent.loo.top1["10"]!)}; time split top-1 6d ${pct(d.top1["6"]!)} 10d ${pct(d.top1["10"]!)}; top-5 10d ${pct(d.top5_10)}; p50 ${d.p50.toFixed(1)} ms`);
  for (const r of comparison.ablation) console.log(`  ${r.source}: top-1 6d ${pct(r.top1_6)} 10d ${pct(r.top1_10)} top-5 10d ${pct(r.top5_10)}`);
}
if (rerankModel) console.log(`re-ranked by ${config.llm!.model} (top ${RERANK_POOL}); ${rerankWarnings} case(s) fell back to (or partly kept) the offline ranking`);
if (limit === undefined && !args.params && !rerankModel) writeReports(result);

function svgChart(points: typeof coverage): string {
  const W = 480;
  const H = 300;
  const m = 40;
  const x = (v: number) => m + v * (W - 2 * m);
  const y = (v: number) => H - m - v * (H - 2 * m);
  const line = (key: "accuracy10" | "accuracy6", color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((p) => `${x(p.coverage).toFixed(1)},${y(p[key]).toFixed(1)}`).join(" ")}"/>` +
    points.map((p) => `<circle cx="${x(p.coverage).toFixed(1)}" cy="${y(p[key]).toFixed(1)}" r="3" fill="${color}"/>`).join("");
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((v) => `<text x="${x(v)}" y="${H - m + 15}" font-size="10" text-anchor="middle">${v * 100}%</text><text x="${m - 5}" y="${y(v) + 3}" font-size="10" text-anchor="end">${v * 100}%</text>` +
      `<line x1="${m}" x2="${W - m}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="${W}" height="${H}" fill="white"/>${ticks}
<line x1="${m}" y1="${H - m}" x2="${W - m}" y2="${H - m}" stroke="black"/><line x1="${m}" y1="${m}" x2="${m}" y2="${H - m}" stroke="black"/>
${line("accuracy6", "#2b7bb9")}${line("accuracy10", "#d95f02")}
<text x="${W / 2}" y="${H - 8}" font-size="11" text-anchor="middle">coverage (share answered at or above a confidence threshold)</text>
<text x="${m}" y="${m - 22}" font-size="12">Top-1 accuracy vs coverage (leave-one-out)</text>
<text x="${W - m - 150}" y="${m - 6}" font-size="11" fill="#2b7bb9">6 digits</text><text x="${W - m - 80}" y="${m - 6}" font-size="11" fill="#d95f02">10 digits</text>
</svg>\n`;
}

function writeReports(r: typeof result): void {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "reports");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "classification.json"), `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(path.join(dir, "classification-coverage.svg"), svgChart(r.coverage));
  const row = (k: "top1" | "top5") => `| top-${k.slice(3)} | ${LEVELS.map((L) => pct(r.accuracy[k]![`${L}`]!)).join(" | ")} |`;
  const md = [
    "# Classification evaluation (leave-one-out and time split)",
    "",
    `Measured ${r.date.slice(0, 10)} on HTSUS ${r.revision}, local embeddings, offline, ${process.platform} ${process.arch} Node ${process.version}.`,
    "",
    ...(comparison ? comparisonMarkdown(comparison.metrics, comparison.ablation, comparison.model, config.classifier ?? "hybrid", loadavg()) : []),
    "## Hybrid classifier in detail (leave-one-out)",
    "",
    `Protocol: ${r.protocol}. ${r.rulings} rulings with a primary code. Gold codes: ${r.goldCodes.valid ?? 0} valid, ${r.goldCodes.mapped ?? 0} mapped to a successor, ${r.goldCodes.stale ?? 0} stale with no obvious successor (counted as they are, so they can only match at the digits still shared).`,
    "Hyper-parameters were chosen only with this leave-one-out protocol (`npm run eval:classify -- --tune`), never on held-out rulings. IDF weights of the local embedding are fitted on all indexed texts (unsupervised, no labels).",
    "",
    "| | 2 digits | 4 digits | 6 digits | 8 digits | 10 digits |",
    "|---|---|---|---|---|---|",
    row("top1"),
    row("top5"),
    "",
    "Targets: top-1 6-digit >= 60%, top-1 10-digit >= 40%, top-5 10-digit >= 70%, p50 <= 20 ms.",
    "Published anchors on CBP rulings (different rulings, different protocol): ATLAS (fine-tuned 70B) 40.0% exact at 10 digits, 57.5% at 6 digits; GPT-5-Thinking 25.0% / 55.5%.",
    "",
    `Latency per classification after start-up: p50 ${r.latencyMs.p50.toFixed(1)} ms, p90 ${r.latencyMs.p90.toFixed(1)} ms, p95 ${r.latencyMs.p95.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms; start-up (load schedule, rulings, indexes) ${(r.latencyMs.startup / 1000).toFixed(1)} s.`,
    "",
    "## Where the errors are",
    "",
    "Accuracy split by whether the gold code occurs as the primary code of another (non-duplicate) development ruling. kNN over rulings can only name a code some ruling used; codes no ruling used must come from schedule text alone.",
    "",
    "| subset | rulings | top-1 10-digit | top-5 10-digit | top-1 6-digit |",
    "|---|---|---|---|---|",
    ...Object.entries(r.coverageOfCorpus).map(([k, v]) => `| ${k} | ${v.rulings} | ${pct(v.top1_10)} | ${pct(v.top5_10)} | ${pct(v.top1_6)} |`),
    "",
    "## Accuracy against coverage",
    "",
    "Answering only when the top candidate's confidence is at least the threshold:",
    "",
    "| threshold | coverage | top-1 10-digit | top-1 6-digit |",
    "|---|---|---|---|",
    ...r.coverage.map((c) => `| ${c.threshold.toFixed(1)} | ${pct(c.coverage)} | ${pct(c.accuracy10)} | ${pct(c.accuracy6)} |`),
    "",
    "![accuracy vs coverage](classification-coverage.svg)",
    "",
    "## Calibration (reliability of the top-1 confidence, 10 digits)",
    "",
    `Softmax temperature in use ${r.params.temperature}; the temperature that minimises log-loss on this run is ${r.fittedTemperature}. Expected calibration error ${r.calibration.ece.toFixed(3)}.`,
    "",
    "| confidence | rulings | mean confidence | accuracy |",
    "|---|---|---|---|",
    ...r.calibration.bins.map((b) => `| ${b.bin} | ${b.count} | ${b.count ? pct(b.meanConfidence) : "-"} | ${b.count ? pct(b.accuracy10) : "-"} |`),
    "",
    ...timeSplitMarkdown(r.timeSplit),
    "## Parameters",
    "",
    "```json",
    JSON.stringify(r.params, null, 2),
    "```",
    "",
  ].join("\n");
  writeFileSync(path.join(dir, "classification.md"), md);
}
