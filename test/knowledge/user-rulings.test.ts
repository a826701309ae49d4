/** `tollgate index --rulings <file>`: a user's own CROSS export is validated, kept and searchable. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/channels/cli/main.ts";
import { loadConfig } from "../../src/config.ts";

const shipped = loadConfig({}).knowledgeDir;

function tempKnowledge(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tg-knowledge-"));
  for (const f of ["manifest.json", "hts", "rulings", "hs"]) cpSync(path.join(shipped, f), path.join(dir, f), { recursive: true });
  mkdirSync(path.join(dir, "index"), { recursive: true });
  return dir;
}

describe("index --rulings", () => {
  it("ingests a user's export in the smaller CROSS shape and finds it in search, flagging stale codes", async () => {
    const knowledgeDir = tempKnowledge();
    const file = path.join(knowledgeDir, "..", `my-rulings-${process.pid}.jsonl`);
    writeFileSync(
      file,
      `${JSON.stringify({
        ruling_number: "N999123",
        ruling_date: "2026-10-02",
        subject: "The tariff classification of a solar-powered garden gnome with LED lantern from China",
        description: "A polyresin garden gnome figurine holding an LED lantern powered by a small solar panel.",
        hts_codes: ["9405.42.8440", "6110.30.3099"],
        primary_hts_code: "9405.42.8440",
      })}\n`,
    );
    const env = { TOLLGATE_KNOWLEDGE_DIR: knowledgeDir };
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) };
    expect(await main(["index", "--rulings", file], io, env)).toBe(0);
    expect(out.join("\n")).toMatch(/Added 1 rulings/);
    expect(out.join("\n")).toMatch(/1 codes not in HTSUS/);
    expect(existsSync(path.join(knowledgeDir, "index", "user-rulings", path.basename(file)))).toBe(true);
    out.length = 0;
    expect(await main(["search-rulings", "solar garden gnome with lantern", "--k", "1", "--json"], io, env)).toBe(0);
    const res = JSON.parse(out.join("")) as { corpusSize: number; results: { number: string; codes: { status: string }[] }[] };
    expect(res.corpusSize).toBe(1184);
    expect(res.results[0]!.number).toBe("N999123");
    expect(res.results[0]!.codes.map((c) => c.status)).toEqual(["valid", "stale"]);
  }, 240_000);

  it("refuses a file that is not a CROSS export, with a non-zero exit code", async () => {
    const knowledgeDir = tempKnowledge();
    const file = path.join(knowledgeDir, "bad.jsonl");
    writeFileSync(file, '{"hello": "world"}\n');
    const err: string[] = [];
    const code = await main(["index", "--rulings", file], { stdout: () => {}, stderr: (t) => err.push(t) }, { TOLLGATE_KNOWLEDGE_DIR: knowledgeDir });
    expect(code).toBe(2);
    expect(err.join("")).toMatch(/line 1/);
    expect(existsSync(path.join(knowledgeDir, "index", "user-rulings", "bad.jsonl"))).toBe(false);
  });
});
