/**
 * Users, sessions and the auth middleware over real HTTP: login by JSON and by form (with CSRF),
 * bearer tokens, roles, logout, rate limiting (shared by replicas through the database), purging
 * of expired sessions, and the approval service counting a broker user's
 * linked identities as brokers on their channels.
 */
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBroker } from "../../src/agent/approval.ts";
import { authenticate, csrfProtection, loginRoutes, requireRole, requireUser } from "../../src/server/auth.ts";
import { errorHandler } from "../../src/server/http-errors.ts";
import { UserService } from "../../src/server/users.ts";
import { PgliteDb, storeOver, type Store } from "../../src/store/index.ts";

const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
let store: Store;
let users: UserService;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  store = await storeOver(await PgliteDb.open());
  users = new UserService(store, { bcryptRounds: 4 });
  await users.addUser({ name: "ana", role: "broker", password: "correct horse battery", email: ["Ana@Broker.Example"], slack: ["U024BE7LH"] });
  await users.addUser({ name: "bob", role: "clerk", password: "clerk password 1" });
  const app = express();
  app.use(express.json(), express.urlencoded({ extended: false }));
  app.use(authenticate({ users }));
  app.use(csrfProtection());
  app.use(loginRoutes({ users, loginLimit: { limit: 3, windowMs: 60_000 } }));
  app.get("/api/me", requireUser(), (req, res) => void res.json({ name: req.user!.name, role: req.user!.role }));
  app.post("/api/broker-only", requireRole("broker"), (_req, res) => void res.json({ ok: true }));
  app.post("/form", requireUser(), (_req, res) => void res.json({ ok: true }));
  app.use(errorHandler(silent));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
});
afterAll(async () => {
  await close();
  await store.close();
});

function cookieOf(res: Response, name: string): string | undefined {
  for (const c of res.headers.getSetCookie()) if (c.startsWith(`${name}=`)) return c;
  return undefined;
}

