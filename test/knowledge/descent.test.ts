/** The descent classifier: evidence, learning, and descent through the shipped schedule. */
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { F, FEATURES } from "../../src/knowledge/descent-evidence.ts";
import { siblingFeatures } from "../../src/knowledge/descent-features.ts";
import { QueryEvidence } from "../../src/knowledge/descent-query.ts";
import { fitConditionalLogit, fitQuality, type Example } from "../../src/knowledge/descent-train.ts";
import type { DescentClassifier } from "../../src/knowledge/descent.ts";
import { createKnowledgeBase, type KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { loadLexicon } from "../../src/knowledge/lexicon.ts";
import { isDeclarable } from "../../src/knowledge/rulings.ts";
import { exclusionClauses } from "../../src/knowledge/schedule-text.ts";

describe("exclusionClauses", () => {
  it("splits a 'does not cover' note into its lettered items and stops at the next note", () => {
    const notes = "Notes\n1. This chapter does not cover:\n (a) Footwear of heading 6401;\n (b) Worn clothing of heading 6309.\n2. In headings 6101 to 6117 ...";
    expect(exclusionClauses(notes)).toEqual(["Footwear of heading 6401;", "Worn clothing of heading 6309."]);
  });
});

describe("fitConditionalLogit", () => {
  it("learns that the feature which marks the gold sibling carries weight, and the noise does not", () => {
    const rows = (gold: number, n: number, seed: number): Example => ({
      gold,
      x: Array.from({ length: n }, (_, i) => FEATURES.map((_, f) => (f === F.lexNode ? (i === gold ? 0.8 : 0.2) : ((seed * 31 + i * 7 + f * 13) % 10) / 10))),
    });
    const examples = Array.from({ length: 60 }, (_, s) => rows(s % 4, 4 + (s % 3), s));
    const w = fitConditionalLogit(examples, 0.01, 300);
    expect(w[F.lexNode]!).toBeGreaterThan(2);
    expect(Math.abs(w[F.exclusion]!)).toBeLessThan(w[F.lexNode]! / 2);
    expect(fitQuality(examples, w).top1).toBe(1);
  });
});

describe("lexicon", () => {
  it("maps commercial words toward the schedule's: vectors and WordNet", () => {
    const lx = loadLexicon(loadConfig({}).knowledgeDir);
    const v = lx.vectors;
    expect(v.cosine(v.id("jeans"), v.id("trousers"))).toBeGreaterThan(v.cosine(v.id("jeans"), v.id("lamps")));
    expect(lx.wordnet.relations("jeans")!.hypernyms).toContain("trousers");
    expect(lx.wordnet.relations("sneakers")!.hypernyms).toContain("shoe");
  });
});

describe("TOLLGATE_CLASSIFIER", () => {
  it("selects the classifier, and refuses an unknown one", () => {
    expect(loadConfig({ TOLLGATE_CLASSIFIER: "hybrid" }).classifier).toBe("hybrid");
    expect(loadConfig({}).classifier).toBeUndefined();
    expect(() => loadConfig({ TOLLGATE_CLASSIFIER: "oracle" })).toThrow(/TOLLGATE_CLASSIFIER/);
  });
});

describe("DescentClassifier", () => {
  let kb: KnowledgeBase;
  let descent: DescentClassifier;
  beforeAll(async () => {
    kb = await createKnowledgeBase(loadConfig({ TOLLGATE_CLASSIFIER: "descent" }));
    descent = kb.descentClassifier!;
  }, 180_000);

  it("is the knowledge base's classifier when TOLLGATE_CLASSIFIER=descent", () => {
    expect(kb.stats.classifier).toBe("descent");
    expect(kb.classifier).toBe(descent);
  });

  it("returns distinct declarable lines of the revision, by falling probability, each path a descent", async () => {
    const res = await descent.classify("rubber soled sneakers with textile upper", { k: 8 });
    expect(res.candidates.length).toBe(8);
    expect(new Set(res.candidates.map((c) => c.digits)).size).toBe(8);
    let prev = 1;
    let sum = 0;
    for (const c of res.candidates) {
      const line = kb.schedule.get(c.digits)!;
      expect(isDeclarable(line)).toBe(true);
      expect(c.confidence).toBeLessThanOrEqual(prev);
      prev = c.confidence;
      sum += c.confidence;
      // The rationale walks the levels: it names the candidate's heading first.
      expect(c.rationale.startsWith(c.code.slice(0, 4))).toBe(true);
    }
    expect(sum).toBeLessThanOrEqual(1.001);
  });

  it("names the words that matched, WordNet mappings included", async () => {
    const res = await descent.classify("rubber soled sneakers with textile upper", { k: 3 });
    expect(res.candidates[0]!.code.startsWith("64")).toBe(true);
    const textileUpper = res.candidates.find((c) => c.code.startsWith("6404"));
    expect(textileUpper?.rationale).toMatch(/sneakers ~ footwear \(WordNet\)/);
  });

  it("reaches headings the schedule writes as a single line (9503.00.00, no 4-digit row)", async () => {
    const res = await descent.classify("children's plush stuffed toy animals", { k: 5 });
    expect(res.candidates.some((c) => c.code.startsWith("9503.00.00"))).toBe(true);
  });

  it("asks about the level where the leading candidates part", async () => {
    const res = await descent.classify("women's knitted hoodie, 60% cotton 40% polyester", { k: 5 });
    expect(res.lowConfidence).toBe(true);
    expect(res.questions.length).toBeGreaterThan(0);
    const headings = new Set(res.candidates.slice(0, 3).map((c) => c.code.slice(0, 4)));
    if (headings.size > 1) expect(res.questions[0]).toMatch(/heading/);
  });

  it("lets attributes decide among siblings and treats Other as the residual", async () => {
    const ev = descent.evidenceOf();
    const q = new QueryEvidence(ev, "men's woven trousers of cotton", new Map());
    const siblings = ev.children("6203").filter((l) => l.level === 6);
    const f = siblingFeatures(ev, q, siblings);
    const cotton = f.find((x) => x.digits === "620342")!;
    const synthetic = f.find((x) => x.digits === "620343")!;
    expect(cotton.x[F.chiefMaterial]).toBe(1);
    expect(synthetic.x[F.attrConflict]).toBe(1);
    const knitted = new QueryEvidence(ev, "a toy of an unstated material", new Map());
    const toys = siblingFeatures(ev, knitted, ev.children("9503"));
    const other = toys.filter((x) => x.x[F.other] === 1);
    for (const o of other) expect(o.x[F.otherResidual]).toBeGreaterThan(0);
  });
});
