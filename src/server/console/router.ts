/**
 * The web console: an express Router of server-rendered pages over the same services the CLI uses
 * (the assistant for turns, the approval service for decisions, the store for drafts and the audit
 * trail, the knowledge base for search). It takes its dependencies, including the server's
 * sessions (`ConsoleAuth`), so the server mounts it with one line. Every POST carries the session's
 * CSRF token; only brokers see, and may use, the Approve and Reject forms.
 */
import { fileURLToPath } from "node:url";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import multer from "multer";
import type { BaseMessage } from "@langchain/core/messages";
import type { AppContext } from "../../app.ts";
import { approveDraft, rejectDraft } from "../../agent/approval.ts";
import { resumeWithAssistant, type Assistant } from "../../agent/assistant.ts";
import type { Attachment } from "../../agent/messages.ts";
import { newThreadId, pendingFiling } from "../../agent/threads.ts";
import { describeError, InputError, isUserError, NotFoundError, PermissionError } from "../../errors.ts";
import { searchRulings, searchTariff } from "../../knowledge/search.ts";
import type { DraftRecord } from "../../store/index.ts";
import type { JobQueue } from "../../agent/ports.ts";
import type { Logger } from "../channel.ts";
import { draftPdf } from "../pdf-jobs.ts";
import { runQueuedTurn, turnResult } from "../web-turns.ts";
import { Visibility } from "../visibility.ts";
import { canDecide, canSearch, seesAllThreads, webActor, type ConsoleAuth, type ConsoleUser } from "./auth.ts";
import { html, type SafeHtml } from "./html.ts";
import { auditPage, type AuditFilter } from "./pages/audit.ts";
import { draftPage } from "./pages/draft.ts";
import { homePage } from "./pages/home.ts";
import { layout, type PageContext } from "./pages/layout.ts";
import { loginPage } from "./pages/login.ts";
import { searchPage, type SearchForm } from "./pages/search.ts";
import { chatEntries, threadPage } from "./pages/thread.ts";

/** What the console needs. */
export interface ConsoleDeps {
  app: AppContext;
  assistant: Assistant;
  auth: ConsoleAuth;
  /** The work queue: turns with documents and PDF renders run on it. */
  queue: JobQueue;
  /** Path the router is mounted under, e.g. "" (the root) or "/console". */
  basePath?: string;
  log?: Logger;
}

const STATIC_DIR = fileURLToPath(new URL("./static/", import.meta.url));
const STATIC_FILES: Record<string, string> = { "console.css": "text/css; charset=utf-8", "console.js": "text/javascript; charset=utf-8" };
/** Messages for the `error` parameter the server's login handler redirects with. */
const LOGIN_ERRORS: Record<string, string> = {
  invalid: "Wrong user name or password, or the account is disabled.",
  missing: "Give your user name and password.",
};
const THREAD_ID = /^[A-Za-z0-9._:-]{1,200}$/;

type Handler = (req: Request, res: Response, user: ConsoleUser, page: PageContext) => Promise<void>;

