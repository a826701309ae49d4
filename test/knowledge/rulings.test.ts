import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { DataError } from "../../src/errors.ts";
import { loadRulings, loadRulingsFile, normaliseRuling, resolveCode, rulingProductText, type Ruling } from "../../src/knowledge/rulings.ts";
import { loadSchedule, type Schedule } from "../../src/knowledge/schedule.ts";

const config = loadConfig({});
let schedule: Schedule;
let rulings: Ruling[];

beforeAll(() => {
  schedule = loadSchedule(config.knowledgeDir);
  rulings = loadRulings(config.knowledgeDir, schedule);
}, 60_000);

describe("loading the shipped rulings", () => {
  it("loads both files, each shape, with unique numbers, ISO dates and public links", () => {
    expect(rulings).toHaveLength(1183);
    expect(new Set(rulings.map((r) => r.number)).size).toBe(rulings.length);
    expect(new Set(rulings.map((r) => r.sourceFile))).toEqual(new Set(["cross_rulings_dev.jsonl", "cross_rulings_more_dev.jsonl"]));
    for (const r of rulings) {
      expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.link).toBe(`https://rulings.cbp.gov/ruling/${r.number}`);
    }
    const robot = rulings.find((r) => r.number === "N356793")!;
    expect(robot.subject).toMatch(/robot vacuum cleaner/);
    expect(robot.description).toMatch(/Dyson/);
    expect(robot.primary?.code).toBe("8508.11.0000");
  });

  it("never puts full_text (which states the answer) into the product text", () => {
    for (const r of rulings) {
      const text = rulingProductText(r);
      for (const c of r.codes) if (c.originalDigits && c.originalDigits.length >= 8) expect(text.replace(/\D/g, " ")).not.toContain(c.original.replace(/\D/g, ""));
    }
  });

  it("marks codes missing from the schedule as stale or maps them to a real successor", () => {
    const codes = rulings.flatMap((r) => r.codes);
    const stale = codes.filter((c) => c.status === "stale");
    const mapped = codes.filter((c) => c.status === "mapped");
    expect(stale.length).toBeGreaterThan(0);
    expect(mapped.length).toBeGreaterThan(0);
    for (const c of stale) {
      expect(c.digits).toBeNull();
      expect(c.originalDigits && schedule.get(c.originalDigits)).toBeFalsy();
    }
    for (const c of mapped) expect(schedule.get(c.digits!)).toBeDefined();
    for (const c of codes.filter((x) => x.status === "valid")) expect(schedule.get(c.digits!)?.code).toBe(c.code);
  });
});

describe("resolveCode", () => {
  it("keeps a valid code", () => {
    expect(resolveCode(schedule, "6110.20.2010")).toMatchObject({ status: "valid", code: "6110.20.2010" });
  });
  it("maps a 10-digit code whose 8-digit line has no statistical split to that line", () => {
    expect(resolveCode(schedule, "9101.11.4000")).toMatchObject({ status: "mapped", code: "9101.11.40" });
  });
  it("flags a code with several possible successors, keeping its valid prefix", () => {
    expect(resolveCode(schedule, "6110.30.3099")).toMatchObject({ status: "stale", digits: null, validPrefix: "61103030" });
  });
  it("flags text that is not a code", () => {
    expect(resolveCode(schedule, "n/a")).toMatchObject({ status: "stale", originalDigits: null });
  });
});

describe("a user's own CROSS export", () => {
  it("accepts either shape, comma-separated code lists and skips chapter 99 as primary", () => {
    const r = normaliseRuling(
      { ruling_number: "n999001", ruling_date: "2026-08-01", subject: "The tariff classification of a widget from Spain", description: "A widget.", hts_codes: "9903.01.25, 8479.89.9599" },
      schedule,
      "mine.jsonl",
    );
    expect(r.number).toBe("N999001");
    expect(r.codes.map((c) => c.code)).toEqual(["9903.01.25", "8479.89.9599"]);
    expect(r.primary?.code).toBe("8479.89.9599");
  });

  it("rejects a malformed line with its line number", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tg-rulings-"));
    const file = path.join(dir, "bad.jsonl");
    writeFileSync(file, `${JSON.stringify({ ruling_number: "N1", hts_codes: ["6110.20.2010"] })}\n{not json\n`);
    expect(() => loadRulingsFile(file, schedule)).toThrow(DataError);
    expect(() => loadRulingsFile(file, schedule)).toThrow(/line 2/);
  });
});
