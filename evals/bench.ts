/**
 * `npm run bench`: runs every benchmark module in evals/bench/ (each exports `bench()`), each in a
 * process of its own so one module's heap and JIT state do not distort the next, prints the results
 * and writes evals/reports/bench.md and bench.json. `npm run bench -- duty` runs the matching
 * modules only and keeps the other sections of the existing report.
 */
import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

/** What one benchmark module returns. */
export interface BenchResult {
  title: string;
  markdown: string;
  json: unknown;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const reports = path.join(here, "reports");

/** Child mode: run one module and print its result as JSON on the last line of stdout. */
async function runChild(file: string): Promise<void> {
  const mod = (await import(pathToFileURL(path.join(here, "bench", file)).href)) as { bench: () => Promise<BenchResult> };
  const result = await mod.bench();
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

async function runAll(only: string[]): Promise<void> {
  const files = (await readdir(path.join(here, "bench"))).filter((f) => f.endsWith(".ts")).sort();
  const previous = await readFile(path.join(reports, "bench.json"), "utf8")
    .then((t) => JSON.parse(t) as { sections?: BenchResult[] })
    .catch(() => ({ sections: [] as BenchResult[] }));
  const results = new Map<string, BenchResult>();
  for (const file of files) {
    const selected = only.length === 0 || only.some((o) => file.includes(o));
    const kept = previous.sections?.find((s) => s.title && (s as BenchResult & { file?: string }).file === file);
    if (!selected) {
      if (kept) results.set(file, kept);
      continue;
    }
    console.log(`## ${file}`);
    const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", file], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const lines = stdout.trimEnd().split("\n");
    const result = JSON.parse(lines.pop()!) as BenchResult;
    console.log(lines.join("\n"));
    console.log(result.markdown);
    results.set(file, { ...result, file } as BenchResult);
  }
  await mkdir(reports, { recursive: true });
  const ordered = files.filter((f) => results.has(f)).map((f) => results.get(f)!);
  const header = `# Tollgate benchmarks\n\nMachine: ${process.platform} ${process.arch}, Node ${process.version}, measured ${new Date().toISOString().slice(0, 10)}. Each module runs in a process of its own.\n`;
  await writeFile(path.join(reports, "bench.md"), [header, ...ordered.map((r) => `## ${r.title}\n\n${r.markdown}\n`)].join("\n"));
  await writeFile(path.join(reports, "bench.json"), JSON.stringify({ sections: ordered }, null, 2));
}

const args = process.argv.slice(2);
if (args[0] === "--child") await runChild(args[1]!);
else await runAll(args);
