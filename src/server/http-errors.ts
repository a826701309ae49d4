/**
 * Errors over HTTP: every error answer is JSON `{ "error": { "code", "message" } }` with the status
 * that fits it. Tollgate's typed errors map by class (input 400, not found 404, permission 403, a
 * superseded version 409); bad request bodies are 400s naming the field; anything else is a 500
 * whose details stay in the log, never in the answer.
 */
import type { ErrorRequestHandler, Response } from "express";
import { z } from "zod";
import { InputError, NotFoundError, PermissionError, TollgateError, isUserError } from "../errors.ts";
import type { Logger } from "./channel.ts";

/** An error with an HTTP status of its own (auth, CSRF, rate limits). */
export class HttpError extends TollgateError {
  readonly status: number;
  constructor(status: number, code: string, message: string) {
    super(message, code, undefined, true);
    this.status = status;
  }
}

/** Writes the JSON error answer. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  res.status(status).json({ error: { code, message } });
}

/** Codes of PermissionErrors that mean "you decided on an old version": a conflict, not a refusal. */
const CONFLICT_CODES = new Set(["draft_superseded", "draft_filed", "approval_stale", "approval_mismatch"]);

/** The HTTP status of an error. */
export function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (err instanceof TollgateError && CONFLICT_CODES.has(err.code)) return 409;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof PermissionError) return 403;
  if (err instanceof InputError || isUserError(err)) return 400;
  if (err instanceof z.ZodError) return 400;
  const e = err as { type?: string; status?: number; statusCode?: number; code?: string };
  // body-parser and multer errors (malformed JSON, too large, too many files) are the caller's fault.
  if (e.type === "entity.parse.failed" || e.type === "entity.too.large" || e.type === "encoding.unsupported") return e.status ?? 400;
  if (typeof e.code === "string" && e.code.startsWith("LIMIT_")) return 413;
  return 500;
}

/** A zod error as one message naming the field. */
export function zodMessage(err: z.ZodError): { field: string; message: string } {
  const issue = err.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join(".") : "body";
  return { field, message: `${field}: ${issue.message}` };
}

/** The last handler of the app: maps any error to a JSON answer. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    void next;
    const status = statusOf(err);
    if (err instanceof z.ZodError) {
      const { message } = zodMessage(err);
      sendError(res, 400, "invalid_input", message);
      return;
    }
    if (status >= 500) {
      log.error({ err, reqId: (req as { id?: unknown }).id }, "request failed");
      sendError(res, 500, "internal_error", "Tollgate failed to handle this request; the error is in the server log.");
      return;
    }
    const e = err as { code?: unknown; message?: unknown; type?: string };
    const code = err instanceof TollgateError ? err.code : typeof e.type === "string" ? e.type.replace(/\./g, "_") : typeof e.code === "string" ? e.code.toLowerCase() : "bad_request";
    sendError(res, status, code, typeof e.message === "string" ? e.message : "Bad request.");
  };
}
