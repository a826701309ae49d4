/**
 * The console router over HTTP without a browser: sign-in redirects, escaping of text that came
 * from users, CSRF refusal, the refusal of a clerk's decision on a draft, and a clerk seeing only
 * the conversations and drafts they take part in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { tempSetup } from "../../e2e/helpers.ts";
import { addUser, startConsole, type RunningConsole } from "./harness.ts";
import { sampleDraft } from "../../store/fixtures.ts";

const setup = tempSetup("console-http");
const env = { TOLLGATE_DATA_DIR: setup.dataDir, TOLLGATE_LOG_LEVEL: "error" };
let c: RunningConsole;

beforeAll(async () => {
  await addUser(env, "ana", "broker", "ana-password-1");
  await addUser(env, "carl", "clerk", "carl-password-1");
  await addUser(env, "cora", "compliance", "cora-password-1");
  c = await startConsole(loadConfig(env));
});
afterAll(async () => {
  await c?.close();
  setup.cleanup();
});

/** The sign-in form's CSRF token and the pre-login cookie it is bound to. */
async function loginForm(): Promise<{ csrf: string; cookie: string }> {
  const page = await fetch(`${c.url}/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  return { csrf, cookie: page.headers.get("set-cookie")!.split(";")[0]! };
}

async function login(name: string, password: string): Promise<string> {
  const form = await loginForm();
  const res = await fetch(`${c.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: form.cookie },
    body: new URLSearchParams({ name, password, _csrf: form.csrf }),
  });
  expect(res.status).toBe(303);
  return res.headers.getSetCookie().find((h) => h.startsWith("tollgate_session="))!.split(";")[0]!;
}

async function csrfOf(cookie: string, path: string): Promise<string> {
  const page = await (await fetch(`${c.url}${path}`, { headers: { cookie } })).text();
  return /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
}

