/**
 * A ConsoleAuth over users held in memory, for tests of the console router on its own: sessions are
 * random tokens in an HttpOnly cookie, each with its own CSRF token. The server's implementation
 * keeps users and sessions in PostgreSQL; the console sees only the interface.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import type { ConsoleAuth, ConsoleRole, ConsoleUser } from "../../../src/server/console/auth.ts";

const COOKIE = "tg_test_session";

function cookieOf(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, v] = part.trim().split("=");
    if (k === COOKIE) return v;
  }
  return undefined;
}

/** Users and sessions in memory. */
export class MemoryAuth implements ConsoleAuth {
  readonly #users = new Map<string, { password: string; user: ConsoleUser }>();
  readonly #sessions = new Map<string, { user: ConsoleUser; csrf: string }>();

  addUser(name: string, role: ConsoleRole, password: string): void {
    this.#users.set(name, { password, user: { name, displayName: name.charAt(0).toUpperCase() + name.slice(1), role } });
  }

  async user(req: Request): Promise<ConsoleUser | null> {
    const token = cookieOf(req);
    return (token && this.#sessions.get(token)?.user) || null;
  }

  async login(_req: Request, res: Response, name: string, password: string): Promise<ConsoleUser | null> {
    const u = this.#users.get(name);
    if (!u || u.password.length !== password.length || !timingSafeEqual(Buffer.from(u.password), Buffer.from(password))) return null;
    const token = randomBytes(24).toString("base64url");
    this.#sessions.set(token, { user: u.user, csrf: randomBytes(24).toString("base64url") });
    res.setHeader("Set-Cookie", `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax`);
    return u.user;
  }

  async logout(req: Request, res: Response): Promise<void> {
    const token = cookieOf(req);
    if (token) this.#sessions.delete(token);
    res.setHeader("Set-Cookie", `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  }

  async csrfToken(req: Request): Promise<string> {
    const token = cookieOf(req);
    return (token && this.#sessions.get(token)?.csrf) || "";
  }

  async checkCsrf(req: Request, token: string | undefined): Promise<boolean> {
    const expected = await this.csrfToken(req);
    return expected !== "" && token === expected;
  }
}
