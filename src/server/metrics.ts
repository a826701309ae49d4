/**
 * Prometheus metrics (prom-client), one registry per server so several servers in one process
 * (tests) do not collide. Request latency and agent turn latency are measured in this process;
 * queue depth, extracted pages and filings are read from the database when scraped, so every
 * replica reports the same shared figures.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Queryable } from "../store/index.ts";

/** The server's metrics. */
export interface ServerMetrics {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
  turnDuration: Histogram<"tool">;
  turnsTotal: Counter<"outcome">;
  jobsTotal: Counter<"queue" | "outcome">;
}

/** What the scrape-time gauges read. */
export interface MetricSources {
  db?: () => Queryable | undefined;
  queueDepth?: () => Promise<Record<string, number>>;
}

/** Builds the registry and its metrics. */
export function createMetrics(sources: MetricSources = {}): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "tollgate_process_" });
  const httpDuration = new Histogram({
    name: "tollgate_http_request_duration_seconds",
    help: "HTTP request latency by method, route pattern and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const turnDuration = new Histogram({
    name: "tollgate_agent_turn_duration_seconds",
    help: "Agent turn latency, observed once for each tool the turn called (tool=none when it called none).",
    labelNames: ["tool"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const turnsTotal = new Counter({ name: "tollgate_agent_turns_total", help: "Agent turns by outcome.", labelNames: ["outcome"] as const, registers: [registry] });
  const jobsTotal = new Counter({ name: "tollgate_jobs_total", help: "Jobs run by this process, by queue and outcome.", labelNames: ["queue", "outcome"] as const, registers: [registry] });
  new Gauge({
    name: "tollgate_queue_depth",
    help: "Jobs waiting or retrying, by queue (shared by every replica).",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const depth: Record<string, number> = (await sources.queueDepth?.().catch(() => ({}))) ?? {};
      for (const [queue, n] of Object.entries(depth)) this.set({ queue }, n);
    },
  });
  new Gauge({
    name: "tollgate_extraction_pages",
    help: "Pages of documents extracted, from the store.",
    registers: [registry],
    async collect() {
      const db = sources.db?.();
      if (!db) return;
      const r = await db.query<{ n: string | number | null }>("select coalesce(sum(case when extracted->>'pages' ~ '^[0-9]+$' then (extracted->>'pages')::int else 0 end), 0) as n from documents").catch(() => null);
      if (r) this.set(Number(r.rows[0]?.n ?? 0));
    },
  });
  new Gauge({
    name: "tollgate_filings",
    help: "Filings recorded in the store, by status.",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const db = sources.db?.();
      if (!db) return;
      const r = await db.query<{ status: string; n: string | number }>("select status, count(*) as n from filings group by status").catch(() => null);
      if (!r) return;
      this.reset();
      for (const row of r.rows) this.set({ status: row.status }, Number(row.n));
    },
  });
  return { registry, httpDuration, turnDuration, turnsTotal, jobsTotal };
}

/** Records one turn's latency under each tool it called. */
export function observeTurn(metrics: ServerMetrics, seconds: number, tools: string[], outcome: "answered" | "refused" | "failed"): void {
  const distinct = [...new Set(tools)];
  for (const tool of distinct.length ? distinct : ["none"]) metrics.turnDuration.observe({ tool }, seconds);
  metrics.turnsTotal.inc({ outcome });
}
