/**
 * The JSON API under /api, for the console's scripts and for anyone's: the same operations as the
 * CLI through the same functions (a turn through the assistant, drafts through the store and
 * `draftView`, decisions through the approval service, classification and duty through the CLI's
 * batch-record functions). Every route needs a signed-in user or a bearer token; only brokers
 * approve or reject, recorded as `web:<name>`. A clerk sees only the drafts of threads they take
 * part in (server/visibility.ts); others are 404, as if they did not exist. Messages with files run
 * as queued turns and PDFs are rendered by jobs (web-turns.ts, pdf-jobs.ts). Bodies are validated
 * with zod: bad input is a 400 naming the field.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from "express";
import multer from "multer";
import { z } from "zod";
import { approveDraft, rejectDraft, type Actor } from "../agent/approval.ts";
import { resumeWithAssistant } from "../agent/assistant.ts";
import type { Attachment, InboundMessage } from "../agent/messages.ts";
import { newThreadId } from "../agent/threads.ts";
import { replyJson } from "../channels/cli/commands/ask.ts";
import { classifyRecord, rerankModel } from "../channels/cli/commands/classify.ts";
import { summaryRow } from "../channels/cli/commands/drafts.ts";
import { dutyRecord } from "../channels/cli/commands/duty.ts";
import { draftView } from "../filing/draft-service.ts";
import { searchRulingsTool } from "../tools/search-rulings.ts";
import { csrfAfterUpload, requireRole, requireUser } from "./auth.ts";
import { HttpError } from "./http-errors.ts";
import type { ServerContext } from "./server.ts";
import { draftPdf } from "./pdf-jobs.ts";
import { replyBody, runQueuedTurn, turnResult, type QueuedTurn } from "./web-turns.ts";
import { seesAllThreads, Visibility } from "./visibility.ts";

const ThreadId = z.string().trim().regex(/^[A-Za-z0-9._:-]{1,200}$/, "a thread id is 1-200 letters, digits, '.', '_', ':' or '-'");
const MessageBody = z.object({
  threadId: ThreadId.optional(),
  text: z.string().max(20_000, "at most 20000 characters").default(""),
});
const Version = z.coerce.number({ message: "must be a number" }).int("must be a whole number").positive("must be 1 or more");
const ApproveBody = z.object({ version: Version });
const RejectBody = z.object({ version: Version, reason: z.string({ message: "give the reason for the rejection" }).trim().min(1, "give the reason for the rejection").max(2000) });
const DraftId = z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "not a draft id");
const ClassifyBody = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  description: z.string({ message: "give the product description" }).trim().min(1, "give the product description").max(5000),
  origin: z.string().trim().max(60).optional(),
  k: z.coerce.number().int().min(1).max(20).optional(),
});
const Decimalish = z.union([z.string().trim().min(1), z.number().finite()]);
const DutyBody = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    hts: z.string({ message: "give the HTS code" }).trim().min(4, "give the HTS code"),
    origin: z.string({ message: "give the country of origin (ISO 2)" }).trim().min(2, "give the country of origin (ISO 2)"),
    value: Decimalish,
    qty: z.union([z.string(), z.array(z.string())]).optional(),
    program: z.string().optional(),
    metalValue: Decimalish.optional(),
    usContentValue: Decimalish.optional(),
    currency: z.string().optional(),
    fxRate: Decimalish.optional(),
    description: z.string().optional(),
    entryDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD").optional(),
    mode: z.enum(["vessel", "air", "truck", "rail", "mail", "other"]).optional(),
    entryType: z.enum(["formal", "informal"]).optional(),
  })
  .passthrough();
const RulingsQuery = z.object({
  q: z.string({ message: "give the search text" }).trim().min(1, "give the search text").max(1000),
  k: z.coerce.number().int().min(1).max(50).optional(),
  codePrefix: z.string().regex(/^[0-9.]{2,14}$/, "digits of an HTS code").optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD").optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD").optional(),
});
const AuditQuery = z.object({ draft: DraftId.optional(), limit: z.coerce.number().int().min(1).max(10_000).optional() });

const JobKey = z.string().uuid("not a job key");

/** Answers a queued turn: the reply (200), "processing" with the key to ask again (202), or its error. */
function sendQueued(res: Response, turn: QueuedTurn): void {
  if (turn.kind === "reply") return void res.json(turn.body);
  if (turn.kind === "refused") throw new HttpError(400, turn.code, turn.message);
  if (turn.kind === "failed") throw new HttpError(500, "turn_failed", `The message could not be answered: ${turn.error}`);
  res.status(202).setHeader("Retry-After", "5");
  res.json({ status: "processing", job: turn.key, ...(turn.thread ? { thread: turn.thread } : {}), poll: `/api/jobs/${turn.key}` });
}

