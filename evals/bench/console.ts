/**
 * Web console benchmark in Debian's chromium (playwright-core): a clerk uploads an invoice and asks
 * for a draft and to file it, a broker opens the draft page and approves it. Reports the wall time
 * of each browser step (a chat post includes the agent turn), the draft page's load time (HTML and
 * the inline 7501 PDF) over repeated loads, and writes a screenshot of the draft page to
 * evals/reports/console-draft-page.png. Skipped when /usr/bin/chromium is absent.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/config.ts";
import { DOCUMENTS, tempSetup } from "../../test/e2e/helpers.ts";
import { HAS_CHROMIUM, CHROMIUM, launchBrowser } from "../../test/server/console/browser.ts";
import { addUser, startConsole } from "../../test/server/console/harness.ts";
import type { BenchResult } from "../bench.ts";

const REPORTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "reports");
const SHOT = "console-draft-page.png";
const INVOICE = path.join(DOCUMENTS, "commercial_invoices_tariffcheck", "invoice_thailand_1.pdf");
const LOADS = 10;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export async function bench(): Promise<BenchResult> {
  if (!HAS_CHROMIUM) return { title: "Web console (chromium)", markdown: `Skipped: no browser at ${CHROMIUM} (apt-get install -y chromium).`, json: { skipped: true } };
  const setup = tempSetup("bench-console");
  const env = { TOLLGATE_DATA_DIR: setup.dataDir, TOLLGATE_LOG_LEVEL: "error" };
  const steps: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    steps[name] = Math.round(performance.now() - t0);
    return r;
  };
  await addUser(env, "ana", "broker", "ana-password-1");
  await addUser(env, "carl", "clerk", "carl-password-1");
  const c = await time("start console (knowledge base, store)", () => startConsole(loadConfig(env)));
  const browser = await time("launch chromium", () => launchBrowser());
  const loads: number[] = [];
  let status: string;
  try {
    const page = await browser.context.newPage();
    const signIn = async (name: string, password: string) => {
      await page.goto(`${c.url}/login`);
      await page.fill('input[name="name"]', name);
      await page.fill('input[name="password"]', password);
      await Promise.all([page.waitForURL(`${c.url}/`), page.click('button[type="submit"]')]);
    };
    const chat = async (text: string) => {
      const before = await page.locator(".msg").count();
      await page.fill("#chat-text", text);
      await page.click("#send");
      await page.waitForFunction((n) => document.querySelectorAll(".msg").length >= n + 2, before, { timeout: 120_000 });
    };
    await time("sign in (clerk)", () => signIn("carl", "carl-password-1"));
    await page.click("text=New conversation");
    await page.waitForURL(/\/threads\//);
    await page.setInputFiles("#files", INVOICE);
    await time("upload invoice + draft (agent turn)", () => chat("draft an entry from this invoice"));
    await time("ask to file (agent turn)", () => chat("file it"));
    const href = await page.getAttribute('[data-testid="pending"] a', "href");
    const draftUrl = `${c.url}${href!.replace(/\?.*$/, "")}`;
    await page.click('nav button:has-text("Sign out")');
    await page.waitForURL(`${c.url}/login`);
    await time("sign in (broker)", () => signIn("ana", "ana-password-1"));
    for (let i = 0; i < LOADS; i++) {
      const t0 = performance.now();
      await page.goto(draftUrl, { waitUntil: "load" });
      loads.push(performance.now() - t0);
    }
    // The browser's PDF viewer paints only what is in view, a moment after the load event: make the
    // whole page the viewport, give the viewer time, then take the picture.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1280, height });
    await page.waitForTimeout(5000);
    await page.screenshot({ path: path.join(REPORTS, SHOT) });
    await page.setViewportSize({ width: 1280, height: 900 });
    await time("approve and file (resume turn)", async () => {
      await Promise.all([page.waitForURL(/\?version=/), page.click('[data-testid="approve"]')]);
    });
    status = (await page.textContent('h1 [data-testid="status"]')) ?? "";
  } finally {
    await browser.close();
    await c.close();
    setup.cleanup();
  }
  const p50 = Math.round(pct(loads, 50));
  const p95 = Math.round(pct(loads, 95));
  const rows = Object.entries(steps).map(([k, v]) => `| ${k} | ${v} |`);
  return {
    title: "Web console (chromium)",
    markdown: [
      `Draft page load (HTML + inline 7501 PDF, ${LOADS} loads): p50 ${p50} ms, p95 ${p95} ms. Status after approval: "${status}".`,
      "",
      "| Step | ms |",
      "|---|---|",
      ...rows,
      "",
      `Screenshot of the draft page: [${SHOT}](${SHOT}).`,
    ].join("\n"),
    json: { draftPageLoadMs: { p50, p95, n: LOADS }, stepsMs: steps, statusAfterApproval: status, screenshot: `evals/reports/${SHOT}` },
  };
}
