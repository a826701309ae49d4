/**
 * The JSON API over real HTTP against a server started in-process on a temporary PGlite data
 * directory with the offline model: a clerk drafts an entry from an uploaded invoice and asks to
 * file; a clerk's approval is refused (403), a stale version conflicts (409), a broker's approval
 * files it once (a second approval is a no-op answer), and the audit chain verifies. Another clerk
 * sees none of it (404), compliance sees it all; a clerk's linked Slack and e-mail identities count
 * as taking part. Bad input is a 400 naming the field.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer, type ServerContext } from "../../src/server/server.ts";
import { createLogger } from "../../src/server/logger.ts";
import { enqueueTurn } from "../../src/server/jobs.ts";
import type { OutboundReply } from "../../src/agent/messages.ts";
import { DOCUMENTS, NOW, knowledgeBase, outboxEntries, tempSetup } from "../e2e/helpers.ts";
import { sampleDraft } from "../store/fixtures.ts";
import { PDFParse } from "pdf-parse";
import { runQueuedTurn } from "../../src/server/web-turns.ts";

const setup = tempSetup("api");
let server: RunningServer;
let ctx: ServerContext;
const auth: Record<string, Record<string, string>> = {};
const delivered: Array<{ threadId: string; reply: OutboundReply }> = [];
const INVOICE = path.join(DOCUMENTS, "commercial_invoices_text_demo", "demo2_clothing.txt");

beforeAll(async () => {
  server = await startServer({
    config: setup.config,
    port: 0,
    knowledge: await knowledgeBase(setup.config),
    clock: () => NOW,
    bcryptRounds: 4,
    logger: createLogger("silent"),
    queuePollSeconds: 0.5,
    // A channel whose replies arrive later than its requests (as Slack's and e-mail's do).
    channels: [() => ({ name: "late", replies: { channel: "email", deliver: async (threadId, reply) => void delivered.push({ threadId, reply }) } })],
  });
  ctx = await server.ready;
  await ctx.users.addUser({ name: "ana", role: "broker", password: "broker password 1" });
  await ctx.users.addUser({ name: "bob", role: "clerk", password: "clerk password 1" });
  await ctx.users.addUser({ name: "cy", role: "clerk", password: "clerk password 2" });
  await ctx.users.addUser({ name: "sam", role: "clerk", password: "clerk password 3", slack: ["U0SAM"], email: ["Sam@Shipper.example"] });
  await ctx.users.addUser({ name: "cora", role: "compliance", password: "compliance password 1" });
  const people = [["ana", "broker password 1"], ["bob", "clerk password 1"], ["cy", "clerk password 2"], ["sam", "clerk password 3"], ["cora", "compliance password 1"]] as const;
  for (const [name, password] of people) {
    const res = await fetch(`${server.url}/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, password }) });
    expect(res.status).toBe(200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    auth[name] = { cookie: res.headers.getSetCookie()[0]!.split(";")[0]!, "x-csrf-token": csrfToken };
  }
});
afterAll(async () => {
  await server.close();
  setup.cleanup();
});

function api(method: string, route: string, as: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/api${route}`, {
    method,
    headers: { ...auth[as], ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe("JSON API", () => {
  let thread: string;
  let draftId: string;

  it("runs a turn from a multipart upload and answers the ask --json contract", async () => {
    const form = new FormData();
    form.set("text", "draft an entry from this invoice");
    form.append("files", new Blob([readFileSync(INVOICE)], { type: "text/plain" }), "demo2_clothing.txt");
    const res = await fetch(`${server.url}/api/messages`, { method: "POST", headers: auth.bob, body: form });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { thread: string; reply: string; toolCalls: Array<{ name: string }>; pendingApproval: unknown };
    expect(body.toolCalls.map((c) => c.name)).toEqual(["extract_document", "draft_declaration"]);
    thread = body.thread;
    const drafts = (await (await api("GET", `/drafts?thread=${thread}`, "bob")).json()) as Array<{ id: string; version: number; status: string }>;
    expect(drafts).toHaveLength(1);
    draftId = drafts[0]!.id;
    const asked = await api("POST", "/messages", "bob", { threadId: thread, text: "file it" });
    expect(((await asked.json()) as { pendingApproval: unknown }).pendingApproval).toEqual({ draftId, version: 1 });
  });

  it("renders the PDF of a draft waiting for approval on the queue before anyone asks, and keeps it", async () => {
    // The filing paused in the previous test; the pre-render job needs no request.
    const end = Date.now() + 30_000;
    let kept = await ctx.app.store.draftPdfs.get(draftId, 1, "awaiting_approval");
    while (!kept?.pdf && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      kept = await ctx.app.store.draftPdfs.get(draftId, 1, "awaiting_approval");
    }
    expect(kept!.pdf!.subarray(0, 5).toString()).toBe("%PDF-");
    const served = Buffer.from(await (await api("GET", `/drafts/${draftId}/pdf`, "bob")).arrayBuffer());
    expect(served.equals(kept!.pdf!)).toBe(true);
  });

  it("reads a scanned upload in a queued job: 202 while processing, then the reply at /api/jobs/<key>", async () => {
    const parser = new PDFParse({ data: new Uint8Array(readFileSync(path.join(DOCUMENTS, "commercial_invoices_tariffcheck", "invoice_austria_1.pdf"))) });
    const shot = await parser.getScreenshot({ scale: 2, imageDataUrl: false, imageBuffer: true });
    await parser.destroy();
    const scan = { filename: "scan.png", mediaType: "image/png", data: shot.pages[0]!.data };
    const msg = { channel: "web" as const, threadId: "t-api-scan", author: { channel: "web" as const, identity: "bob" }, text: "extract this invoice", attachments: [scan] };
    // OCR takes seconds: a request that stops waiting at once gets the key.
    const queued = await runQueuedTurn({ store: ctx.app.store, queue: ctx.queue }, msg, { waitMs: 0 });
    expect(queued.kind).toBe("processing");
    const key = (queued as { key: string }).key;
    const early = await api("GET", `/jobs/${key}`, "bob");
    expect(early.status).toBe(202);
    expect(await early.json()).toMatchObject({ status: "processing", job: key });
    let res = early;
    const end = Date.now() + 180_000;
    while (res.status === 202 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 250));
      res = await api("GET", `/jobs/${key}`, "bob");
    }
    expect(res.status).toBe(200);
    const body = (await res.json()) as { thread: string; reply: string; toolCalls: Array<{ name: string }> };
    expect(body.thread).toBe("t-api-scan");
    expect(body.toolCalls.map((c) => c.name)).toContain("extract_document");
    expect(body.reply).toMatch(/2026-51796/);
    // Another clerk does not learn the reply of a thread they take no part in.
    expect((await api("GET", `/jobs/${key}`, "cy")).status).toBe(202);
    expect((await api("GET", "/jobs/not-a-key", "bob")).status).toBe(400);
  }, 240_000);

  it("refuses a multipart post without the CSRF token", async () => {
    const form = new FormData();
    form.set("text", "hello");
    const res = await fetch(`${server.url}/api/messages`, { method: "POST", headers: { cookie: auth.bob!.cookie! }, body: form });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("csrf_token");
  });

  it("shows the draft as drafts show --json and its PDF", async () => {
    const view = (await (await api("GET", `/drafts/${draftId}`, "bob")).json()) as { draftId: string; version: number; status: string };
    expect(view).toMatchObject({ draftId, version: 1, status: "awaiting_approval" });
    const pdf = await api("GET", `/drafts/${draftId}/pdf`, "bob");
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    expect((await api("GET", "/drafts/nope-nope", "bob")).status).toBe(404);
  });

  it("refuses a clerk's approval (403) and a stale or missing version (409 / 400)", async () => {
    const clerk = await api("POST", `/drafts/${draftId}/approve`, "bob", { version: 1 });
    expect(clerk.status).toBe(403);
    const stale = await api("POST", `/drafts/${draftId}/approve`, "ana", { version: 2 });
    expect(stale.status).toBe(404);
    const missing = await api("POST", `/drafts/${draftId}/approve`, "ana", {});
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).message).toMatch(/^version:/);
    const noReason = await api("POST", `/drafts/${draftId}/reject`, "ana", { version: 1 });
    expect(noReason.status).toBe(400);
    expect((await errorOf(noReason)).message).toMatch(/^reason:/);
    expect(outboxEntries(setup.dataDir)).toEqual([]);
  });

  it("files once on a broker's approval; a second approval is a no-op answer", async () => {
    const res = await api("POST", `/drafts/${draftId}/approve`, "ana", { version: 1 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { decision: { by: string }; repeated: boolean; resumed: { toolCalls: Array<{ name: string }>; reply: string } };
    expect(body.decision.by).toBe("web:ana");
    expect(body.repeated).toBe(false);
    expect(body.resumed.toolCalls.map((c) => c.name)).toEqual(["file_declaration"]);
    expect(body.resumed.reply).toMatch(/filed/i);
    const again = await api("POST", `/drafts/${draftId}/approve`, "ana", { version: 1 });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { repeated: boolean; resumed: unknown })).toMatchObject({ repeated: true, resumed: null });
    expect(outboxEntries(setup.dataDir)).toEqual([`${draftId}-v1`]);
    const approvals = await ctx.app.store.approvals.listFor(draftId, 1);
    expect(approvals).toHaveLength(1);
    // A version edited after filing is a conflict, never a second filing.
    const stale = await api("POST", `/drafts/${draftId}/reject`, "ana", { version: 1, reason: "too late" });
    expect(stale.status).toBe(409);
  });

  it("shows a clerk only the drafts of threads they take part in; others are 404, and compliance sees all", async () => {
    // cy is a clerk who took no part in bob's thread.
    const listed = (await (await api("GET", "/drafts", "cy")).json()) as Array<{ id: string }>;
    expect(listed.map((d) => d.id)).not.toContain(draftId);
    for (const route of [`/drafts/${draftId}`, `/drafts/${draftId}?version=1`, `/drafts/${draftId}/pdf`, `/audit?draft=${draftId}`]) {
      const res = await api("GET", route, "cy");
      expect(res.status, route).toBe(404);
      expect((await errorOf(res)).message).toBe(`No draft with id ${draftId}.`);
    }
    expect((await api("GET", `/drafts?thread=${thread}`, "cy").then((r) => r.json())) as unknown[]).toEqual([]);
    // Nor can cy join bob's thread by posting to it, nor read the whole trail.
    const post = await api("POST", "/messages", "cy", { threadId: thread, text: "what is in this draft?" });
    expect(post.status).toBe(404);
    expect(await ctx.app.store.threads.participants(thread)).toEqual(["web:bob"]);
    expect((await api("GET", "/audit", "cy")).status).toBe(403);
    // Compliance and brokers see every draft (read-only for compliance).
    for (const who of ["cora", "ana"]) {
      expect(((await (await api("GET", "/drafts", who)).json()) as Array<{ id: string }>).map((d) => d.id)).toContain(draftId);
      expect((await api("GET", `/drafts/${draftId}`, who)).status).toBe(200);
    }
    expect((await api("GET", "/audit", "cora")).status).toBe(200);
  });

  it("counts a clerk's linked Slack and e-mail identities as taking part", async () => {
    const slackThread = "slack:T1:C1:1700000000.000100";
    await ctx.send({ channel: "slack", threadId: slackThread, author: { channel: "slack", identity: "U0SAM" }, text: "classify men's knitted cotton sweaters", attachments: [] });
    const mailThread = "email:t-sam";
    await ctx.send({ channel: "email", threadId: mailThread, author: { channel: "email", identity: "sam@shipper.example" }, text: "classify women's woven silk blouses", attachments: [] });
    const fromSlack = await ctx.app.store.drafts.create(sampleDraft(), { threadId: slackThread, createdBy: "slack:U0SAM" });
    const fromMail = await ctx.app.store.drafts.create(sampleDraft(), { threadId: mailThread, createdBy: "email:sam@shipper.example" });
    const seen = ((await (await api("GET", "/drafts", "sam")).json()) as Array<{ id: string }>).map((d) => d.id);
    expect(seen).toEqual(expect.arrayContaining([fromSlack.id, fromMail.id]));
    expect(seen).not.toContain(draftId);
    expect((await api("GET", `/drafts/${fromSlack.id}`, "sam")).status).toBe(200);
    expect((await api("GET", `/drafts/${fromSlack.id}`, "bob")).status).toBe(404);
    expect(await ctx.app.store.threads.participants(slackThread)).toEqual(["slack:U0SAM"]);
  });

  it("lists and verifies the audit trail", async () => {
    const events = (await (await api("GET", `/audit?draft=${draftId}`, "bob")).json()) as Array<{ type: string; actor: string }>;
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["approval_requested", "approval", "filing"]));
    expect(events.find((e) => e.type === "approval")!.actor).toBe("web:ana");
    const verify = (await (await api("GET", "/audit/verify", "bob")).json()) as { ok: boolean; count: number };
    expect(verify.ok).toBe(true);
    expect(verify.count).toBeGreaterThan(3);
  });

  it("classifies, calculates duty and searches rulings with batch-line bodies", async () => {
    const c = (await (await api("POST", "/classify", "bob", { id: "a", description: "men's knitted cotton sweaters", origin: "CN" })).json()) as {
      id: string;
      candidates: Array<{ code: string }>;
    };
    expect(c.id).toBe("a");
    expect(c.candidates.length).toBeGreaterThan(0);
    expect(c.candidates[0]!.code).toMatch(/^\d{4}\.\d{2}\.\d{2}/);
    const d = (await (await api("POST", "/duty", "bob", { id: "x", hts: "6110.20.2079", origin: "VN", value: "12000", qty: "100:doz", entryDate: "2026-11-02" })).json()) as {
      id: string;
      totals: { total: string };
    };
    expect(d.id).toBe("x");
    expect(d.totals.total).toMatch(/^\d+\.\d{2}$/);
    const many = (await (await api("POST", "/duty", "bob", [{ hts: "6110.20.2079", origin: "VN", value: 100 }, { hts: "6110.20.2079", origin: "CN", value: 100 }])).json()) as unknown[];
    expect(many).toHaveLength(2);
    const r = (await (await api("GET", "/rulings?q=cotton%20sweater&k=3", "bob")).json()) as { results: unknown[] };
    expect(r.results.length).toBeGreaterThan(0);
  });

  it("answers bad input with a 400 naming the field, never a 500", async () => {
    const cases: Array<[string, string, unknown, RegExp]> = [
      ["POST", "/classify", {}, /^description:/],
      ["POST", "/classify", [{ description: "x" }, { origin: "CN" }], /^1\.description:/],
      ["POST", "/duty", { hts: "6110.20.2079", origin: "VN" }, /^value:/],
      ["POST", "/duty", { hts: "6110.20.2079", origin: "VN", value: "abc" }, /./],
      ["POST", "/messages", { text: 5 }, /^text:/],
      ["POST", "/messages", { threadId: "bad id!", text: "hi" }, /^threadId:/],
    ];
    for (const [method, route, body, message] of cases) {
      const res = await api(method, route, "bob", body);
      expect(res.status, `${route} ${JSON.stringify(body)}`).toBe(400);
      expect((await errorOf(res)).message).toMatch(message);
    }
    const q = await api("GET", "/rulings", "bob");
    expect(q.status).toBe(400);
    expect((await errorOf(q)).message).toMatch(/^q:/);
    const bad = await fetch(`${server.url}/api/classify`, { method: "POST", headers: { ...auth.bob, "content-type": "application/json" }, body: "{not json" });
    expect(bad.status).toBe(400);
    expect((await api("GET", "/nothing-here", "bob")).status).toBe(404);
  });

  it("needs a user: 401 without a session, bearer tokens work", async () => {
    expect((await fetch(`${server.url}/api/drafts`)).status).toBe(401);
    const { token } = await ctx.users.createApiToken("bob");
    const res = await fetch(`${server.url}/api/drafts`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });

  it("runs a queued turn on the queue and delivers the reply through the channel's sink", async () => {
    const id = await enqueueTurn(ctx.queue, { channel: "email", threadId: "email:t-queued", author: { channel: "email", identity: "shipper@example.com" }, text: "classify men's knitted cotton sweaters", attachments: [], messageId: "<m1@example.com>" });
    expect(id).not.toBeNull();
    expect(await enqueueTurn(ctx.queue, { channel: "email", threadId: "email:t-queued", author: { channel: "email", identity: "shipper@example.com" }, text: "again", attachments: [], messageId: "<m1@example.com>" })).toBeNull();
    const end = Date.now() + 60_000;
    while (delivered.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.threadId).toBe("email:t-queued");
    expect(delivered[0]!.reply.toolCalls.map((c) => c.name)).toContain("classify_product");
  });
});
