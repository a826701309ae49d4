/// <reference lib="dom" />
/**
 * The console in a real browser (Debian's chromium via playwright-core): a clerk signs in, drops an
 * invoice on the conversation page, asks for a draft and to file it; the draft page shows the 7501
 * blocks, grouped warnings and the PDF but no decision buttons, and the clerk's own POST is refused;
 * the broker signs in, approves, sees "filed (exported)", and the audit page verifies the chain.
 * Runs on embedded PGlite, and on a real PostgreSQL server when TEST_DATABASE_URL is set.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { loadConfig } from "../../../src/config.ts";
import { DOCUMENTS, tempSetup } from "../../e2e/helpers.ts";
import { freshPgDatabase, TEST_DATABASE_URL } from "../../store/helpers.ts";
import { HAS_CHROMIUM, launchBrowser } from "./browser.ts";
import { addUser, startConsole, type RunningConsole } from "./harness.ts";

const INVOICE = path.join(DOCUMENTS, "commercial_invoices_tariffcheck", "invoice_thailand_1.pdf");
const TURN_TIMEOUT = 90_000;

let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

beforeAll(async () => {
  if (HAS_CHROMIUM) browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, base: string, name: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name="name"]', name);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type="submit"]')]);
  await expect(page.textContent('[data-testid="current-user"]')).resolves.toContain(name);
}

/** Drops a file on the drop zone the way a browser's drag and drop does (a DataTransfer with a File). */
async function dropFile(page: Page, file: string, mediaType: string): Promise<void> {
  const data = readFileSync(file).toString("base64");
  const transfer = await page.evaluateHandle(
    ({ data, name, type }) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type }));
      return dt;
    },
    { data, name: path.basename(file), type: mediaType },
  );
  await page.dispatchEvent("#dropzone", "drop", { dataTransfer: transfer });
}

/** Sends a chat message (and the dropped files) and waits for the page to reload with the answer. */
async function chat(page: Page, text: string): Promise<string> {
  const before = await page.locator(".msg").count();
  await page.fill("#chat-text", text);
  await page.click("#send");
  await page.waitForFunction((n) => document.querySelectorAll(".msg").length >= n + 2, before, { timeout: TURN_TIMEOUT });
  return (await page.locator(".msg-assistant").last().textContent()) ?? "";
}

