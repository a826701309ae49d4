/**
 * Raw thread files in the database: dedupe by (thread, content hash), byte-identical round trip of a
 * real PDF (bytea comes back as Uint8Array from PGlite and Buffer from pg; both become a Buffer),
 * isolation between threads, and durability across closing and reopening the database.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/config.ts";
import { PgDb, PgliteDb } from "../../src/store/db.ts";
import { storeOver, type Store } from "../../src/store/index.ts";
import { BACKENDS, freshPgDatabase, TEST_DATABASE_URL } from "./helpers.ts";

const PDF = readFileSync(path.join(PROJECT_ROOT, "evals", "datasets", "documents", "invoices_invoice2data", "oyo.pdf"));
const PDF_SHA = createHash("sha256").update(PDF).digest("hex");
// Every byte value, including NUL and bytes that are not valid UTF-8, which a text path would mangle.
const ALL_BYTES = Uint8Array.from({ length: 512 }, (_, i) => i % 256);

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`thread files on ${backend.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await backend.open());
    });
    afterAll(async () => {
      await dispose();
    });
    beforeEach(async () => {
      await store.db.exec("truncate thread_files");
    });

    it("gives a PDF back byte-identical, as a Buffer", async () => {
      const saved = await store.threadFiles.save({ threadId: "t-1", fileName: "oyo.pdf", mediaType: "application/pdf", bytes: PDF });
      expect(saved).toMatchObject({ threadId: "t-1", sha256: PDF_SHA, fileName: "oyo.pdf", mediaType: "application/pdf", size: PDF.byteLength });
      const back = await store.threadFiles.get("t-1", PDF_SHA);
      expect(Buffer.isBuffer(back!.bytes)).toBe(true);
      expect(back!.bytes.equals(PDF)).toBe(true);
      expect(createHash("sha256").update(back!.bytes).digest("hex")).toBe(PDF_SHA);

      const binary = await store.threadFiles.save({ threadId: "t-1", fileName: "all.bin", bytes: ALL_BYTES });
      expect(Buffer.compare((await store.threadFiles.get("t-1", binary.sha256))!.bytes, Buffer.from(ALL_BYTES))).toBe(0);
    });

    it("stores the same file attached twice in a thread once, keeping the first name", async () => {
      const first = await store.threadFiles.save({ threadId: "t-1", fileName: "invoice.pdf", bytes: PDF });
      const again = await store.threadFiles.save({ threadId: "t-1", fileName: "invoice-copy.pdf", mediaType: "application/pdf", bytes: PDF });
      expect(again).toEqual(first);
      const other = await store.threadFiles.save({ threadId: "t-2", fileName: "invoice.pdf", bytes: PDF });
      expect(other.id).not.toBe(first.id);
      const count = await store.db.query<{ n: number }>("select count(*)::int as n from thread_files");
      expect(count.rows[0]!.n).toBe(2);
    });

    it("dedupes concurrent saves of the same content", async () => {
      const saves = await Promise.all([1, 2, 3, 4].map((i) => store.threadFiles.save({ threadId: "t-1", fileName: `copy-${i}.pdf`, bytes: PDF })));
      expect(new Set(saves.map((s) => s.id)).size).toBe(1);
      expect(await store.threadFiles.list("t-1")).toHaveLength(1);
    });

    it("finds a file by a hash prefix within its own thread only", async () => {
      await store.threadFiles.save({ threadId: "t-1", fileName: "oyo.pdf", bytes: PDF });
      expect((await store.threadFiles.get("t-1", PDF_SHA.slice(0, 16)))?.fileName).toBe("oyo.pdf");
      expect(await store.threadFiles.get("t-2", PDF_SHA)).toBeNull();
      await expect(store.threadFiles.get("t-1", "abc")).rejects.toThrow(/not a file hash/);
      await expect(store.threadFiles.get("t-1", `${PDF_SHA.slice(0, 16)}%`)).rejects.toThrow(/not a file hash/);
    });

    it("lists a thread's files oldest first, without their bytes", async () => {
      await store.threadFiles.save({ threadId: "t-1", fileName: "a.pdf", bytes: PDF });
      await store.threadFiles.save({ threadId: "t-1", fileName: "b.bin", bytes: ALL_BYTES });
      await store.threadFiles.save({ threadId: "t-9", fileName: "c.txt", bytes: Buffer.from("other thread") });
      const list = await store.threadFiles.list("t-1");
      expect(list.map((f) => f.fileName).sort()).toEqual(["a.pdf", "b.bin"]);
      expect(list.every((f) => !("bytes" in f))).toBe(true);
      expect(await store.threadFiles.list("t-none")).toEqual([]);
    });
  });
}

describe("thread files across close and reopen", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tollgate-files-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("on PGlite: a file saved before closing is read back after reopening", async () => {
    const first = await storeOver(await PgliteDb.open(dir));
    try {
      await first.threadFiles.save({ threadId: "t-1", fileName: "oyo.pdf", mediaType: "application/pdf", bytes: PDF });
    } finally {
      await first.close();
    }
    const second = await storeOver(await PgliteDb.open(dir));
    try {
      const back = await second.threadFiles.get("t-1", PDF_SHA);
      expect(back?.bytes.equals(PDF)).toBe(true);
      expect(back?.mediaType).toBe("application/pdf");
    } finally {
      await second.close();
    }
  });

  it.skipIf(!TEST_DATABASE_URL)("on PostgreSQL: another replica reads it at once, and after the pools are closed", async () => {
    const fresh = await freshPgDatabase(TEST_DATABASE_URL!);
    try {
      const a = await storeOver(fresh.db);
      const b = await storeOver(new PgDb(fresh.url));
      await a.threadFiles.save({ threadId: "t-1", fileName: "oyo.pdf", bytes: PDF });
      expect((await b.threadFiles.get("t-1", PDF_SHA))?.bytes.equals(PDF)).toBe(true);
      await b.close();
      await a.close();
      const c = await storeOver(new PgDb(fresh.url));
      try {
        expect((await c.threadFiles.get("t-1", PDF_SHA))?.bytes.equals(PDF)).toBe(true);
      } finally {
        await c.close();
      }
    } finally {
      await fresh.dispose();
    }
  });
});
