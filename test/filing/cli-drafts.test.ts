import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/channels/cli/main.ts";
import { loadConfig } from "../../src/config.ts";
import { openStore } from "../../src/store/index.ts";
import { sampleDraft } from "../store/fixtures.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe("tollgate drafts / audit", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tollgate-cli-"));
  const env = { TOLLGATE_DATA_DIR: dir, TOLLGATE_BROKERS: "cli:ana,slack:U024BE7LH" };
  let draftId: string;
  const cli = async (...argv: string[]) => {
    const c = capture();
    const code = await main(argv, c.io, env);
    return { code, out: c.out.join("\n"), err: c.err.join("\n") };
  };
  beforeAll(async () => {
    const store = await openStore(loadConfig(env));
    draftId = (await store.drafts.create(sampleDraft(), { threadId: "t1", createdBy: "agent" })).id;
    await store.audit.append({ type: "draft", actor: "agent", refs: { draftId, version: 1 } });
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists and shows drafts as JSON", async () => {
    const list = await cli("drafts", "list", "--json");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toMatchObject([{ id: draftId, version: 1, status: "draft" }]);
    const show = await cli("drafts", "show", draftId, "--json");
    expect(JSON.parse(show.out)).toMatchObject({ draftId, version: 1, header: { portOfEntry: "2704" }, lines: [{ hts: "6110.20.2079" }], totals: { total: "4073.14" } });
  });

  it("writes the 7501 PDF", async () => {
    const file = path.join(dir, "draft.pdf");
    expect((await cli("drafts", "show", draftId, "--pdf", file)).code).toBe(0);
    const parser = new PDFParse({ data: new Uint8Array(readFileSync(file)) });
    expect((await parser.getText()).text).toContain("12. B/L or AWB No.");
    await parser.destroy();
  });

  it("refuses an approval by a user who is not a broker, with a non-zero exit", async () => {
    const r = await cli("drafts", "approve", draftId, "--as", "bob");
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/cli:bob is not an authorised broker/);
    expect(JSON.parse((await cli("drafts", "list", "--json")).out)[0].status).toBe("draft");
  });

  it("rejects with a reason, then approves and files as a broker", async () => {
    expect((await cli("drafts", "reject", draftId, "--as", "ana")).code).not.toBe(0);
    const rej = await cli("drafts", "reject", draftId, "--as", "ana", "--reason", "Wrong importer number");
    expect(rej.code).toBe(0);
    expect(JSON.parse((await cli("drafts", "show", draftId, "--json")).out).decision).toMatchObject({ decision: "rejected", reason: "Wrong importer number" });
    expect((await cli("drafts", "file", draftId, "--version", "1", "--as", "ana")).code).not.toBe(0);
    expect((await cli("drafts", "approve", draftId, "--version", "1", "--as", "ana")).code).toBe(0);
    const filed = await cli("drafts", "file", draftId, "--version", "1", "--as", "ana");
    expect(filed.code).toBe(0);
    expect(filed.out).toMatch(/filed \(exported\)/);
    expect(JSON.parse((await cli("drafts", "list", "--json")).out)[0].status).toBe("filed");
  });

  it("verifies the audit chain, and names the first bad row after tampering", async () => {
    const ok = await cli("audit", "verify");
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/intact: \d+ events/);
    const store = await openStore(loadConfig(env));
    await store.db.exec("alter table audit_events disable trigger audit_events_append_only");
    await store.db.query("update audit_events set actor = 'cli:mallory' where seq = 2");
    await store.close();
    const bad = await cli("audit", "verify");
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/BROKEN at row 2/);
  });
});
