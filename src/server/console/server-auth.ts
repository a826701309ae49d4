/**
 * The console's `ConsoleAuth` over the server's users and sessions (src/server/users.ts and
 * auth.ts): the signed-in user is the one `authenticate` put on the request from the session
 * cookie, forms carry the session's CSRF token, and sign-in creates a session in PostgreSQL.
 * Bearer tokens are for scripts and the API; console pages accept only a browser session.
 */
import { timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import { csrfToken, parseCookies, SESSION_COOKIE } from "../auth.ts";
import type { UserService } from "../users.ts";
import type { ConsoleAuth, ConsoleUser } from "./auth.ts";

function cookie(value: string, secure: boolean, maxAge?: number): string {
  return [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, "Path=/", "SameSite=Lax", "HttpOnly", secure ? "Secure" : "", maxAge === undefined ? "" : `Max-Age=${maxAge}`]
    .filter(Boolean)
    .join("; ");
}

/** ConsoleAuth over the server's UserService; `authenticate` must run before the console router. */
export function serverConsoleAuth(users: UserService, opts: { secureCookies?: boolean } = {}): ConsoleAuth {
  const secure = opts.secureCookies ?? false;
  return {
    async user(req: Request): Promise<ConsoleUser | null> {
      const u = req.user;
      return u && u.via === "session" ? { name: u.name, displayName: u.displayName, role: u.role } : null;
    },
    async login(_req: Request, res: Response, name: string, password: string): Promise<ConsoleUser | null> {
      const user = await users.verifyPassword(name, password);
      if (!user) return null;
      const { token } = await users.createSession(user);
      res.append("Set-Cookie", cookie(token, secure));
      return { name: user.name, displayName: user.displayName, role: user.role };
    },
    async logout(req: Request, res: Response): Promise<void> {
      const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
      if (token) await users.endSession(token);
      res.append("Set-Cookie", cookie("", secure, 0));
    },
    async csrfToken(req: Request, res: Response): Promise<string> {
      return csrfToken(req, res, { secureCookies: secure });
    },
    async checkCsrf(req: Request, token: string | undefined): Promise<boolean> {
      const expected = req.user?.via === "session" ? req.user.csrfToken : "";
      if (expected === "" || typeof token !== "string" || token.length !== expected.length) return false;
      return timingSafeEqual(Buffer.from(token), Buffer.from(expected));
    },
  };
}
