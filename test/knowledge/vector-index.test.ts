import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalHashEmbeddings } from "../../src/knowledge/embeddings.ts";
import { VectorIndex } from "../../src/knowledge/vector-index.ts";

const texts = ["knitted cotton sweaters for men", "woven silk blouses for women", "lithium-ion laptop batteries", "robot vacuum cleaners", "stainless steel kitchen sinks"];

describe("VectorIndex (hnswlib)", () => {
  const embeddings = new LocalHashEmbeddings({ dimensions: 64 }).fit(texts);

  it("persists, reloads without rebuilding, and rebuilds when content or embedding identity changes", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tg-index-"));
    const open = (t: string[], identity = "local/test") => VectorIndex.open({ dir, name: "docs", texts: t, embeddings, identity });
    const first = await open(texts);
    expect(first.rebuilt).toBe(true);
    expect(existsSync(path.join(dir, "docs.hnsw"))).toBe(true);
    expect((await open(texts)).rebuilt).toBe(false);
    const changed = [...texts.slice(0, 4), "stainless steel kitchen sinks, double bowl"];
    expect((await open(changed)).rebuilt).toBe(true);
    expect((await open(changed)).rebuilt).toBe(false);
    expect((await open(changed, "local/other")).rebuilt).toBe(true);
  });

  it("finds the nearest document and honours a filter", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tg-index-"));
    const index = await VectorIndex.open({ dir, name: "docs", texts, embeddings, identity: "x" });
    const q = await embeddings.embedQuery("vacuum cleaner robot");
    expect(index.search(q, 1)[0]!.id).toBe(3);
    const filtered = index.search(q, 5, (id) => id !== 3);
    expect(filtered.map((h) => h.id)).not.toContain(3);
    expect(filtered).toHaveLength(4);
    // Exact cosine agrees with the graph search's similarity for the same document.
    expect(index.similarity(q, [3])[0]).toBeCloseTo(index.search(q, 1)[0]!.score, 4);
  });
});
