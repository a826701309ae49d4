import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../src/knowledge/bm25.ts";
import { LocalHashEmbeddings } from "../../src/knowledge/embeddings.ts";
import { HybridIndex } from "../../src/knowledge/hybrid.ts";
import { VectorIndex } from "../../src/knowledge/vector-index.ts";

const texts = [
  "Sweaters, pullovers of cotton, knitted",
  "Sweaters, pullovers of wool, knitted",
  "Blouses of silk, woven",
  "Other articles of cotton",
  "Vacuum cleaners with self-contained electric motor",
];

describe("Bm25Index", () => {
  const bm = new Bm25Index(texts);
  it("ranks documents holding more (and rarer) query terms first", () => {
    const hits = bm.search("wool sweaters", 5);
    expect(hits[0]!.id).toBe(1);
    expect(hits.map((h) => h.id)).toContain(0);
    expect(hits.map((h) => h.id)).not.toContain(4);
  });
  it("matches singular and plural forms", () => {
    expect(bm.search("vacuum cleaner", 1)[0]!.id).toBe(4);
  });
  it("gives a rare term a higher IDF than a common one", () => {
    expect(bm.idf("wool")).toBeGreaterThan(bm.idf("cotton"));
  });
  it("applies the filter before taking the top k", () => {
    const hits = bm.search("sweaters", 1, (id) => id !== 0 && id !== 1);
    expect(hits).toHaveLength(0);
    expect(bm.search("cotton", 1, (id) => id !== 0)[0]!.id).toBe(3);
  });
  it("scores chosen documents the same way as a search", () => {
    const [s] = bm.scoreDocs("wool sweaters", [1]);
    expect(s).toBeCloseTo(bm.search("wool sweaters", 1)[0]!.score, 6);
  });
});

describe("HybridIndex", async () => {
  const embeddings = new LocalHashEmbeddings({ dimensions: 512 }).fit(texts);
  const vectors = await VectorIndex.open({ dir: mkdtempSync(path.join(tmpdir(), "tg-hybrid-")), name: "t", texts, embeddings, identity: "t" });
  const hybrid = new HybridIndex(new Bm25Index(texts), vectors);

  it("fuses lexical and vector evidence into scores in [0, 1]", async () => {
    const q = "knitted wool pullover";
    const hits = hybrid.search(q, await embeddings.embedQuery(q), { k: 3 });
    expect(hits[0]!.id).toBe(1);
    for (const h of hits) {
      expect(h.score).toBeGreaterThanOrEqual(0);
      expect(h.score).toBeLessThanOrEqual(1);
    }
    expect(hits[0]!.lexical).toBe(1);
  });

  it("finds a misspelt product through character n-grams where BM25 alone finds nothing", async () => {
    const q = "vaccuum cleanr";
    expect(hybrid.bm25.search(q, 3)).toHaveLength(0);
    const hits = hybrid.search(q, await embeddings.embedQuery(q), { k: 1 });
    expect(hits[0]!.id).toBe(4);
  });

  it("supports reciprocal rank fusion and filters", async () => {
    const q = "cotton sweaters";
    const hits = hybrid.search(q, await embeddings.embedQuery(q), { k: 5, fusion: { kind: "rrf", k: 60 }, accept: (id) => id !== 0 });
    expect(hits.map((h) => h.id)).not.toContain(0);
    expect(hits[0]!.score).toBe(1);
  });
});
