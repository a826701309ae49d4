import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PgliteDb } from "../../src/store/db.ts";

describe("embedded database ownership", () => {
  const root = mkdtempSync(path.join(tmpdir(), "tollgate-lock-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("refuses a second opener of the same directory until the first closes, and takes over a dead owner's lock", async () => {
    const dir = path.join(root, "db");
    const first = await PgliteDb.open(dir);
    await expect(PgliteDb.open(dir)).rejects.toMatchObject({ code: "database_in_use" });
    await first.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    // A lock left by a process that no longer exists (pid far above any live one) is stale.
    writeFileSync(`${dir}.lock`, "2147483646");
    const second = await PgliteDb.open(dir);
    expect((await second.query<{ n: number }>("select 1 as n")).rows[0]!.n).toBe(1);
    await second.close();
  });
});
