/** LLM re-ranking of classifier candidates, with fake chat models (no network). */
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { Candidate, Classification } from "../../src/knowledge/classifier.ts";
import { rerankWithLlm } from "../../src/knowledge/llm-rerank.ts";
import { loadSchedule, type Schedule } from "../../src/knowledge/schedule.ts";
import { FakeRankingModel } from "./fake-ranking-model.ts";

let schedule: Schedule;
beforeAll(() => {
  schedule = loadSchedule(loadConfig({}).knowledgeDir);
});

const CODES = ["6110.20.2079", "6110.20.2010", "6109.10.0012", "9505.90.6000"];
const CONFIDENCES = [0.6, 0.2, 0.1, 0.05];

function offline(): Classification {
  const candidates: Candidate[] = CODES.map((code, i) => {
    const line = schedule.get(code)!;
    return { code, digits: line.digits, score: 1 - i / 10, confidence: CONFIDENCES[i]!, description: line.description, pathText: line.pathText, rates: line.rates, units: line.units, rulings: [], rationale: "test." };
  });
  return { description: "child's knitted costume", origin: "CN", revision: schedule.revision, candidates, lowConfidence: false, questions: [] };
}
const rank = (...codes: string[]) => ({ ranking: codes.map((code) => ({ code, reason: `path text fits ${code}` })) });

describe("rerankWithLlm", () => {
  it("reorders by the model, keeps omitted candidates after, and never claims more than calibrated", async () => {
    const model = new FakeRankingModel(rank("9505.90.6000", "6110.20.2079"));
    const res = await rerankWithLlm(offline(), { model, schedule }, 4);
    expect(res.rerankedBy).toBe("llm");
    expect(res.rerankWarning).toBeUndefined();
    expect(res.candidates.map((c) => c.code)).toEqual(["9505.90.6000", "6110.20.2079", "6110.20.2010", "6109.10.0012"]);
    expect(res.candidates[0]!.llmReason).toMatch(/9505\.90\.6000/);
    expect(res.candidates[2]!.llmReason).toBeUndefined();
    expect(res.candidates.map((c) => c.offlineRank)).toEqual([4, 1, 2, 3]);
    const conf = res.candidates.map((c) => c.confidence);
    for (const [i, c] of conf.entries()) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(0.6);
      if (i > 0) expect(c).toBeLessThanOrEqual(conf[i - 1]!);
    }
    expect(conf.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(CONFIDENCES.reduce((a, b) => a + b, 0) + 1e-9);
    expect(res.lowConfidence).toBe(conf[0]! < 0.5);
    if (res.lowConfidence) expect(res.questions.length).toBeGreaterThan(0);
    // The prompt carries the candidates' path text, and the description as data.
    expect(model.prompts[0]).toContain(schedule.get("9505.90.6000")!.pathText);
    expect(model.prompts[0]).toContain("child's knitted costume");
  });

  it("drops a code that was not a candidate and says so", async () => {
    const res = await rerankWithLlm(offline(), { model: new FakeRankingModel(rank("8471.30.0100", "6110.20.2010")), schedule }, 3);
    expect(res.candidates.map((c) => c.code)).toEqual(["6110.20.2010", "6110.20.2079", "6109.10.0012"]);
    expect(res.rerankWarning).toMatch(/Dropped 1 code/);
    for (const c of res.candidates) expect(CODES).toContain(c.code);
  });

  it("falls back to the offline ranking with a warning on malformed output, a failure, or no valid code", async () => {
    const base = offline();
    for (const answer of [{ ranking: "first one" }, new Error("connection refused"), rank("0000.00.0000")]) {
      const res = await rerankWithLlm(base, { model: new FakeRankingModel(answer), schedule }, 2);
      expect(res.rerankedBy).toBeUndefined();
      expect(res.rerankWarning).toMatch(/offline ranking kept/);
      expect(res.candidates).toEqual(base.candidates.slice(0, 2));
    }
  });
});
