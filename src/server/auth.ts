/**
 * Authentication for the server's routes. A browser signs in with POST /login (a form or JSON) and
 * gets the `tollgate_session` cookie (HttpOnly, SameSite=Lax, Secure behind https); scripts send
 * `Authorization: Bearer <token>` with a token from `tollgate tokens create`. `authenticate` puts
 * the user on `req.user`; `requireUser` and `requireRole` guard routes.
 *
 * CSRF: a cross-site form post is refused in three ways. The session cookie is SameSite=Lax, so
 * browsers do not send it on cross-site POSTs; a request whose Origin (or Referer) is another site
 * is refused; and every form post (urlencoded, multipart, text) must carry the session's CSRF
 * token in the `_csrf` field or the `x-csrf-token` header (before login: the `tollgate_csrf`
 * double-submit cookie). JSON bodies cannot be sent cross-site without a CORS preflight, which
 * this server never grants, so they need only the origin check. Bearer-token requests carry no
 * ambient credential and are exempt.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from "express";
import { z } from "zod";
import type { UserRole } from "../store/index.ts";
import { HttpError, sendError } from "./http-errors.ts";
import type { AuthUser, UserService } from "./users.ts";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own augmentation point for req.user
  namespace Express {
    interface Request {
      /** The signed-in user, set by `authenticate`. */
      user?: AuthUser;
      /** The raw token that authenticated the request (logout ends it). */
      authToken?: string;
    }
  }
}

/** The session cookie's name. */
export const SESSION_COOKIE = "tollgate_session";
/** The pre-login CSRF cookie (double-submit). */
export const CSRF_COOKIE = "tollgate_csrf";
/** The form field and header that carry the CSRF token. */
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";

/** Options of the auth middleware. */
export interface AuthOptions {
  users: UserService;
  /** Mark cookies Secure (when served over https). */
  secureCookies?: boolean;
  /** The public origin (`https://tollgate.example`) when behind a proxy; otherwise the Host header's. */
  publicOrigin?: string;
  /** Failed logins allowed per client address per window (default 10 per 15 minutes). */
  loginLimit?: { limit: number; windowMs: number };
}

/** Parses a Cookie header. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const idx = part.indexOf("=");
    if (idx <= 0) continue;
    const name = part.slice(0, idx).trim();
    const raw = part.slice(idx + 1).trim().replace(/^"(.*)"$/, "$1");
    try {
      out[name] ??= decodeURIComponent(raw);
    } catch {
      out[name] ??= raw;
    }
  }
  return out;
}

function bearerOf(req: Request): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}

/** The signed-in user of a request, if any. */
export function currentUser(req: Request): AuthUser | undefined {
  return req.user;
}

/**
 * Reads the session cookie or bearer token and sets `req.user`. A bad bearer token is a 401 at once
 * (a script should learn its token is wrong); an unknown or expired cookie is simply anonymous.
 */
