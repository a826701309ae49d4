/**
 * Server benchmark: start-up to ready of the real `tollgate serve` process (spawn until /readyz
 * answers 200, and the server's own figure from start to ready), the first start on a new data
 * directory and restarts after it (database present); then turn latency through
 * POST /api/messages with 10 concurrent clients, each on its own thread, on embedded PGlite with the
 * offline model.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { loadConfig, PROJECT_ROOT } from "../../src/config.ts";
import { UserService } from "../../src/server/users.ts";
import { openStore } from "../../src/store/index.ts";

interface Started {
  url: string;
  spawnToReadyMs: number;
  serverReadyMs: number;
  /** From the CLI's main() to ready (the process's start minus Node's own start-up and the bundle check). */
  mainReadyMs: number;
  /** CPU time of the process (all threads) until ready. */
  cpuMs: number;
  /** The server's own split: application context (data files, knowledge base, database wait), queue. */
  phases: { appMs?: number; dataMs?: number; knowledgeMs?: number; storeWaitMs?: number; queueMs?: number };
  stop: () => Promise<number | null>;
}

async function startServe(dataDir: string): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "bin", "tollgate.js"), "serve"], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TOLLGATE_DATA_DIR: dataDir, PORT: "0", TOLLGATE_LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  let out = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let url: string | undefined;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited early:\n${err}`);
    url ??= /listening on (http:\/\/[^\s]+) /.exec(err)?.[1];
    if (url && (await fetch(`${url}/readyz`).then((r) => r.status, () => 0)) === 200) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const spawnToReadyMs = Math.round(performance.now() - t0);
  const readyLine = out.split("\n").find((l) => l.includes('"msg":"ready"'));
  const ready = readyLine ? (JSON.parse(readyLine) as { readyMs: number; mainMs?: number; cpuMs?: number } & Started["phases"]) : undefined;
  const serverReadyMs = ready ? Number(ready.readyMs) : NaN;
  return {
    url,
    spawnToReadyMs,
    serverReadyMs,
    mainReadyMs: ready?.mainMs ?? NaN,
    cpuMs: ready?.cpuMs ?? NaN,
    phases: { appMs: ready?.appMs, dataMs: ready?.dataMs, knowledgeMs: ready?.knowledgeMs, storeWaitMs: ready?.storeWaitMs, queueMs: ready?.queueMs },
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Restarts measured after the first start. */
const RESTARTS = 5;

const sec = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? "n/a" : `${(ms / 1000).toFixed(2)} s`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const QUESTIONS = [
  "classify men's knitted cotton sweaters",
  "duty on 6110.20.2079 from China, value $12,000",
  "what about from Vietnam?",
  "find rulings on stainless steel kitchen sinks",
  "HTS code for women's woven silk blouses from India?",
];

export async function bench() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tollgate-bench-server-"));
  try {
    const config = loadConfig({ TOLLGATE_DATA_DIR: dataDir });
    // The user is created before the server starts (the embedded database serves one process).
    const store = await openStore(config);
    await new UserService(store).addUser({ name: "bench", role: "clerk", password: "bench password 1" });
    await store.close();

    const starts: Array<{ run: string; spawnToReadyMs: number; mainReadyMs: number; serverReadyMs: number; cpuMs: number; phases: Started["phases"]; loadAverage: number }> = [];
    let server: Started | undefined;
    for (let i = 0; i < RESTARTS + 1; i++) {
      if (server) await server.stop();
      server = await startServe(dataDir);
      const { spawnToReadyMs, mainReadyMs, serverReadyMs, cpuMs, phases } = server;
      starts.push({ run: i === 0 ? "first start (new data directory)" : `restart ${i}`, spawnToReadyMs, mainReadyMs, serverReadyMs, cpuMs, phases, loadAverage: loadavg()[0]! });
      console.log(starts.at(-1));
    }
    const login = await fetch(`${server!.url}/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "bench", password: "bench password 1" }) });
    const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
    const clients = 10;
    const latencies: number[] = [];
    const t0 = performance.now();
    let failures = 0;
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        let thread: string | undefined;
        for (const text of QUESTIONS) {
          const s = performance.now();
          const res = await fetch(`${server!.url}/api/messages`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ threadId: thread, text }) });
          const body = (await res.json()) as { thread?: string };
          latencies.push(performance.now() - s);
          if (res.status !== 200) failures++;
          thread ??= body.thread ?? `bench-${c}`;
        }
      }),
    );
    const wall = performance.now() - t0;
    const exit = await server!.stop();
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const restarts = starts.slice(1);
    const restartMedian = { spawnToReadyMs: median(restarts.map((s) => s.spawnToReadyMs)), mainReadyMs: median(restarts.map((s) => s.mainReadyMs)), cpuMs: median(restarts.map((s) => s.cpuMs)) };
    const turns = { clients, requests: latencies.length, failures, p50Ms: Math.round(percentile(sorted, 50)), p95Ms: Math.round(percentile(sorted, 95)), maxMs: Math.round(sorted.at(-1)!), throughputPerS: Number((latencies.length / (wall / 1000)).toFixed(2)) };
    const markdown = [
      "Start-up of `tollgate serve` on embedded PGlite with the offline model: from spawning the process until /readyz = 200, from the CLI's main() until ready (the server's own figure; the difference is Node's start and loading the compiled bundle), and the process's CPU time (all threads) until ready, which depends less on what else runs on the machine:",
      "",
      "| run | spawn to ready | main() to ready | CPU to ready | data files | knowledge base | database wait | queue start | load average (1 min) |",
      "|---|---|---|---|---|---|---|---|---|",
      ...starts.map(
        (s) =>
          `| ${s.run} | ${sec(s.spawnToReadyMs)} | ${sec(s.mainReadyMs)} | ${sec(s.cpuMs)} | ${sec(s.phases.dataMs)} | ${sec(s.phases.knowledgeMs)} | ${sec(s.phases.storeWaitMs)} | ${sec(s.phases.queueMs)} | ${s.loadAverage.toFixed(1)} |`,
      ),
      "",
      "The database (PGlite) opens while the data files and the knowledge base load; \"database wait\" is what remained after them. The first start creates the database (the retrieval indexes under knowledge/index are already built). The machine has 2 cores; its load average is given because wall-clock figures scale with it.",
      "",
      `Median of ${restarts.length} restarts (database present): spawn to ready ${sec(restartMedian.spawnToReadyMs)}, main() to ready ${sec(restartMedian.mainReadyMs)}, CPU ${sec(restartMedian.cpuMs)}. Exit status after SIGTERM: ${exit}.`,
      "",
      `Turn latency through POST /api/messages, ${clients} concurrent clients, each on its own thread, ${QUESTIONS.length} messages each (classify, duty, follow-up, rulings search, classify):`,
      "",
      "| requests | failures | p50 | p95 | max | throughput |",
      "|---|---|---|---|---|---|",
      `| ${turns.requests} | ${turns.failures} | ${turns.p50Ms} ms | ${turns.p95Ms} ms | ${turns.maxMs} ms | ${turns.throughputPerS} turns/s |`,
    ].join("\n");
    return { title: "Server (tollgate serve)", markdown, json: { starts, restartMedian, turns, exit } };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
