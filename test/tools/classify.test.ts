/** classify_product (function and wrapper) and the CLI's batch form. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { classifyBatch } from "../../src/channels/cli/commands/classify.ts";
import { main } from "../../src/channels/cli/main.ts";
import { loadConfig } from "../../src/config.ts";
import { InputError } from "../../src/errors.ts";
import { createKnowledgeBase, type KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { classifyProductTool, createClassifyProductTool } from "../../src/tools/classify-product.ts";

let knowledge: KnowledgeBase;
beforeAll(async () => {
  knowledge = await createKnowledgeBase(loadConfig({}));
}, 180_000);

describe("classifyProductTool", () => {
  it("returns k valid candidates, the origin as given and a note", async () => {
    const res = await classifyProductTool({ description: "men's knitted cotton T-shirt", origin: "cn", k: 3 }, { knowledge });
    expect(res.candidates).toHaveLength(3);
    expect(res.origin).toBe("CN");
    for (const c of res.candidates) expect(knowledge.schedule.validate(c.code).valid).toBe(true);
    expect(res.note).toMatch(res.lowConfidence ? /Low confidence/ : /Top candidate/);
  });
  it("refuses a description that is only a code", async () => {
    await expect(classifyProductTool({ description: "6110.20.2010", k: 5 }, { knowledge })).rejects.toBeInstanceOf(InputError);
  });
  it("wrapper returns JSON, and refusals as text", async () => {
    const t = createClassifyProductTool({ knowledge });
    expect(t.name).toBe("classify_product");
    const out = JSON.parse((await t.invoke({ description: "stainless steel kitchen sink", k: 2 })) as string) as { candidates: unknown[] };
    expect(out.candidates).toHaveLength(2);
    expect(await t.invoke({ description: "8508.11", k: 2 })).toMatch(/^Could not classify the product/);
  });
});

describe("batch classification", () => {
  it("writes one line per input with id and candidates, or id and error, and goes on", async () => {
    const input = [
      JSON.stringify({ id: "a", description: "robot vacuum cleaner", origin: "CN" }),
      "{broken",
      JSON.stringify({ id: 7, origin: "VN" }),
      "",
      JSON.stringify({ id: "d", description: "frozen boneless beef" }),
    ].join("\n");
    const out = (await classifyBatch(input, knowledge, 3)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(4);
    expect(out.map((o) => o.id)).toEqual(["a", null, 7, "d"]);
    expect(out[1]!.error).toMatch(/not valid JSON/);
    expect(out[2]!.error).toMatch(/description/);
    for (const o of [out[0]!, out[3]!]) {
      const cands = o.candidates as { code: string; confidence: number }[];
      expect(cands).toHaveLength(3);
      for (const c of cands) {
        expect(c.code).toMatch(/^\d{4}\.\d{2}\.\d{2}(\d{2})?$/);
        expect(typeof c.confidence).toBe("number");
      }
    }
  });

  it("runs from the CLI: tollgate classify --batch <file> --json", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tg-batch-"));
    const file = path.join(dir, "in.jsonl");
    writeFileSync(file, `${JSON.stringify({ id: 1, description: "wooden dining table" })}\n${JSON.stringify({ id: 2 })}\n`);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(["classify", "--batch", file, "--json", "--k", "2"], { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) }, {});
    expect(stderr).toEqual([]);
    expect(code).toBe(0);
    const lines = stdout.map((l) => JSON.parse(l) as { id: number; candidates?: { code: string }[]; error?: string });
    expect(lines.map((l) => l.id)).toEqual([1, 2]);
    expect(lines[0]!.candidates).toHaveLength(2);
    expect(lines[1]!.error).toBeDefined();
  }, 120_000);

  it("refuses bad usage with a non-zero exit code", async () => {
    const stderr: string[] = [];
    expect(await main(["classify"], { stdout: () => {}, stderr: (t) => stderr.push(t) }, {})).toBe(2);
    expect(stderr.join("")).toMatch(/No description given/);
  });
});