describe("console over HTTP", () => {
  it("sends visitors without a session to the sign-in page and refuses a wrong password", async () => {
    const res = await fetch(`${c.url}/drafts/x`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Fdrafts%2Fx");
    const form = await loginForm();
    const bad = await fetch(`${c.url}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: form.cookie },
      body: new URLSearchParams({ name: "ana", password: "wrong-password", _csrf: form.csrf }),
    });
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain("Wrong user name or password");
  });

  it("escapes document text on the draft page and refuses a clerk's approval", async () => {
    const content = sampleDraft();
    content.lines[0]!.description = `<script>alert("x")</script> widgets`;
    const thread = "t-console-http";
    await c.app.store.threads.upsert(thread, "web");
    await c.app.store.threads.addParticipant(thread, "web:carl");
    const draft = await c.app.store.drafts.create(content, { threadId: thread, createdBy: "web:carl" });
    const carl = await login("carl", "carl-password-1");
    const page = await (await fetch(`${c.url}/drafts/${draft.id}`, { headers: { cookie: carl } })).text();
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; widgets");
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain('data-testid="approve"');
    const csrf = await csrfOf(carl, `/drafts/${draft.id}`);
    const refused = await fetch(`${c.url}/drafts/${draft.id}/approve`, {
      method: "POST",
      headers: { cookie: carl, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, version: "1" }),
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("only a licensed broker can approve");
    expect(await c.app.store.approvals.listFor(draft.id)).toEqual([]);

    const ana = await login("ana", "ana-password-1");
    const noToken = await fetch(`${c.url}/drafts/${draft.id}/reject`, {
      method: "POST",
      headers: { cookie: ana, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ version: "1", reason: "check the value" }),
    });
    expect(noToken.status).toBe(403);
    expect(await c.app.store.approvals.listFor(draft.id)).toEqual([]);
    const anaCsrf = await csrfOf(ana, `/drafts/${draft.id}`);
    const rejected = await fetch(`${c.url}/drafts/${draft.id}/reject`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: ana, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: anaCsrf, version: "1", reason: "check the value" }),
    });
    expect(rejected.status).toBe(303);
    const decisions = await c.app.store.approvals.listFor(draft.id);
    expect(decisions.map((d) => [d.decision, `${d.actorChannel}:${d.actorIdentity}`, d.reason])).toEqual([["rejected", "web:ana", "check the value"]]);
  });

  it("hides another clerk's conversation and its drafts everywhere; compliance sees them", async () => {
    const thread = "t-someone-else";
    await c.app.store.threads.upsert(thread, "web");
    await c.app.store.threads.addParticipant(thread, "web:dora");
    const draft = await c.app.store.drafts.create(sampleDraft(), { threadId: thread, createdBy: "web:dora" });
    const carl = await login("carl", "carl-password-1");
    for (const path of [`/threads/${thread}`, `/drafts/${draft.id}`, `/drafts/${draft.id}/pdf`, `/audit?draft=${draft.id}`, `/audit?thread=${thread}`]) {
      const res = await fetch(`${c.url}${path}`, { headers: { cookie: carl } });
      expect(res.status, path).toBe(404);
    }
    const home = await (await fetch(`${c.url}/`, { headers: { cookie: carl } })).text();
    expect(home).not.toContain(draft.id);
    expect(home).not.toContain(thread);
    // A conversation carl opens is his from the start, before he writes in it.
    const opened = await fetch(`${c.url}/threads/new`, { redirect: "manual", headers: { cookie: carl } });
    const mine = decodeURIComponent(opened.headers.get("location")!.split("/").pop()!);
    expect(await c.app.store.threads.participants(mine)).toEqual(["web:carl"]);
    expect((await fetch(`${c.url}/threads/${mine}`, { headers: { cookie: carl } })).status).toBe(200);
    expect(await (await fetch(`${c.url}/`, { headers: { cookie: carl } })).text()).toContain(mine);
    const cora = await login("cora", "cora-password-1");
    for (const path of [`/threads/${thread}`, `/drafts/${draft.id}`]) expect((await fetch(`${c.url}${path}`, { headers: { cookie: cora } })).status, path).toBe(200);
    expect(await (await fetch(`${c.url}/`, { headers: { cookie: cora } })).text()).toContain(draft.id);
  });

  it("shows the differences between versions in the history", async () => {
    const content = sampleDraft();
    const draft = await c.app.store.drafts.create(content, { threadId: null, createdBy: "web:ana" });
    const edited = structuredClone(content);
    edited.header.portOfEntry = "1001";
    await c.app.store.drafts.addVersion(draft.id, edited, "web:ana");
    const ana = await login("ana", "ana-password-1");
    const page = await (await fetch(`${c.url}/drafts/${draft.id}`, { headers: { cookie: ana } })).text();
    expect(page).toContain("1 change(s) from version 1");
    expect(page).toMatch(/<code>header\.portOfEntry<\/code><\/td><td class="del">2704<\/td><td class="ins">1001<\/td>/);
  });

  it("searches rulings for compliance staff with code prefix and dates, links to rulings.cbp.gov; not for clerks", async () => {
    const cora = await login("cora", "cora-password-1");
    const res = await fetch(`${c.url}/search?q=knitted+cotton+sweater&kind=rulings&prefix=6110&from=2000-01-01&to=2026-12-31`, { headers: { cookie: cora } });
    expect(res.status).toBe(200);
    const page = await res.text();
    const links = [...page.matchAll(/href="(https:\/\/rulings\.cbp\.gov\/ruling\/[^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    const hits = page.split('<li>').slice(1);
    for (const h of hits) expect(h).toMatch(/<code class="code-\w+"[^>]*>6110/);
    const bad = await fetch(`${c.url}/search?q=sweater&prefix=61x`, { headers: { cookie: cora } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("code prefix must be 2 to 10 digits");
    const tariff = await (await fetch(`${c.url}/search?q=knitted+cotton+sweater&kind=tariff`, { headers: { cookie: cora } })).text();
    expect(tariff).toMatch(/<td><code>6110\.\d\d/);
    const carl = await login("carl", "carl-password-1");
    expect((await fetch(`${c.url}/search?q=sweater`, { headers: { cookie: carl } })).status).toBe(403);
  });

  // Last: it breaks the chain of this file's database on purpose.
  it("names the first bad row when the audit chain was edited", async () => {
    await c.app.store.audit.append({ type: "note", actor: "system", summary: "first" });
    const second = await c.app.store.audit.append({ type: "note", actor: "system", summary: "second" });
    await c.app.store.audit.append({ type: "note", actor: "system", summary: "third" });
    // Someone with DDL rights switches the append-only trigger off and edits a row.
    await c.app.store.db.exec("alter table audit_events disable trigger audit_events_append_only");
    await c.app.store.db.query("update audit_events set body = replace(body, 'second', 'edited') where seq = $1", [second.seq]);
    await c.app.store.db.exec("alter table audit_events enable trigger audit_events_append_only");
    const ana = await login("ana", "ana-password-1");
    const csrf = await csrfOf(ana, "/audit");
    const res = await fetch(`${c.url}/audit/verify`, { method: "POST", headers: { cookie: ana, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: csrf }) });
    const page = await res.text();
    expect(page).toContain(`Audit chain BROKEN at row ${second.seq}`);
    expect(page).toContain("hash mismatch");
  });
});
