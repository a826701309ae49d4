/**
 * Large-corpus benchmark (`npm run bench -- large`): a synthetic CROSS corpus of 200,000 rulings
 * (generated texts, not real rulings: each names a product from a schedule line's own words plus
 * random attribute words, and assigns that line) indexed beside the shipped rulings, to see that
 * retrieval and classification stay fast at the size of the full CROSS database. Reports index
 * build time, memory, and classify p50/p99 of the default classifier (the bench reads no
 * TOLLGATE_CLASSIFIER) over the shipped rulings' texts. BENCH_RULINGS overrides the corpus size.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config.ts";
import { createKnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { isDeclarable, isSpecialChapter } from "../../src/knowledge/rulings.ts";
import { loadSchedule } from "../../src/knowledge/schedule.ts";

const SIZE = Number(process.env.BENCH_RULINGS ?? 200_000);
const QUERIES = 300;
const ATTRS = ["cotton", "polyester", "steel", "plastic", "wooden", "electric", "battery-powered", "knitted", "woven", "men's", "women's", "children's", "glass", "rubber", "leather", "aluminum", "portable", "industrial", "household", "frozen"];

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** A small deterministic generator, so every run indexes the same corpus. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Runs the benchmark. */
export async function bench(): Promise<{ title: string; markdown: string; json: unknown }> {
  const base = loadConfig({});
  const dir = mkdtempSync(path.join(tmpdir(), "tg-bench-large-"));
  try {
    const schedule = loadSchedule(base.knowledgeDir);
    const lines = schedule.lines.filter((l) => isDeclarable(l) && !isSpecialChapter(l.digits));
    const rand = rng(42);
    const file = path.join(dir, "synthetic.jsonl");
    const out: string[] = [];
    for (let i = 0; i < SIZE; i++) {
      const line = lines[Math.floor(rand() * lines.length)]!;
      const words = line.pathText.replace(/[^A-Za-z ,'-]/g, " ").split(/\s+/).filter((w) => w.length > 2);
      const pick = Array.from({ length: 6 }, () => words[Math.floor(rand() * words.length)] ?? "article");
      const attrs = Array.from({ length: 3 }, () => ATTRS[Math.floor(rand() * ATTRS.length)]!);
      out.push(
        JSON.stringify({
          ruling_number: `S${String(i).padStart(6, "0")}`,
          ruling_date: `20${10 + Math.floor(rand() * 16)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
          subject: `The tariff classification of a ${attrs[0]} ${pick.slice(0, 3).join(" ")}`,
          description: `Synthetic product: ${attrs.join(" ")} ${pick.join(" ")}, packed for retail sale.`,
          hts_codes: [line.code],
          primary_hts_code: line.code,
        }),
      );
    }
    writeFileSync(file, `${out.join("\n")}\n`);
    globalThis.gc?.();
    const before = process.memoryUsage();
    let t = performance.now();
    const kb = await createKnowledgeBase({ ...base, indexDir: path.join(dir, "index") }, { schedule, extraRulingFiles: [file] });
    const buildMs = performance.now() - t;
    const after = process.memoryUsage();
    const queries = kb.rulings.filter((r) => r.sourceFile !== file).slice(0, QUERIES);
    const texts = queries.map((_, i) => kb.rulingTexts[i]!);
    for (const q of texts.slice(0, 10)) await kb.classifier.classify(q);
    const lat: number[] = [];
    for (const q of texts) {
      t = performance.now();
      await kb.classifier.classify(q, { k: 5 });
      lat.push(performance.now() - t);
    }
    const json = {
      syntheticRulings: SIZE,
      indexedRulings: kb.rulings.length,
      classifier: kb.stats.classifier,
      buildSeconds: Math.round(buildMs / 100) / 10,
      rssMb: Math.round(after.rss / 1048576),
      heapUsedMb: Math.round(after.heapUsed / 1048576),
      heapGrowthMb: Math.round((after.heapUsed - before.heapUsed) / 1048576),
      classifyP50Ms: Math.round(percentile(lat, 50) * 10) / 10,
      classifyP99Ms: Math.round(percentile(lat, 99) * 10) / 10,
      queries: texts.length,
    };
    const markdown = [
      `Synthetic corpus of ${SIZE.toLocaleString("en-US")} generated rulings (not real rulings) beside the shipped ones: ${json.indexedRulings.toLocaleString("en-US")} rulings indexed, ${json.classifier} classifier.`,
      "",
      "| build (fresh index) | RSS | heap used | classify p50 | classify p99 |",
      "|---|---|---|---|---|",
      `| ${json.buildSeconds} s | ${json.rssMb} MB | ${json.heapUsedMb} MB | ${json.classifyP50Ms} ms | ${json.classifyP99Ms} ms |`,
      "",
      `Target: classify p50 <= 20 ms at this size. ${json.queries} queries (shipped rulings' texts), after 10 warm-up classifications.`,
    ].join("\n");
    return { title: `Large corpus (${SIZE.toLocaleString("en-US")} synthetic rulings)`, markdown, json };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