export function authenticate(opts: Pick<AuthOptions, "users">): RequestHandler {
  return async (req, res, next) => {
    try {
      const bearer = bearerOf(req);
      if (bearer !== undefined) {
        const user = await opts.users.authenticate(bearer, "api");
        if (!user) return sendError(res, 401, "token_invalid", "The bearer token is unknown, revoked or belongs to a disabled user.");
        req.user = user;
        req.authToken = bearer;
        return next();
      }
      const cookie = parseCookies(req.headers.cookie)[SESSION_COOKIE];
      if (cookie) {
        const user = await opts.users.authenticate(cookie, "session");
        if (user) {
          req.user = user;
          req.authToken = cookie;
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

function wantsHtml(req: Request): boolean {
  if (req.path.startsWith("/api/") || req.headers.authorization) return false;
  return req.method === "GET" && (req.headers.accept ?? "").includes("text/html");
}

/** Lets only signed-in users through: 401 JSON for the API, a redirect to /login for pages. */
export function requireUser(): RequestHandler {
  return (req, res, next) => {
    if (req.user) return next();
    if (wantsHtml(req)) return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    sendError(res, 401, "login_required", "Sign in first (POST /login), or send Authorization: Bearer <token>.");
  };
}

/** Lets only users with one of the roles through (403 otherwise; 401 when not signed in). */
export function requireRole(...roles: UserRole[]): RequestHandler {
  return (req, res, next) => {
    if (!req.user) {
      requireUser()(req, res, next);
      return;
    }
    if (roles.includes(req.user.role)) return next();
    sendError(res, 403, "role_required", `This needs the role ${roles.join(" or ")}; ${req.user.name} is ${req.user.role}.`);
  };
}

function cookieHeader(name: string, value: string, opts: { httpOnly: boolean; secure: boolean; maxAgeSeconds?: number }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", "SameSite=Lax"];
  if (opts.httpOnly) parts.push("HttpOnly");
  if (opts.secure) parts.push("Secure");
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  return parts.join("; ");
}

function appendCookie(res: Response, cookie: string): void {
  const prev = res.getHeader("Set-Cookie");
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev.map(String) : [String(prev)];
  res.setHeader("Set-Cookie", [...list, cookie]);
}

/**
 * The CSRF token to embed in a form (`<input type="hidden" name="_csrf">`) or send as the
 * `x-csrf-token` header: the session's when signed in, otherwise the double-submit cookie's
 * (set on this response when the browser has none yet).
 */
export function csrfToken(req: Request, res: Response, opts: { secureCookies?: boolean } = {}): string {
  if (req.user?.via === "session") return req.user.csrfToken;
  const existing = parseCookies(req.headers.cookie)[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{16,100}$/.test(existing)) return existing;
  const fresh = (res.locals.csrfFresh as string | undefined) ?? randomBytes(24).toString("base64url");
  if (!res.locals.csrfFresh) {
    res.locals.csrfFresh = fresh;
    appendCookie(res, cookieHeader(CSRF_COOKIE, fresh, { httpOnly: false, secure: opts.secureCookies ?? false }));
  }
  return fresh;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

function requestOrigin(req: Request, publicOrigin?: string): string {
  return publicOrigin ?? `${req.protocol}://${req.headers.host ?? ""}`;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function isMultipart(req: Request): boolean {
  return (req.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/");
}

function isJson(req: Request): boolean {
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  return type.startsWith("application/json") || type.endsWith("+json");
}

/** Checks one request; throws HttpError 403 when it fails. `deferMultipart` skips a multipart body not parsed yet. */
function checkCsrf(req: Request, res: Response, opts: { publicOrigin?: string; deferMultipart: boolean }): "ok" | "deferred" {
  if (!UNSAFE.has(req.method) || req.user?.via === "token") return "ok";
  const origin = req.headers.origin ?? (req.headers.referer ? safeOrigin(req.headers.referer) : undefined);
  const own = requestOrigin(req, opts.publicOrigin);
  if (origin !== undefined && origin !== "null" && origin !== own) {
    throw new HttpError(403, "csrf_origin", `Cross-site request refused: origin ${origin} is not ${own}.`);
  }
  if (origin === "null") throw new HttpError(403, "csrf_origin", "Cross-site request refused: opaque origin.");
  // No body (a bare POST) or a JSON body: a browser cannot send these cross-site without a preflight.
  const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  if (isJson(req) || (!hasBody && !req.headers["content-type"])) return "ok";
  const sent = (req.headers[CSRF_HEADER] as string | undefined) ?? (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  if (sent === undefined && isMultipart(req) && opts.deferMultipart) return "deferred";
  const expected = req.user?.via === "session" ? req.user.csrfToken : parseCookies(req.headers.cookie)[CSRF_COOKIE];
  if (typeof sent !== "string" || !expected || !same(sent, expected)) {
    throw new HttpError(403, "csrf_token", "The form's CSRF token is missing or does not match; reload the page and try again.");
  }
  void res;
  return "ok";
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * CSRF protection for every unsafe request, installed after the body parsers (and after
 * `authenticate`). A multipart form's token is in its body, parsed later by the route's multer:
 * such a route runs `csrfAfterUpload()` after multer.
 */
export function csrfProtection(opts: Pick<AuthOptions, "publicOrigin"> = {}): RequestHandler {
  return (req, res, next) => {
    try {
      const r = checkCsrf(req, res, { publicOrigin: opts.publicOrigin, deferMultipart: true });
      if (r === "deferred") res.locals.csrfDeferred = true;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The CSRF check of a multipart form, after multer has parsed its fields. */
export function csrfAfterUpload(opts: Pick<AuthOptions, "publicOrigin"> = {}): RequestHandler {
  return (req, res, next) => {
    if (!res.locals.csrfDeferred) return next();
    try {
      checkCsrf(req, res, { publicOrigin: opts.publicOrigin, deferMultipart: false });
      next();
    } catch (err) {
      next(err);
    }
  };
}

const LoginBody = z.object({
  name: z.string().trim().min(1, "give the user name").max(100),
  password: z.string().min(1, "give the password").max(1000),
  next: z.string().optional(),
});

/** A local path to go to after login (never another site). */
function safeNext(raw: string | undefined): string {
  return raw && raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\") ? raw : "/";
}

const TOO_MANY = "Too many failed sign-ins from this address; wait a few minutes and try again.";

/** Failed sign-ins allowed per client address and window (default 10 per 15 minutes). */
function loginPolicy(opts: AuthOptions): { limit: number; windowMs: number } {
  return { limit: opts.loginLimit?.limit ?? 10, windowMs: opts.loginLimit?.windowMs ?? 15 * 60_000 };
}

/** The client address failed sign-ins are counted under (X-Forwarded-For's with TOLLGATE_TRUST_PROXY). */
function clientKey(req: Request): string {
  return `ip:${req.ip ?? req.socket.remoteAddress ?? "unknown"}`;
}

/**
 * POST /login and POST /logout. A form login answers 303 to `next` (or `/`), a failed one 303 to
 * `/login?error=invalid`; a JSON login answers `{ user, csrfToken }` or 401. Failed logins are rate
 * limited per client address (429), counted in the database so the limit holds across replicas.
 */
export function loginRoutes(opts: AuthOptions): Router {
  const router = express.Router();
  const secure = opts.secureCookies ?? false;
  const { limit, windowMs } = loginPolicy(opts);
  router.post("/login", async (req: Request, res: Response, next: NextFunction) => {
    try {
      const client = clientKey(req);
      if (await opts.users.loginBlocked(client, limit)) {
        res.setHeader("Retry-After", String(Math.ceil(windowMs / 1000)));
        return sendError(res, 429, "too_many_logins", TOO_MANY);
      }
      const body = (req.body ?? {}) as Record<string, unknown>;
      const parsed = LoginBody.safeParse({ name: body.name ?? body.username, password: body.password, next: body.next });
      const form = !isJson(req);
      if (!parsed.success) {
        if (form) return res.redirect(303, "/login?error=missing");
        const issue = parsed.error.issues[0]!;
        return sendError(res, 400, "invalid_input", `${issue.path.join(".")}: ${issue.message}`);
      }
      const user = await opts.users.verifyPassword(parsed.data.name, parsed.data.password);
      if (!user) {
        // Counts against the rate limit; the form gets the login page again with a message.
        await opts.users.loginFailed(client, windowMs);
        if (form) return res.redirect(303, `/login?error=invalid&next=${encodeURIComponent(safeNext(parsed.data.next))}`);
        return sendError(res, 401, "login_failed", "Unknown user name or wrong password.");
      }
      await opts.users.loginSucceeded(client);
      const { token, session } = await opts.users.createSession(user);
      appendCookie(res, cookieHeader(SESSION_COOKIE, token, { httpOnly: true, secure }));
      if (form) return res.redirect(303, safeNext(parsed.data.next));
      res.json({ user: { name: user.name, displayName: user.displayName, role: user.role }, csrfToken: session.csrfToken });
    } catch (err) {
      next(err);
    }
  });
  router.post("/logout", async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (req.authToken && req.user?.via === "session") await opts.users.endSession(req.authToken);
      appendCookie(res, cookieHeader(SESSION_COOKIE, "", { httpOnly: true, secure, maxAgeSeconds: 0 }));
      if (!isJson(req) && (req.headers.accept ?? "").includes("text/html")) return res.redirect(303, "/login");
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  });
  return router;
}

/** A signed-in user as the web console sees them. */
export interface SessionUser {
  name: string;
  displayName: string;
  role: UserRole;
}

/**
 * The sessions interface the web console takes (`ConsoleAuth`): who is signed in, signing in and out
 * from the console's own login form, and CSRF tokens. It is this module's sessions, cookies and
 * login rate limit behind the console's interface. Use after `authenticate` (which sets req.user).
 */
export function sessionAuth(opts: AuthOptions) {
  const secure = opts.secureCookies ?? false;
  // The same policy and the same counters as POST /login.
  const { limit, windowMs } = loginPolicy(opts);
  const view = (u: { name: string; displayName: string; role: UserRole }): SessionUser => ({ name: u.name, displayName: u.displayName, role: u.role });
  return {
    async user(req: Request): Promise<SessionUser | null> {
      return req.user ? view(req.user) : null;
    },
    async login(req: Request, res: Response, name: string, password: string): Promise<SessionUser | null> {
      const client = clientKey(req);
      if (await opts.users.loginBlocked(client, limit)) throw new HttpError(429, "too_many_logins", TOO_MANY);
      const user = await opts.users.verifyPassword(name, password);
      if (!user) {
        await opts.users.loginFailed(client, windowMs);
        return null;
      }
      await opts.users.loginSucceeded(client);
      const { token } = await opts.users.createSession(user);
      appendCookie(res, cookieHeader(SESSION_COOKIE, token, { httpOnly: true, secure }));
      return view(user);
    },
    async logout(req: Request, res: Response): Promise<void> {
      if (req.authToken && req.user?.via === "session") await opts.users.endSession(req.authToken);
      appendCookie(res, cookieHeader(SESSION_COOKIE, "", { httpOnly: true, secure, maxAgeSeconds: 0 }));
    },
    async csrfToken(req: Request, res: Response): Promise<string> {
      return csrfToken(req, res, { secureCookies: secure });
    },
    async checkCsrf(req: Request, token: string | undefined): Promise<boolean> {
      const expected = req.user?.via === "session" ? req.user.csrfToken : parseCookies(req.headers.cookie)[CSRF_COOKIE];
      return typeof token === "string" && !!expected && same(token, expected);
    },
  };
}
