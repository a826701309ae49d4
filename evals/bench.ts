/**
 * `npm run bench`: runs every benchmark module in evals/bench/ (each exports `bench()`), prints the
 * results and writes evals/reports/bench.md and bench.json.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** What one benchmark module returns. */
export interface BenchResult {
  title: string;
  markdown: string;
  json: unknown;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(path.join(here, "bench"))).filter((f) => f.endsWith(".ts")).sort();
const results: BenchResult[] = [];
for (const file of files) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  const mod = (await import(pathToFileURL(path.join(here, "bench", file)).href)) as { bench: () => Promise<BenchResult> };
  console.log(`## ${file}`);
  const result = await mod.bench();
  console.log(result.markdown);
  results.push(result);
}
const reports = path.join(here, "reports");
await mkdir(reports, { recursive: true });
const header = `# Tollgate benchmarks\n\nMachine: ${process.platform} ${process.arch}, Node ${process.version}, measured ${new Date().toISOString().slice(0, 10)}.\n`;
await writeFile(path.join(reports, "bench.md"), [header, ...results.map((r) => `## ${r.title}\n\n${r.markdown}\n`)].join("\n"));
await writeFile(path.join(reports, "bench.json"), JSON.stringify(Object.fromEntries(results.map((r) => [r.title, r.json])), null, 2));
