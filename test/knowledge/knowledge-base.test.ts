/** Retrieval and classification on the real schedule and rulings; one knowledge base shared by the suite. */
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { InputError } from "../../src/errors.ts";
import { clarifyingQuestions } from "../../src/knowledge/clarify.ts";
import { createKnowledgeBase, type KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { isDeclarable } from "../../src/knowledge/rulings.ts";

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await createKnowledgeBase(loadConfig({}));
}, 180_000);

describe("searchTariff", () => {
  it("returns schedule lines with path, rates, units and the revision", async () => {
    const hits = await kb.searchTariff("vacuum cleaners with self-contained electric motor", 5);
    expect(hits.length).toBe(5);
    expect(hits[0]!.code.startsWith("8508")).toBe(true);
    for (const h of hits) {
      expect(kb.schedule.get(h.code)?.pathText).toBe(h.pathText);
      expect(h.revision).toBe(kb.revision);
      // Rates are printed on tariff lines and inherited by statistical lines; headings carry none.
      if (h.declarable) expect(h.rates.general).not.toBe("");
    }
  });
  it("refuses an empty query", async () => {
    await expect(kb.searchTariff("  ", 5)).rejects.toBeInstanceOf(InputError);
  });
});

describe("searchRulings", () => {
  it("finds a ruling on the same product with number, date, codes, snippet and link", async () => {
    const hits = await kb.searchRulings("robot vacuum cleaner with mopping and self-cleaning dock", 5);
    const robot = hits.find((h) => h.number === "N356793");
    expect(robot).toBeDefined();
    expect(robot!.link).toBe("https://rulings.cbp.gov/ruling/N356793");
    expect(robot!.codes[0]).toMatchObject({ code: "8508.11.0000", status: "valid" });
    expect(robot!.snippet.toLowerCase()).toContain("vacuum");
  });
  it("applies a code prefix filter", async () => {
    const hits = await kb.searchRulings("garment", 10, { codePrefix: "6110" });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.codes.some((c) => c.code.replace(/\D/g, "").startsWith("6110"))).toBe(true);
  });
  it("applies a date range", async () => {
    const hits = await kb.searchRulings("garment", 10, { from: "2020-01-01", to: "2020-12-31" });
    for (const h of hits) expect(h.date >= "2020-01-01" && h.date <= "2020-12-31").toBe(true);
    const none = await kb.searchRulings("garment", 10, { from: "2030-01-01" });
    expect(none).toHaveLength(0);
  });
  it("rejects malformed filters as input errors", async () => {
    await expect(kb.searchRulings("garment", 5, { from: "01/02/2026" })).rejects.toBeInstanceOf(InputError);
    await expect(kb.searchRulings("garment", 5, { codePrefix: "61a" })).rejects.toBeInstanceOf(InputError);
  });
});

describe("classifier", () => {
  const descriptions = [
    "robot vacuum cleaner for household floors with a 60 W motor and a dust bag",
    "women's pullover sweater, knitted, 80% cotton 20% polyester",
    "stainless steel kitchen sink, single bowl",
    "frozen boneless beef",
    "a thing",
  ];

  it("returns only declarable lines of the loaded schedule, never chapter 98/99, with consistent paths", async () => {
    for (const d of descriptions) {
      const res = await kb.classifier.classify(d, { k: 5 });
      expect(res.revision).toBe(kb.revision);
      expect(res.candidates.length).toBeGreaterThan(0);
      let previous = Infinity;
      for (const c of res.candidates) {
        const line = kb.schedule.get(c.code);
        expect(line, c.code).toBeDefined();
        expect(isDeclarable(line!)).toBe(true);
        expect(/^9[89]/.test(c.digits)).toBe(false);
        // The candidate's path is its real lineage: heading first, down to the line itself.
        const lineage = kb.schedule.lineage(line!.digits);
        expect(lineage[0]!.level).toBe(4);
        expect(lineage[0]!.digits).toBe(c.digits.slice(0, 4));
        expect(c.pathText).toBe(line!.pathText);
        expect(c.confidence).toBeGreaterThanOrEqual(0);
        expect(c.confidence).toBeLessThanOrEqual(1);
        expect(c.score).toBeLessThanOrEqual(previous);
        previous = c.score;
        for (const r of c.rulings) expect(r.link).toMatch(/^https:\/\/rulings\.cbp\.gov\/ruling\//);
      }
    }
  });

  it("ranks the heading a ruling on the same product used when that ruling is excluded", async () => {
    const i = kb.rulings.findIndex((r) => r.number === "N356793");
    const res = await kb.classifier.classify("robot vacuum cleaner for household floors with a 60 W motor and a dust bag", { excludeRuling: (id) => id === i });
    expect(res.candidates[0]!.code.slice(0, 4)).toBe("8508");
    expect(res.candidates.flatMap((c) => c.rulings.map((r) => r.number))).not.toContain("N356793");
  });

  it("says when confidence is low and asks what would decide between the candidates", async () => {
    const res = await kb.classifier.classify("shirt", { k: 5 });
    expect(res.lowConfidence).toBe(true);
    expect(res.questions.length).toBeGreaterThan(0);
    expect(res.candidates[0]!.confidence).toBeLessThan(kb.classifier.params.lowConfidence);
  });
});

describe("clarifyingQuestions", () => {
  const line = (code: string) => kb.schedule.get(code)!;
  it("asks about fibre content when candidates differ by fibre", () => {
    expect(clarifyingQuestions([line("6110.20.2010"), line("6110.30.3010")]).join(" ")).toMatch(/fibre content/);
  });
  it("asks for men or women when candidates differ by gender", () => {
    expect(clarifyingQuestions([line("6110.20.2010"), line("6110.20.2020")]).join(" ")).toMatch(/men or boys, or for women/);
  });
  it("does not ask about a distinction both candidates share", () => {
    // Both are men's cotton trousers-or-shorts lines: the question must name the lines, not gender.
    const qs = clarifyingQuestions([line("6203.42.4551"), line("6203.42.4518")]).join(" ");
    expect(qs).not.toMatch(/women/);
    expect(qs).toMatch(/Men's shorts/);
  });
  it("names both headings, and knitted or woven, when candidates sit in different headings", () => {
    const qs = clarifyingQuestions([line("6110.20.2010"), line("6205.20.2016")]).join(" ");
    expect(qs).toMatch(/6110/);
    expect(qs).toMatch(/6205/);
    expect(qs).toMatch(/knitted or crocheted, or woven/);
  });
});