async function jsonLogin(name: string, password: string): Promise<{ res: Response; cookie?: string; csrf?: string }> {
  const res = await fetch(`${base}/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, password }) });
  const set = cookieOf(res, "tollgate_session");
  const body = res.ok ? ((await res.json()) as { csrfToken: string }) : undefined;
  return { res, cookie: set?.split(";")[0], csrf: body?.csrfToken };
}

describe("users and sessions", () => {
  it("stores a bcrypt hash, never the password, and lists users with identities", async () => {
    const raw = await store.db.query<{ password_hash: string }>("select password_hash from users where name = 'ana'");
    expect(raw.rows[0]!.password_hash).toMatch(/^\$2[aby]\$04\$/);
    expect(raw.rows[0]!.password_hash).not.toContain("horse");
    const list = await store.users.list();
    expect(list.map((u) => u.name)).toEqual(["ana", "bob"]);
    expect(list[0]!.identities).toEqual(["email:ana@broker.example", "slack:U024BE7LH"]);
  });

  it("refuses a duplicate name, a bad role and a short password as input errors", async () => {
    await expect(users.addUser({ name: "ana", role: "clerk", password: "long enough password" })).rejects.toThrow(/already exists/);
    await expect(users.addUser({ name: "cy", role: "boss", password: "long enough password" })).rejects.toThrow(/Role must be one of/);
    await expect(users.addUser({ name: "cy", role: "clerk", password: "short" })).rejects.toThrow(/at least/);
  });

  it("logs in by JSON, sets an HttpOnly SameSite session cookie and stores only its digest", async () => {
    const { res, cookie } = await jsonLogin("ana", "correct horse battery");
    expect(res.status).toBe(200);
    const set = cookieOf(res, "tollgate_session")!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    const token = decodeURIComponent(cookie!.split("=")[1]!);
    const rows = await store.db.query<{ token_hash: string }>("select token_hash from sessions");
    expect(rows.rows.some((r) => r.token_hash === token)).toBe(false);
    const me = await fetch(`${base}/api/me`, { headers: { cookie: cookie! } });
    expect(await me.json()).toEqual({ name: "ana", role: "broker" });
  });

  it("answers 401 without a session and 401 for a wrong password", async () => {
    expect((await fetch(`${base}/api/me`)).status).toBe(401);
    const bad = await jsonLogin("bob", "not the password");
    expect(bad.res.status).toBe(401);
    expect(((await bad.res.json()) as { error: { code: string } }).error.code).toBe("login_failed");
  });

  it("enforces roles: a clerk gets 403 where a broker passes", async () => {
    const clerk = await jsonLogin("bob", "clerk password 1");
    const broker = await jsonLogin("ana", "correct horse battery");
    const post = (cookie: string) => fetch(`${base}/api/broker-only`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: "{}" });
    expect((await post(clerk.cookie!)).status).toBe(403);
    expect((await post(broker.cookie!)).status).toBe(200);
  });

  it("requires the session's CSRF token on form posts and refuses other origins", async () => {
    const { cookie, csrf } = await jsonLogin("ana", "correct horse battery");
    const form = (body: string, extra: Record<string, string> = {}) =>
      fetch(`${base}/form`, { method: "POST", headers: { cookie: cookie!, "content-type": "application/x-www-form-urlencoded", ...extra }, body });
    expect((await form("a=1")).status).toBe(403);
    expect((await form("a=1&_csrf=wrong")).status).toBe(403);
    expect((await form(`a=1&_csrf=${csrf}`)).status).toBe(200);
    expect((await form(`a=1&_csrf=${csrf}`, { origin: "https://evil.example" })).status).toBe(403);
    const json = await fetch(`${base}/form`, { method: "POST", headers: { cookie: cookie!, "content-type": "application/json", origin: "https://evil.example" }, body: "{}" });
    expect(json.status).toBe(403);
  });

  it("logs in by form with the double-submit cookie and redirects to next", async () => {
    const noToken = await fetch(`${base}/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "name=ana&password=correct+horse+battery" });
    expect(noToken.status).toBe(403);
    const res = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: "tollgate_csrf=abcdefghijklmnopqrstuvwx" },
      body: "name=ana&password=correct+horse+battery&next=%2Fdrafts&_csrf=abcdefghijklmnopqrstuvwx",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/drafts");
    expect(cookieOf(res, "tollgate_session")).toBeDefined();
  });

  it("accepts a bearer API token (no CSRF needed) and rejects an unknown one", async () => {
    const { token } = await users.createApiToken("ana", "test");
    const ok = await fetch(`${base}/api/broker-only`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    const bad = await fetch(`${base}/api/me`, { headers: { authorization: "Bearer tg_nope" } });
    expect(bad.status).toBe(401);
  });

  it("logout ends the session", async () => {
    const { cookie } = await jsonLogin("bob", "clerk password 1");
    const out = await fetch(`${base}/logout`, { method: "POST", headers: { cookie: cookie! } });
    expect(out.status).toBe(204);
    expect((await fetch(`${base}/api/me`, { headers: { cookie: cookie! } })).status).toBe(401);
  });

  it("disabling a user ends their sessions and tokens and their broker standing", async () => {
    await users.addUser({ name: "dee", role: "broker", password: "dee password 12", slack: ["UDEE"] });
    const { cookie } = await jsonLogin("dee", "dee password 12");
    const deps = { store, brokers: [] };
    expect(await isBroker(deps, { channel: "slack", identity: "UDEE" })).toBe(true);
    await store.users.setDisabled("dee", true);
    expect((await fetch(`${base}/api/me`, { headers: { cookie: cookie! } })).status).toBe(401);
    expect(await isBroker(deps, { channel: "slack", identity: "UDEE" })).toBe(false);
    expect((await jsonLogin("dee", "dee password 12")).res.status).toBe(401);
  });

  it("counts a broker user as a broker for web:<name> and linked identities, a clerk never", async () => {
    const deps = { store, brokers: [] };
    expect(await isBroker(deps, { channel: "web", identity: "ana" })).toBe(true);
    expect(await isBroker(deps, { channel: "email", identity: "ANA@broker.example" })).toBe(true);
    expect(await isBroker(deps, { channel: "slack", identity: "U024BE7LH" })).toBe(true);
    expect(await isBroker(deps, { channel: "web", identity: "bob" })).toBe(false);
    expect(await isBroker(deps, { channel: "slack", identity: "U999" })).toBe(false);
    expect(await isBroker({ store, brokers: [{ channel: "slack", identity: "U999" }] }, { channel: "slack", identity: "U999" })).toBe(true);
  });

  it("rate-limits failed logins (429)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await jsonLogin("ana", `wrong ${i}`)).res.status);
    expect(statuses).toContain(429);
  });

  it("counts failed logins in the database, so a second replica refuses the same client too", async () => {
    // A second server process over the same database: its own UserService and routes.
    const other = express();
    other.use(express.json());
    other.use(loginRoutes({ users: new UserService(store, { bcryptRounds: 4 }), loginLimit: { limit: 3, windowMs: 60_000 } }));
    other.use(errorHandler(silent));
    const server = other.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/login`;
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "ana", password: "correct horse battery" }) });
      // The failures made through the first server count here: even the right password waits.
      expect(res.status).toBe(429);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("too_many_logins");
      const rows = await store.db.query<{ failures: number }>("select failures from login_attempts");
      expect(rows.rows.map((r) => Number(r.failures))).toEqual([expect.any(Number)]);
      expect(Number(rows.rows[0]!.failures)).toBeGreaterThanOrEqual(3);
    } finally {
      await new Promise((r) => server.close(() => r(undefined)));
    }
  });

  it("purges expired sessions when someone signs in", async () => {
    let now = new Date("2026-01-01T08:00:00Z");
    const timed = new UserService(store, { bcryptRounds: 4, clock: () => now });
    const bob = (await store.users.findByName("bob"))!;
    const { session } = await timed.createSession(bob);
    const count = async () => Number((await store.db.query<{ n: string }>("select count(*) as n from sessions where token_hash = $1", [session.tokenHash])).rows[0]!.n);
    expect(await count()).toBe(1);
    now = new Date(new Date(session.expiresAt!).getTime() + 1000);
    await timed.createSession(bob);
    expect(await count()).toBe(0);
  });
});