/** Wraps an async handler so its errors reach the error handler. */
function handle(fn: (req: Request, res: Response) => Promise<unknown>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };
}

/** The actor a web user decides as. */
export function webActor(req: Request): Actor {
  return { channel: "web", identity: req.user!.name };
}

/** Bodies of one record or an array of up to 100, answered in the same shape. */
async function oneOrMany<T>(body: unknown, schema: z.ZodType<T>, each: (r: T) => Promise<unknown> | unknown): Promise<unknown> {
  if (Array.isArray(body)) {
    if (body.length > 100) throw new HttpError(400, "invalid_input", "body: at most 100 records per request");
    // Every record is checked before any is processed, so a bad one costs no work.
    const records = body.map((r, i) => {
      const parsed = schema.safeParse(r);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new HttpError(400, "invalid_input", `${[i, ...issue.path].join(".")}: ${issue.message}`);
      }
      return parsed.data;
    });
    const out: unknown[] = [];
    for (const r of records) out.push(await each(r));
    return out;
  }
  return each(schema.parse(body ?? {}));
}

/** The /api router. */
export function apiRoutes(ctx: ServerContext): Router {
  const { app } = ctx;
  const router = express.Router();
  const uploads = multer({ storage: multer.memoryStorage(), limits: { fileSize: app.config.limits.maxFileBytes, files: 10, fields: 20 } });
  const dutyDeps = { schedule: app.knowledge.schedule, dutyData: app.dutyData, clock: app.clock };
  const rerank = rerankModel(app.config, false);
  const visibility = new Visibility(app.store);
  const jobDeps = { store: app.store, queue: ctx.queue };
  router.use(requireUser());

  const multipartIfAny: RequestHandler = (req, res, next) =>
    (req.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/") ? uploads.array("files", 10)(req, res, next) : next();

  router.post(
    "/messages",
    multipartIfAny,
    csrfAfterUpload({ publicOrigin: app.config.publicUrl ? new URL(app.config.publicUrl).origin : undefined }),
    handle(async (req, res) => {
      const body = MessageBody.parse(req.body ?? {});
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      const attachments: Attachment[] = files.map((f) => ({ filename: f.originalname || "upload", mediaType: f.mimetype, data: new Uint8Array(f.buffer) }));
      if (body.text.trim() === "" && attachments.length === 0) throw new HttpError(400, "invalid_input", "text: give a message or attach a file");
      const user = req.user!;
      // An existing thread only for those who may see it (a clerk: one they take part in); an
      // unknown id starts a new thread.
      if (body.threadId && (await app.store.threads.get(body.threadId)) && !(await visibility.canSeeThread(user, body.threadId))) {
        throw new HttpError(404, "thread_not_found", `No thread ${body.threadId}.`);
      }
      const msg: InboundMessage = {
        channel: "web",
        threadId: body.threadId ?? newThreadId(),
        author: { channel: "web", identity: user.name, displayName: user.displayName },
        text: body.text,
        attachments,
      };
      if (attachments.length === 0) return void res.json(replyBody(await ctx.send(msg)));
      // Reading documents (OCR of scans above all) is slow work: the turn runs on the queue.
      sendQueued(res, await runQueuedTurn(jobDeps, msg));
    }),
  );

  router.get(
    "/jobs/:key",
    handle(async (req, res) => {
      const key = JobKey.parse(req.params.key);
      const got = await turnResult(jobDeps, key);
      // A reply is shown only to those who may see its thread; to others it stays "processing".
      if (got?.kind === "reply" && !(await visibility.canSeeThread(req.user!, got.body.thread))) return void sendQueued(res, { kind: "processing", key, thread: "" });
      sendQueued(res, got ?? { kind: "processing", key, thread: "" });
    }),
  );

  router.get(
    "/drafts",
    handle(async (req, res) => {
      const thread = req.query.thread === undefined ? undefined : ThreadId.parse(req.query.thread);
      const drafts = await visibility.drafts(req.user!, thread ? { threadId: thread } : {});
      res.json(drafts.map(summaryRow));
    }),
  );

  const draftOf = async (req: Request) => {
    const id = DraftId.parse(req.params.id);
    const version = req.query.version === undefined ? undefined : Version.parse(req.query.version);
    return visibility.draft(req.user!, id, version);
  };

  router.get(
    "/drafts/:id",
    handle(async (req, res) => {
      res.json(await draftView(app.store, await draftOf(req)));
    }),
  );

  router.get(
    "/drafts/:id/pdf",
    handle(async (req, res) => {
      const d = await draftOf(req);
      const answer = await draftPdf(jobDeps, d);
      if (answer.kind === "rendering") {
        res.setHeader("Retry-After", "2");
        throw new HttpError(503, "pdf_rendering", "The PDF is still being rendered; try again in a moment.");
      }
      if (answer.kind === "failed") throw new HttpError(500, "pdf_failed", `The PDF could not be rendered: ${answer.error}`);
      res.setHeader("Content-Type", "application/pdf");
      res.setHeader("Content-Disposition", `inline; filename="entry-${d.id}-v${d.version}.pdf"`);
      res.send(answer.pdf);
    }),
  );

  const decisionAnswer = async (result: Awaited<ReturnType<typeof approveDraft>>, actor: Actor) => {
    const resumed = result.repeated && !result.waitingThreadId ? null : await resumeWithAssistant(ctx.assistant, result, actor);
    const draft = await app.store.drafts.get(result.draft.id, result.draft.version);
    return {
      draft: summaryRow(draft),
      decision: { id: result.approval.id, decision: result.approval.decision, by: `${result.approval.actorChannel}:${result.approval.actorIdentity}`, reason: result.approval.reason, at: result.approval.createdAt },
      repeated: result.repeated === true,
      resumed: resumed ? JSON.parse(replyJson(resumed)) : null,
    };
  };

  router.post(
    "/drafts/:id/approve",
    requireRole("broker"),
    handle(async (req, res) => {
      const id = DraftId.parse(req.params.id);
      const { version } = ApproveBody.parse(req.body ?? {});
      const actor = webActor(req);
      const result = await approveDraft({ store: app.store, brokers: app.config.brokers }, { draftId: id, version, actor });
      res.json(await decisionAnswer(result, actor));
    }),
  );

  router.post(
    "/drafts/:id/reject",
    requireRole("broker"),
    handle(async (req, res) => {
      const id = DraftId.parse(req.params.id);
      const { version, reason } = RejectBody.parse(req.body ?? {});
      const actor = webActor(req);
      const result = await rejectDraft({ store: app.store, brokers: app.config.brokers }, { draftId: id, version, actor, reason });
      res.json(await decisionAnswer(result, actor));
    }),
  );

  router.get(
    "/audit/verify",
    handle(async (_req, res) => {
      res.json(await app.store.audit.verify());
    }),
  );

  router.get(
    "/audit",
    handle(async (req, res) => {
      const q = AuditQuery.parse(req.query);
      if (q.draft) await visibility.draft(req.user!, q.draft);
      else if (!seesAllThreads(req.user!)) throw new HttpError(403, "role_required", "The whole audit trail is for brokers, compliance staff and admins; ask for one draft's events with ?draft=<id>.");
      res.json(await app.store.audit.list(q.draft ? { refKey: "draftId", refValue: q.draft } : undefined, q.limit ?? 1000));
    }),
  );

  router.get(
    "/rulings",
    handle(async (req, res) => {
      const q = RulingsQuery.parse(req.query);
      res.json(await searchRulingsTool({ query: q.q, k: q.k ?? 10, codePrefix: q.codePrefix, dateFrom: q.from, dateTo: q.to }, { knowledge: app.knowledge }));
    }),
  );

  router.post(
    "/classify",
    handle(async (req, res) => {
      res.json(await oneOrMany(req.body, ClassifyBody, (r) => classifyRecord(r, app.knowledge, r.k ?? 5, rerank)));
    }),
  );

  router.post(
    "/duty",
    handle(async (req, res) => {
      res.json(await oneOrMany(req.body, DutyBody, (r) => dutyRecord(r as Record<string, unknown>, dutyDeps)));
    }),
  );

  router.use((_req, _res, next) => next(new HttpError(404, "not_found", "No such API route.")));
  return router;
}
