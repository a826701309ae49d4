import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { contentHash } from "../../src/domain/entry/canonical.ts";
import { MIGRATIONS, runMigrations } from "../../src/store/migrations.ts";
import type { Store } from "../../src/store/index.ts";
import { BACKENDS } from "./helpers.ts";
import { sampleDraft } from "./fixtures.ts";

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`store on ${backend.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    // One database per backend (creating a PGlite database takes seconds); tables emptied per test.
    beforeAll(async () => {
      ({ store, dispose } = await backend.open());
    });
    afterAll(async () => {
      await dispose();
    });
    beforeEach(async () => {
      await store.db.exec("truncate audit_events, filings, approvals, drafts, documents, classifications, duty_calculations, threads, dedupe_keys");
    });

    it("runs migrations once and records them; a second run applies nothing", async () => {
      expect(await runMigrations(store.db)).toEqual([]);
      const rows = await store.db.query<{ version: number }>("select version from schema_migrations order by version");
      expect(rows.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    });

    it("chains audit events and verifies an untouched chain", async () => {
      const a = await store.audit.append({ type: "extraction", actor: "agent", inputs: { file: "inv.pdf" }, refs: { documentId: "d1" } });
      const b = await store.audit.append({ type: "classification", actor: "agent", inputs: { description: "pullover" }, refs: { draftId: "x" } });
      expect(a.seq).toBe(1);
      expect(b.prevHash).toBe(a.hash);
      expect(await store.audit.verify()).toEqual({ ok: true, count: 2, headHash: b.hash });
      expect((await store.audit.list({ refKey: "draftId", refValue: "x" })).map((e) => e.type)).toEqual(["classification"]);
    });

    it("refuses ordinary updates and deletes of audit rows", async () => {
      await store.audit.append({ type: "calculation", actor: "agent" });
      await expect(store.db.query("update audit_events set actor = 'x'")).rejects.toThrow(/append-only/);
      await expect(store.db.query("delete from audit_events")).rejects.toThrow(/append-only/);
      expect((await store.audit.verify()).ok).toBe(true);
    });

    // The tampering tests below play someone with DDL rights, who can switch the trigger off.
    const tamper = async (sql: string, params?: unknown[]) => {
      await store.db.exec("alter table audit_events disable trigger audit_events_append_only");
      try {
        await store.db.query(sql, params);
      } finally {
        await store.db.exec("alter table audit_events enable trigger audit_events_append_only");
      }
    };

    it("detects an edited audit row and names it", async () => {
      for (let i = 0; i < 3; i++) await store.audit.append({ type: "calculation", actor: "agent", inputs: { i } });
      const row = await store.db.query<{ body: string }>("select body from audit_events where seq = 2");
      await tamper("update audit_events set body = $1 where seq = 2", [row.rows[0]!.body.replace('"i":1', '"i":7')]);
      const v = await store.audit.verify();
      expect(v.ok).toBe(false);
      expect(v.firstBad?.seq).toBe(2);
      expect(v.firstBad?.reason).toMatch(/hash mismatch/);
    });

    it("detects a deleted audit row at the row after it", async () => {
      for (let i = 0; i < 4; i++) await store.audit.append({ type: "calculation", actor: "agent", inputs: { i } });
      await tamper("delete from audit_events where seq = 2");
      const v = await store.audit.verify();
      expect(v.ok).toBe(false);
      expect(v.firstBad?.seq).toBe(3);
    });

    it("detects a re-hashed edit because the next row's link no longer matches", async () => {
      for (let i = 0; i < 3; i++) await store.audit.append({ type: "calculation", actor: "agent", inputs: { i } });
      // A careful forger recomputes the edited row's own hash, but cannot fix every later row's link.
      const { sha256Hex } = await import("../../src/domain/entry/canonical.ts");
      const row = (await store.db.query<{ body: string; prev_hash: string }>("select body, prev_hash from audit_events where seq = 1")).rows[0]!;
      const body = row.body.replace('"i":0', '"i":9');
      await tamper("update audit_events set body = $1, hash = $2 where seq = 1", [body, sha256Hex(row.prev_hash + body)]);
      const v = await store.audit.verify();
      expect(v.firstBad?.seq).toBe(2);
    });

    it("versions drafts and binds each version to its content hash", async () => {
      const v1 = await store.drafts.create(sampleDraft(), { threadId: "t1", createdBy: "agent" });
      expect(v1.version).toBe(1);
      expect(v1.status).toBe("draft");
      expect(v1.contentHash).toBe(contentHash(sampleDraft()));
      const v2 = await store.drafts.addVersion(v1.id, sampleDraft({ portOfEntry: "1001" }), "cli:ana");
      expect(v2.version).toBe(2);
      expect(v2.contentHash).not.toBe(v1.contentHash);
      expect((await store.drafts.get(v1.id)).version).toBe(2);
      expect((await store.drafts.get(v1.id, 1)).content.header.portOfEntry).toBe("2704");
      const listed = await store.drafts.list();
      expect(listed.map((d) => [d.id, d.version])).toEqual([[v1.id, 2]]);
      await store.drafts.setStatus(v1.id, 2, "awaiting_approval", "thread-9");
      const got = await store.drafts.get(v1.id, 2);
      expect([got.status, got.waitingThreadId]).toEqual(["awaiting_approval", "thread-9"]);
      await expect(store.drafts.get("nope")).rejects.toThrow(/No draft/);
    });

    it("refuses to store a draft that does not match the entry schema", async () => {
      const bad = { ...sampleDraft(), totals: { ...sampleDraft().totals, duty: "12,00" } };
      await expect(store.drafts.create(bad, { createdBy: "agent" })).rejects.toThrow();
    });

    it("keeps one document per file per thread, and claims a dedupe key once", async () => {
      const doc = { threadId: "t1", fileHash: "abc", fileName: "inv.pdf", docType: "commercial_invoice", extracted: { invoiceNumber: "1" }, provenance: {} };
      const first = await store.documents.save(doc);
      const again = await store.documents.save({ ...doc, fileName: "copy.pdf" });
      expect(again.id).toBe(first.id);
      expect(await store.documents.listByThread("t1")).toHaveLength(1);
      expect(await store.dedupe.claim("slack:Ev123")).toBe(true);
      expect(await store.dedupe.claim("slack:Ev123")).toBe(false);
    });
  });
}
