/** search_tariff, search_rulings and lookup_hts: the functions directly, each LangChain wrapper once. */
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { InputError, NotFoundError } from "../../src/errors.ts";
import { createKnowledgeBase, type KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { createLookupHtsTool, lookupHtsTool } from "../../src/tools/lookup-hts.ts";
import { createSearchRulingsTool, searchRulingsTool } from "../../src/tools/search-rulings.ts";
import { createSearchTariffTool, searchTariffTool } from "../../src/tools/search-tariff.ts";

let knowledge: KnowledgeBase;
beforeAll(async () => {
  knowledge = await createKnowledgeBase(loadConfig({}));
}, 180_000);

describe("searchTariffTool", () => {
  it("returns k lines and the revision", async () => {
    const res = await searchTariffTool({ query: "lithium-ion accumulators", k: 3 }, { knowledge });
    expect(res.revision).toBe(knowledge.revision);
    expect(res.results).toHaveLength(3);
    expect(res.results[0]!.code.startsWith("8507")).toBe(true);
  });
  it("rejects k outside 1-50", async () => {
    await expect(searchTariffTool({ query: "x", k: 0 }, { knowledge })).rejects.toThrow();
  });
  it("wrapper returns JSON, and an empty query as text for the model", async () => {
    const t = createSearchTariffTool({ knowledge });
    expect(t.name).toBe("search_tariff");
    const out = JSON.parse((await t.invoke({ query: "bicycles", k: 2 })) as string) as { results: unknown[] };
    expect(out.results).toHaveLength(2);
    expect(await t.invoke({ query: "   ", k: 2 })).toMatch(/^Could not search the tariff schedule: The search query is empty/);
  });
});

describe("searchRulingsTool", () => {
  it("filters by code prefix and date range", async () => {
    const res = await searchRulingsTool({ query: "footwear with rubber soles", k: 5, codePrefix: "6402", dateFrom: "2026-01-01", dateTo: "2026-06-30" }, { knowledge });
    expect(res.corpusSize).toBe(knowledge.rulings.length);
    expect(res.results.length).toBeGreaterThan(0);
    for (const r of res.results) {
      expect(r.date >= "2026-01-01" && r.date <= "2026-06-30").toBe(true);
      expect(r.codes.some((c) => c.code.replace(/\D/g, "").startsWith("6402"))).toBe(true);
    }
  });
  it("raises an input error for a bad date", async () => {
    await expect(searchRulingsTool({ query: "shoes", k: 5, dateFrom: "last year" }, { knowledge })).rejects.toBeInstanceOf(InputError);
  });
  it("wrapper returns the bad date as text for the model", async () => {
    const t = createSearchRulingsTool({ knowledge });
    expect(t.name).toBe("search_rulings");
    expect(await t.invoke({ query: "shoes", k: 5, dateFrom: "last year" })).toMatch(/YYYY-MM-DD/);
  });
});

describe("lookupHtsTool", () => {
  it("shows a valid line with its rates and children", async () => {
    const res = await lookupHtsTool({ code: "6110.30.30" }, { knowledge });
    expect(res).toMatchObject({ code: "6110.30.30", level: 8, declarable: false, revision: knowledge.revision });
    expect(res.rates.general).not.toBe("");
    expect(res.children.map((c) => c.code)).toContain("6110.30.3020");
  });
  it("treats an 8-digit line without statistical lines as declarable", async () => {
    expect((await lookupHtsTool({ code: "9101114000".slice(0, 8) }, { knowledge })).declarable).toBe(true);
  });
  it("reports a code that is not in the schedule as text for the model", async () => {
    await expect(lookupHtsTool({ code: "6110.30.3099" }, { knowledge })).rejects.toBeInstanceOf(NotFoundError);
    expect(await createLookupHtsTool({ knowledge }).invoke({ code: "6110.30.3099" })).toMatch(/not a line of HTSUS/);
  });
});
