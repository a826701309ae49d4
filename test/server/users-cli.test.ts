/** `tollgate users` and `tollgate tokens` through the CLI dispatcher, over a temporary PGlite data directory. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/channels/cli/main.ts";
import type { CliIo } from "../../src/channels/cli/io.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "tollgate-users-cli-"));
const env = { TOLLGATE_DATA_DIR: dataDir };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function run(args: string[], stdin = ""): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { stdout: (t) => (out += `${t}\n`), stderr: (t) => (err += `${t}\n`), readStdin: async () => stdin, readSecret: async () => stdin.split("\n")[0]! };
  const code = await main(args, io, env);
  return { code, out, err };
}

describe("tollgate users / tokens", () => {
  it("adds a broker with linked identities from a password on stdin, lists and disables", async () => {
    const add = await run(["users", "add", "ana", "--role", "broker", "--email", "ana@broker.example", "--slack", "U123"], "a long password\n");
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/Added broker ana \(email:ana@broker.example, slack:U123\)/);
    const list = await run(["users", "list", "--json"]);
    const users = JSON.parse(list.out) as Array<{ name: string; role: string; identities: string[]; disabled: boolean }>;
    expect(users).toMatchObject([{ name: "ana", role: "broker", identities: ["email:ana@broker.example", "slack:U123"], disabled: false }]);
    expect(list.out).not.toMatch(/password/i);
    expect((await run(["users", "disable", "ana"])).code).toBe(0);
    expect(JSON.parse((await run(["users", "list", "--json"])).out)[0].disabled).toBe(true);
  });

  it("refuses a missing role, an empty password and an unknown role with exit 2", async () => {
    expect((await run(["users", "add", "bob"], "a long password\n")).code).toBe(2);
    expect((await run(["users", "add", "bob", "--role", "clerk"], "")).code).toBe(2);
    const bad = await run(["users", "add", "bob", "--role", "king"], "a long password\n");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Role must be one of broker, clerk, compliance, admin/);
  });

  it("creates an API token printed once", async () => {
    await run(["users", "add", "cy", "--role", "clerk"], "another long password\n");
    const t = await run(["tokens", "create", "--user", "cy", "--label", "ci"]);
    expect(t.code).toBe(0);
    expect(t.out.trim()).toMatch(/^tg_[A-Za-z0-9_-]{40,}$/);
    const list = await run(["tokens", "list", "--user", "cy"]);
    expect(list.out).toMatch(/ci/);
    expect(list.out).not.toContain(t.out.trim());
  });
});
