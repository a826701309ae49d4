/** The local embedding's fitted document frequencies survive export and import unchanged (the start-up cache). */
import { describe, expect, it } from "vitest";
import { LocalHashEmbeddings } from "../../src/knowledge/embeddings.ts";

const CORPUS = ["men's knitted cotton sweaters", "women's woven silk blouses", "stainless steel kitchen sinks", "polyester knitted fabric", "cotton t-shirts"];

describe("LocalHashEmbeddings fit export/import", () => {
  it("embeds exactly as the fitted instance after importing its frequencies", () => {
    const fitted = new LocalHashEmbeddings({ dimensions: 64 }).fit(CORPUS);
    const state = fitted.exportFit();
    expect(state.n).toBe(CORPUS.length);
    expect(state.pairs.length).toBeGreaterThan(20);
    const restored = new LocalHashEmbeddings({ dimensions: 64 }).importFit({ n: state.n, pairs: new Uint32Array(state.pairs) });
    for (const q of ["knitted sweaters of cotton", "silk", "kitchen sink of steel"]) expect(restored.embedSync(q)).toEqual(fitted.embedSync(q));
    // An unfitted instance weighs features differently, so the comparison above can fail.
    expect(new LocalHashEmbeddings({ dimensions: 64 }).embedSync("silk blouses")).not.toEqual(fitted.embedSync("silk blouses"));
  });
});
