/**
 * Retrieval benchmark (`npm run bench`): knowledge-base build time and memory with a fresh index
 * directory, reload time from the persisted index, and for the schedule's HNSW index the query
 * latency (p50/p95) and recall@10 against exact brute-force cosine search over the same vectors,
 * at several search breadths (ef). Queries are the product texts of the shipped rulings.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config.ts";
import { createKnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { loadSchedule } from "../../src/knowledge/schedule.ts";
import { DEFAULT_EF } from "../../src/knowledge/vector-index.ts";

const QUERIES = 300;
const K = 10;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const ms = (x: number) => Math.round(x * 1000) / 1000;

/** Runs the benchmark. */
export async function bench(): Promise<{ title: string; markdown: string; json: unknown }> {
  const base = loadConfig({});
  const dir = mkdtempSync(path.join(tmpdir(), "tg-bench-index-"));
  const config = { ...base, indexDir: dir };
  try {
    const schedule = loadSchedule(config.knowledgeDir);
    globalThis.gc?.();
    const before = process.memoryUsage();
    let t = performance.now();
    const kb = await createKnowledgeBase(config, { schedule });
    const buildMs = performance.now() - t;
    const after = process.memoryUsage();
    t = performance.now();
    const reloaded = await createKnowledgeBase(config, { schedule });
    const reloadMs = performance.now() - t;
    if (reloaded.stats.rebuilt) throw new Error("the persisted index was rebuilt on reload");

    const index = kb.tariffIndex.vectors;
    const n = index.size;
    const dim = index.dimensions;
    const matrix = new Float32Array(n * dim);
    for (let id = 0; id < n; id++) matrix.set(index.vector(id), id * dim);
    const step = Math.max(1, Math.floor(kb.rulingTexts.length / QUERIES));
    const queries = await Promise.all(kb.rulingTexts.filter((_, i) => i % step === 0).slice(0, QUERIES).map((q) => kb.embedQuery(q)));

    const exactTimes: number[] = [];
    const exact: Set<number>[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      const scores = new Float32Array(n);
      for (let id = 0; id < n; id++) {
        let dot = 0;
        const off = id * dim;
        for (let j = 0; j < dim; j++) dot += matrix[off + j]! * q[j]!;
        scores[id] = dot;
      }
      const top = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!).slice(0, K);
      exactTimes.push(performance.now() - t0);
      exact.push(new Set(top));
    }
    const rows = [10, 50, 100, 200, 400].map((ef) => {
      index.setEf(ef);
      const times: number[] = [];
      let found = 0;
      queries.forEach((q, i) => {
        const t0 = performance.now();
        const hits = index.search(q, K);
        times.push(performance.now() - t0);
        found += hits.filter((h) => exact[i]!.has(h.id)).length;
      });
      return { ef, p50: ms(percentile(times, 50)), p95: ms(percentile(times, 95)), recallAt10: Math.round((found / (queries.length * K)) * 1000) / 1000 };
    });
    index.setEf(DEFAULT_EF);
    const json = {
      documents: { scheduleLines: n, rulings: kb.rulings.length, dimensions: dim },
      buildMs: Math.round(buildMs),
      reloadMs: Math.round(reloadMs),
      memoryDeltaMb: { rss: mb(after.rss - before.rss), heapUsed: mb(after.heapUsed - before.heapUsed) },
      exact: { p50: ms(percentile(exactTimes, 50)), p95: ms(percentile(exactTimes, 95)) },
      hnsw: rows,
      queries: queries.length,
    };
    const markdown = [
      `Documents: ${n} schedule lines and ${kb.rulings.length} rulings, ${dim}-dimensional local embeddings.`,
      "",
      `Build from scratch (load, fit IDF, embed, build HNSW and BM25, save): ${(buildMs / 1000).toFixed(1)} s; reload from the persisted index: ${(reloadMs / 1000).toFixed(1)} s.`,
      `Memory delta of the build: RSS ${json.memoryDeltaMb.rss} MB, heap ${json.memoryDeltaMb.heapUsed} MB.`,
      "",
      `Schedule index, ${queries.length} queries (ruling product texts), k=${K}:`,
      "",
      "| search | p50 ms | p95 ms | recall@10 vs exact |",
      "|---|---|---|---|",
      `| exact brute force | ${json.exact.p50} | ${json.exact.p95} | 1.000 |`,
      ...rows.map((r) => `| hnswlib ef=${r.ef}${r.ef === DEFAULT_EF ? " (default)" : ""} | ${r.p50} | ${r.p95} | ${r.recallAt10.toFixed(3)} |`),
    ].join("\n");
    return { title: "Retrieval", markdown, json };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