async function fullFlow(ctx: BrowserContext, c: RunningConsole, shotDir: string): Promise<void> {
  const page = await ctx.newPage();
  const base = c.url;

  // A clerk prepares the entry.
  await signIn(page, base, "carl", "carl-password-1");
  await page.click("text=New conversation");
  await page.waitForURL(/\/threads\/t-/);
  const threadUrl = page.url();
  await dropFile(page, INVOICE, "application/pdf");
  await expect(page.textContent("#file-list")).resolves.toContain("invoice_thailand_1.pdf");
  const drafted = await chat(page, "draft an entry from this invoice");
  expect(drafted).toMatch(/draft [0-9a-f-]{36} version 1/);
  // Extraction results with provenance: the invoice number, read from page 1 of the PDF.
  const provenance = page.locator('[data-testid="document"] table.provenance');
  await expect(provenance.textContent()).resolves.toContain("CI-2026-87084");
  expect(await provenance.locator("tbody tr").count()).toBeGreaterThan(5);
  expect(await provenance.locator("tbody tr td:nth-child(4)").first().textContent()).toMatch(/^1:\d+$/);

  await chat(page, "file it");
  const pending = page.locator('[data-testid="pending"]');
  await expect(pending.textContent()).resolves.toContain("waiting for a licensed broker's approval");
  await pending.locator("a").click();
  await page.waitForURL(/\/drafts\//);
  const draftUrl = page.url().replace(/\?.*$/, "");
  const draftId = draftUrl.split("/").at(-1)!;
  await expect(page.textContent('h1 [data-testid="status"]')).resolves.toBe("awaiting approval");
  // The clerk sees the draft, but no decision buttons; a POST of their own is refused.
  expect(await page.locator('[data-testid="approve"]').count()).toBe(0);
  await expect(page.textContent('[data-testid="no-decision"]')).resolves.toContain("Only a licensed broker");
  const refusal = await page.evaluate(async (url) => {
    const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
    const res = await fetch(`${url}/approve`, { method: "POST", body: new URLSearchParams({ _csrf: csrf, version: "1" }) });
    return { status: res.status, text: await res.text() };
  }, draftUrl);
  expect(refusal.status).toBe(403);
  expect(refusal.text).toContain("only a licensed broker can approve");
  expect(await c.app.store.approvals.listFor(draftId)).toEqual([]);
  await page.click('nav button:has-text("Sign out")');
  await page.waitForURL(`${base}/login`);

  // The broker finds it on the home page and reviews it.
  await signIn(page, base, "ana", "ana-password-1");
  const awaiting = page.locator('[data-testid="awaiting-drafts"]');
  await awaiting.locator(`a[href="/drafts/${draftId}"]`).click();
  await page.waitForURL(draftUrl);
  const blocks = await page.textContent('[data-testid="header-blocks"]');
  expect(blocks).toContain("12. B/L or AWB No.");
  expect(blocks).toContain("26. Importer of Record");
  const lines = page.locator('[data-testid="lines"] tbody tr');
  expect(await lines.count()).toBeGreaterThan(0);
  expect(await page.textContent('[data-testid="lines"]')).toMatch(/\d{4}\.\d{2}\.\d{4}/);
  expect(await page.textContent('[data-testid="grand-total"]')).toMatch(/^\$\d[\d.]*$/);
  // Warnings come once per kind, with the lines they concern.
  const kinds = await page.locator('[data-testid="warning-group"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
  expect(kinds.length).toBeGreaterThan(0);
  expect(new Set(kinds).size).toBe(kinds.length);
  // The 7501 PDF is shown inline from the PDF endpoint.
  const pdfSrc = await page.getAttribute('[data-testid="pdf"]', "src");
  expect(pdfSrc).toBe(`/drafts/${draftId}/pdf?version=1`);
  const pdf = await page.request.get(`${base}${pdfSrc}`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await page.screenshot({ path: path.join(shotDir, "draft-page.png"), fullPage: true });

  await Promise.all([page.waitForURL(`${draftUrl}?version=1`), page.click('[data-testid="approve"]')]);
  await expect(page.textContent('h1 [data-testid="status"]')).resolves.toBe("filed (exported)");
  await expect(page.textContent('[data-testid="filing"]')).resolves.toContain("Filed (exported)");
  expect(await page.locator('[data-testid="approve"]').count()).toBe(0);
  expect(await page.textContent('[data-testid="versions"]')).toContain("approved by web:ana");

  // The conversation got the filing result; the audit page lists the events and verifies the chain.
  await page.goto(threadUrl);
  expect(await page.locator(".msg-assistant").last().textContent()).toContain("filed (exported)");
  await page.goto(`${base}/audit?draft=${draftId}`);
  const types = await page.locator('[data-testid="audit-events"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-type")));
  expect(types).toEqual(expect.arrayContaining(["draft", "calculation", "approval_requested", "approval", "filing"]));
  await page.click('[data-testid="verify"]');
  await expect(page.textContent('[data-testid="verify-result"]')).resolves.toMatch(/^Audit chain verified: \d+ events intact/);
  await page.close();
}

async function runOn(env: Record<string, string>, dataDir: string): Promise<void> {
  // The operator creates the users with the CLI; being a broker comes from the role, not TOLLGATE_BROKERS.
  await addUser(env, "ana", "broker", "ana-password-1");
  await addUser(env, "carl", "clerk", "carl-password-1");
  const c = await startConsole(loadConfig(env));
  try {
    await fullFlow(browser!.context, c, dataDir);
  } finally {
    await c.close();
  }
}

describe.skipIf(!HAS_CHROMIUM)("console in chromium", () => {
  it("clerk uploads and asks to file, broker approves: filed (exported), audit chain verified (PGlite)", async () => {
    const setup = tempSetup("console-browser");
    try {
      await runOn({ TOLLGATE_DATA_DIR: setup.dataDir, TOLLGATE_LOG_LEVEL: "error" }, setup.dataDir);
    } finally {
      setup.cleanup();
    }
  }, 300_000);

  it.skipIf(!TEST_DATABASE_URL)("the same flow on a real PostgreSQL server", async () => {
    const setup = tempSetup("console-browser-pg");
    const fresh = await freshPgDatabase(TEST_DATABASE_URL!);
    await fresh.db.close();
    try {
      await runOn({ TOLLGATE_DATA_DIR: setup.dataDir, DATABASE_URL: fresh.url, TOLLGATE_LOG_LEVEL: "error" }, setup.dataDir);
    } finally {
      await fresh.dispose();
      setup.cleanup();
    }
  }, 300_000);
});