/** Builds the console router. */
export function createConsoleRouter(deps: ConsoleDeps): Router {
  const { app, assistant, auth } = deps;
  const base = deps.basePath ?? "";
  const router = express.Router();
  const forms = express.urlencoded({ extended: false, limit: "64kb" });
  const uploads = multer({ storage: multer.memoryStorage(), limits: { fileSize: app.config.limits.maxFileBytes, files: 10, fields: 10 } });

  const send = (res: Response, markup: SafeHtml, status = 200) => {
    res.status(status).type("html").setHeader("Cache-Control", "no-store").send(markup.value);
  };
  const pageOf = async (req: Request, res: Response, user: ConsoleUser | null): Promise<PageContext> => ({ user, csrf: await auth.csrfToken(req, res), base });
  const param = (req: Request, name: string) => String(req.params[name] ?? "");

  /** A page for a signed-in user; POSTs must carry the session's CSRF token. */
  const page = (handler: Handler) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const user = await auth.user(req);
      if (!user) {
        if (req.method === "GET") res.redirect(303, `${base}/login?next=${encodeURIComponent(req.originalUrl)}`);
        else res.status(401).type("text").send("Sign in first.");
        return;
      }
      if (req.method === "POST" && !(await auth.checkCsrf(req, (req.body as Record<string, string> | undefined)?._csrf))) {
        res.status(403).type("text").send("The form has expired or did not come from this console (CSRF token mismatch). Reload the page and try again.");
        return;
      }
      await handler(req, res, user, await pageOf(req, res, user));
    } catch (err) {
      if (err instanceof NotFoundError) {
        send(res, homeError(await pageOf(req, res, await auth.user(req).catch(() => null)), err.message), 404);
        return;
      }
      next(err);
    }
  };

  // Clerks see the threads they take part in and those threads' drafts; other roles see all.
  const visibility = new Visibility(app.store);
  const canSeeThread = (user: ConsoleUser, threadId: string | null) => visibility.canSeeThread(user, threadId);
  const visibleDraft = (user: ConsoleUser, id: string, version?: number) => visibility.draft(user, id, version);

  // With helmet's default "no-referrer", Chromium sends "Origin: null" on form posts, which the
  // server's CSRF origin check must refuse; "same-origin" keeps the origin on the console's own forms
  // and still sends nothing to other sites.
  router.use((_req, res, next) => {
    res.setHeader("Referrer-Policy", "same-origin");
    next();
  });

  router.get("/static/:file", (req, res) => {
    const type = STATIC_FILES[param(req, "file")];
    if (!type) {
      res.status(404).end();
      return;
    }
    res.type(type).setHeader("Cache-Control", "public, max-age=300");
    res.sendFile(param(req, "file"), { root: STATIC_DIR });
  });

  router.get("/login", async (req, res) => {
    const next = typeof req.query.next === "string" ? req.query.next : "";
    const error = LOGIN_ERRORS[typeof req.query.error === "string" ? req.query.error : ""];
    send(res, loginPage(await pageOf(req, res, null), { next, error }), error ? 401 : 200);
  });

  router.post("/login", forms, async (req, res, nextFn) => {
    try {
      const body = req.body as Record<string, string>;
      const name = String(body.name ?? "").trim();
      const user = await auth.login(req, res, name, String(body.password ?? ""));
      if (!user) {
        send(res, loginPage(await pageOf(req, res, null), { error: "Wrong user name or password, or the account is disabled.", name, next: body.next }), 401);
        return;
      }
      // Only a local path: an open redirect would let a link send users elsewhere after sign-in.
      const next = typeof body.next === "string" && body.next.startsWith(`${base}/`) && !body.next.startsWith("//") ? body.next : `${base}/`;
      res.redirect(303, next);
    } catch (err) {
      nextFn(err);
    }
  });

  router.post("/logout", forms, page(async (req, res) => {
    await auth.logout(req, res);
    res.redirect(303, `${base}/login`);
  }));

  router.get("/", page(async (_req, res, user, ctx) => {
    const participants = seesAllThreads(user) ? undefined : await visibility.identities(user);
    const threads = await app.store.threads.listRecent({ limit: 20, participants });
    const drafts = await visibility.drafts(user);
    send(res, homePage(ctx, {
      awaiting: drafts.filter((d) => d.status === "awaiting_approval"),
      others: drafts.filter((d) => d.status !== "awaiting_approval").slice(0, 20),
      threads,
    }));
  }));

  router.get("/threads/new", page(async (_req, res, user) => {
    const id = newThreadId();
    await app.store.threads.upsert(id, "web");
    // The one who opens a conversation takes part in it before writing anything.
    await app.store.threads.addParticipant(id, `web:${user.name}`);
    res.redirect(303, `${base}/threads/${encodeURIComponent(id)}`);
  }));

  const jobDeps = { store: app.store, queue: deps.queue };

  const renderThread = async (res: Response, ctx: PageContext, threadId: string, error?: string, status = 200, notice?: string) => {
    const state = await assistant.agent.graph.getState({ configurable: { thread_id: threadId } });
    const messages = chatEntries(((state.values as { messages?: BaseMessage[] } | undefined)?.messages ?? []) as BaseMessage[]);
    send(res, threadPage(ctx, {
      threadId,
      messages,
      documents: await app.store.documents.listByThread(threadId),
      drafts: await app.store.drafts.list({ threadId }),
      pending: await pendingFiling(assistant.agent, threadId),
      error,
      notice,
    }), status);
  };

  router.get("/threads/:id", page(async (req, res, user, ctx) => {
    const threadId = param(req, "id");
    if (!THREAD_ID.test(threadId) || !(await canSeeThread(user, threadId))) throw new NotFoundError(`No conversation ${threadId}.`, "thread_not_found");
    // After a message whose documents were still being read when the request gave up waiting.
    const job = typeof req.query.job === "string" ? req.query.job : "";
    const processing = job !== "" && (await turnResult(jobDeps, job).catch(() => null)) === null;
    await renderThread(res, ctx, threadId, undefined, 200, processing ? "Your documents are still being read (scans take a while). Reload this page in a moment to see the answer." : undefined);
  }));

  // Multipart: multer parses the body before the CSRF check in `page` reads it.
  router.post("/threads/:id/messages", (req, res, next) => {
    uploads.array("files", 10)(req, res, (err: unknown) => {
      if (!err) return next();
      const tooBig = err instanceof multer.MulterError && err.code === "LIMIT_FILE_SIZE";
      res.status(tooBig ? 413 : 400).type("text").send(tooBig ? `A file is larger than the ${app.config.limits.maxFileBytes} bytes allowed.` : describeError(err));
    });
  }, page(async (req, res, user, ctx) => {
    const threadId = param(req, "id");
    if (!THREAD_ID.test(threadId) || !(await canSeeThread(user, threadId))) throw new NotFoundError(`No conversation ${threadId}.`, "thread_not_found");
    const text = String((req.body as Record<string, string>).text ?? "").trim();
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    const wantsJson = req.get("accept")?.includes("application/json") ?? false;
    if (text === "" && files.length === 0) {
      if (wantsJson) res.status(400).json({ error: { code: "empty_message", message: "Write a message or attach a document." } });
      else await renderThread(res, ctx, threadId, "Write a message or attach a document.", 400);
      return;
    }
    const attachments: Attachment[] = files.map((f) => ({ filename: f.originalname, mediaType: f.mimetype, data: new Uint8Array(f.buffer) }));
    const msg = { channel: "web" as const, threadId, author: { channel: "web" as const, identity: user.name, displayName: user.displayName }, text, attachments };
    const threadUrl = `${base}/threads/${encodeURIComponent(threadId)}`;
    if (attachments.length > 0) {
      // Reading documents (OCR of scans above all) is slow work: the turn runs on the queue.
      const turn = await runQueuedTurn(jobDeps, msg);
      if (turn.kind === "refused") {
        if (wantsJson) res.status(400).json({ error: { code: turn.code, message: turn.message } });
        else await renderThread(res, ctx, threadId, turn.message, 400);
      } else if (turn.kind === "failed") {
        if (wantsJson) res.status(500).json({ error: { code: "turn_failed", message: turn.error } });
        else await renderThread(res, ctx, threadId, `The message could not be answered: ${turn.error}`, 500);
      } else if (turn.kind === "processing") {
        if (wantsJson) res.status(202).json({ status: "processing", job: turn.key, thread: threadId });
        else res.redirect(303, `${threadUrl}?job=${encodeURIComponent(turn.key)}`);
      } else if (wantsJson) {
        const { thread, reply, toolCalls, pendingApproval } = turn.body;
        res.json({ thread, reply, toolCalls, pendingApproval });
      } else res.redirect(303, threadUrl);
      return;
    }
    try {
      const reply = await assistant.send(msg);
      if (wantsJson) res.json({ thread: reply.threadId, reply: reply.text, toolCalls: reply.toolCalls, pendingApproval: reply.pendingApproval });
      else res.redirect(303, threadUrl);
    } catch (err) {
      if (!isUserError(err)) throw err;
      if (wantsJson) res.status(400).json({ error: { code: err.code, message: err.message } });
      else await renderThread(res, ctx, threadId, err.message, 400);
    }
  }));

  const renderDraft = async (res: Response, ctx: PageContext, user: ConsoleUser, record: DraftRecord, extra: { notice?: string; error?: string } = {}, status = 200) => {
    const latest = await app.store.drafts.latestVersion(record.id);
    const versions: DraftRecord[] = [];
    for (let v = 1; v <= latest; v++) versions.push(v === record.version ? record : await app.store.drafts.get(record.id, v));
    send(res, draftPage(ctx, {
      record,
      versions,
      decisions: await app.store.approvals.listFor(record.id),
      filing: await app.store.filings.getFor(record.id, record.version),
      canDecide: canDecide(user),
      ...extra,
    }), status);
  };

  const versionOf = (raw: unknown): number | undefined => {
    if (raw === undefined || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new InputError(`version must be a positive whole number, got "${String(raw)}".`, "invalid_version");
    return n;
  };

  router.get("/drafts/:id", page(async (req, res, user, ctx) => {
    let version: number | undefined;
    try {
      version = versionOf(req.query.version);
    } catch (err) {
      send(res, homeError(ctx, describeError(err)), 400);
      return;
    }
    await renderDraft(res, ctx, user, await visibleDraft(user, param(req, "id"), version));
  }));

  router.get("/drafts/:id/pdf", page(async (req, res, user) => {
    const d = await visibleDraft(user, param(req, "id"), versionOf(req.query.version));
    const answer = await draftPdf(jobDeps, d);
    if (answer.kind !== "pdf") {
      if (answer.kind === "rendering") res.setHeader("Retry-After", "2");
      res.status(answer.kind === "rendering" ? 503 : 500).type("text").setHeader("Cache-Control", "no-store");
      res.send(answer.kind === "rendering" ? "The PDF is still being rendered; reload in a moment." : `The PDF could not be rendered: ${answer.error}`);
      return;
    }
    const pdf = answer.pdf;
    res.type("application/pdf").setHeader("Content-Disposition", `inline; filename="entry-${d.id}-v${d.version}.pdf"`);
    // The page CSP (object-src 'none') would stop the browser's PDF viewer from showing the file
    // inline; a PDF runs no page script, so it gets a policy that only lets the viewer embed it.
    res.setHeader("Content-Security-Policy", "default-src 'none'; object-src 'self'; plugin-types application/pdf; frame-ancestors 'self'");
    res.setHeader("Cache-Control", "no-store");
    res.send(Buffer.from(pdf));
  }));

  const decision = (kind: "approve" | "reject") =>
    page(async (req, res, user, ctx) => {
      const body = req.body as Record<string, string>;
      const record = await visibleDraft(user, param(req, "id"));
      if (!canDecide(user)) {
        deps.log?.warn({ draftId: record.id, user: user.name, role: user.role }, "console decision refused: not a broker");
        await renderDraft(res, ctx, user, record, { error: `Refused: ${user.name} is a ${user.role}; only a licensed broker can ${kind} drafts.` }, 403);
        return;
      }
      const actor = webActor(user);
      const approval = { store: app.store, brokers: app.config.brokers };
      try {
        const version = versionOf(body.version);
        if (version === undefined) throw new InputError("The form did not say which version you decided on; reload the draft.", "version_required");
        const result =
          kind === "approve"
            ? await approveDraft(approval, { draftId: record.id, version, actor })
            : await rejectDraft(approval, { draftId: record.id, version, actor, reason: String(body.reason ?? "") });
        await resumeWithAssistant(assistant, result, actor);
        res.redirect(303, `${base}/drafts/${encodeURIComponent(record.id)}?version=${version}`);
      } catch (err) {
        if (!isUserError(err)) throw err;
        const status = err instanceof PermissionError ? (err.code === "draft_superseded" ? 409 : 403) : 400;
        await renderDraft(res, ctx, user, await app.store.drafts.get(record.id, record.version), { error: `Refused: ${err.message}` }, status);
      }
    });
  router.post("/drafts/:id/approve", forms, decision("approve"));
  router.post("/drafts/:id/reject", forms, decision("reject"));

  const auditFilter = (req: Request): AuditFilter => ({
    draft: typeof req.query.draft === "string" && req.query.draft !== "" ? req.query.draft : undefined,
    thread: typeof req.query.thread === "string" && req.query.thread !== "" ? req.query.thread : undefined,
  });
  const auditEvents = async (user: ConsoleUser, f: AuditFilter) => {
    if (f.draft) {
      await visibleDraft(user, f.draft);
      return app.store.audit.list({ refKey: "draftId", refValue: f.draft }, 1000);
    }
    if (f.thread) {
      if (!(await canSeeThread(user, f.thread))) throw new NotFoundError(`No conversation ${f.thread}.`, "thread_not_found");
      return app.store.audit.listByThread(f.thread, 1000);
    }
    // The whole trail only for roles that see every thread.
    return seesAllThreads(user) ? app.store.audit.latest(200) : [];
  };

  router.get("/audit", page(async (req, res, user, ctx) => {
    const filter = auditFilter(req);
    send(res, auditPage(ctx, { filter, events: await auditEvents(user, filter) }));
  }));

  router.post("/audit/verify", forms, page(async (req, res, user, ctx) => {
    const filter = auditFilter(req);
    const verification = await app.store.audit.verify();
    send(res, auditPage(ctx, { filter, events: await auditEvents(user, filter), verification }));
  }));

  router.get("/search", page(async (req, res, user, ctx) => {
    if (!canSearch(user)) {
      send(res, homeError(ctx, "Rulings and schedule search is for compliance staff and brokers."), 403);
      return;
    }
    const q = (name: string) => (typeof req.query[name] === "string" ? String(req.query[name]).trim() : "");
    const form: SearchForm = { q: q("q"), kind: q("kind") === "tariff" ? "tariff" : "rulings", prefix: q("prefix"), from: q("from"), to: q("to") };
    const revision = app.knowledge.revision;
    if (form.q === "") {
      send(res, searchPage(ctx, { form, revision }));
      return;
    }
    try {
      if (form.kind === "tariff") {
        send(res, searchPage(ctx, { form, revision, tariff: await searchTariff(app.knowledge, form.q, 25) }));
      } else {
        const rulings = await searchRulings(app.knowledge, form.q, 25, {
          codePrefix: form.prefix || undefined,
          from: form.from || undefined,
          to: form.to || undefined,
        });
        send(res, searchPage(ctx, { form, revision, rulings }));
      }
    } catch (err) {
      if (!isUserError(err)) throw err;
      send(res, searchPage(ctx, { form, revision, error: err.message }), 400);
    }
  }));

  return router;
}

/** A short error page inside the frame. */
function homeError(ctx: PageContext, message: string): SafeHtml {
  return layout(ctx, "Not available", html`<h1>Not available</h1><p class="error" role="alert">${message}</p>`);
}
