/** `tollgate duty` through the CLI dispatcher with captured output (kept with the duty tests it exercises). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../src/channels/cli/main.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) }, out, err };
}

describe("tollgate duty", () => {
  it("prints the JSON contract for one line", async () => {
    const c = capture();
    const code = await main(["duty", "--hts", "5212.11.1010", "--origin", "KE", "--value", "10000", "--entry-date", "2025-12-01", "--mode", "vessel", "--json"], c.io, {});
    expect(code).toBe(0);
    const r = JSON.parse(c.out.join("")) as { lines: { hts: string; amount: string; chapter99: unknown[] }[]; totals: Record<string, string> };
    expect(r.lines[0]).toMatchObject({ hts: "5212.11.1010", amount: "1650.00", chapter99: [] });
    expect(r.totals).toMatchObject({ duty: "1650.00", mpf: "34.64", hmf: "12.50", total: "1697.14" });
  });

  it("runs a batch in one process: one result per input line, refusals carry the id and the batch goes on", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tollgate-batch-"));
    const file = path.join(dir, "in.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ id: "ok-1", hts: "2204.21.5005", origin: "KE", value: 5000, qty: "1000:liters", entryDate: "2025-12-01" }),
        JSON.stringify({ id: "no-qty", hts: "2204.21.5005", origin: "KE", value: 5000 }),
        JSON.stringify({ id: "301", hts: "2805.11.0000", origin: "CN", value: 10000, entryDate: "2026-11-21" }),
      ].join("\n"),
    );
    const c = capture();
    const code = await main(["duty", "--batch", file, "--json"], c.io, {});
    const rows = c.out.join("\n").split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.id)).toEqual(["ok-1", "no-qty", "301"]);
    expect((rows[0]!.lines as { amount: string }[])[0]!.amount).toBe("63.00");
    expect(rows[1]!.error).toMatch(/liters/);
    expect((rows[2]!.lines as { chapter99: { heading: string }[] }[])[0]!.chapter99.map((c) => c.heading)).toContain("9903.88.03");
    expect(code).toBe(2);
  });

  it("refuses with exit status 2 and says what to give when a quantity is missing", async () => {
    const c = capture();
    expect(await main(["duty", "--hts", "2204.21.5005", "--origin", "KE", "--value", "5000"], c.io, {})).toBe(2);
    expect(c.err.join("")).toMatch(/give the quantity in liters/);
  });

  it("--us-content-value charges a USMCA vehicle's Section 232 duty on its non-U.S. content (note 33(d))", async () => {
    const c = capture();
    const args = ["duty", "--hts", "8703.23.0190", "--origin", "MX", "--value", "10000", "--qty", "1:No.", "--entry-date", "2026-11-20", "--json"];
    expect(await main([...args, "--us-content-value", "4000"], c.io, {})).toBe(0);
    const r = JSON.parse(c.out.join("")) as { lines: { chapter99: { heading: string; amount: string }[] }[] };
    // 25% x (10,000 - 4,000) = 1,500.00 under 9903.94.03.
    expect(r.lines[0]!.chapter99.map((x) => [x.heading, x.amount])).toEqual([["9903.94.03", "1500.00"]]);
  });
});
