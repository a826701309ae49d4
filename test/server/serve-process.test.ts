/**
 * The real `tollgate serve` process on the embedded defaults: /healthz answers while loading,
 * /readyz turns 200 once the store and knowledge base are loaded, /metrics is Prometheus text, and
 * SIGTERM shuts it down with exit status 0 within 10 s.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/config.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "tollgate-serve-"));
let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("tollgate serve", () => {
  it("serves health, readiness and metrics, then stops on SIGTERM with exit 0", { timeout: 240_000 }, async () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TOLLGATE_DATA_DIR: dataDir, PORT: "0", TOLLGATE_LOG_LEVEL: "info" };
    child = spawn(process.execPath, [path.join(PROJECT_ROOT, "bin", "tollgate.js"), "serve"], { env, cwd: dataDir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));

    const url = await waitFor("the URL", async () => /listening on (http:\/\/[^\s]+) /.exec(stderr)?.[1], 60_000);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const early = await fetch(`${url}/readyz`);
    // Readiness is 503 until loading finished (it may already have, on a fast machine).
    expect([200, 503]).toContain(early.status);
    if (early.status === 503) expect((await fetch(`${url}/api/drafts`)).status).toBe(503);

    await waitFor("readiness", async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined), 200_000);
    expect(stderr).toMatch(/No users yet/);
    expect((await fetch(`${url}/api/drafts`)).status).toBe(401);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/# TYPE tollgate_http_request_duration_seconds histogram/);
    expect(metrics).toMatch(/tollgate_http_request_duration_seconds_count\{method="GET",route="\/api",status="401"\} 1/);
    expect(metrics).toMatch(/tollgate_queue_depth\{queue="tollgate.turn"\} 0/);
    expect(metrics).toMatch(/tollgate_filings|tollgate_extraction_pages 0/);

    // Logs are JSON lines with a request id; no cookie or authorization value is ever written.
    await fetch(`${url}/api/drafts`, { headers: { authorization: "Bearer tg_secretvalue", cookie: "tollgate_session=s_secretcookie" } });
    await new Promise((r) => setTimeout(r, 300));
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => typeof (l.req as { id?: unknown } | undefined)?.id === "string")).toBe(true);
    expect(stdout).not.toContain("secretvalue");
    expect(stdout).not.toContain("secretcookie");

    const t0 = Date.now();
    child.kill("SIGTERM");
    const code = await exited;
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(stdout).toMatch(/"msg":"stopped"/);
  });
});
