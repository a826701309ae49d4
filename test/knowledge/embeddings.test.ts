import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { OpenAIEmbeddings } from "@langchain/openai";
import { loadConfig } from "../../src/config.ts";
import { createEmbeddings, LocalHashEmbeddings } from "../../src/knowledge/embeddings.ts";

const corpus = ["Men's knitted cotton sweaters", "Women's woven silk blouses", "Lithium-ion batteries for laptops", "Robot vacuum cleaners"];

function cosine(a: number[], b: number[]): number {
  return a.reduce((s, x, i) => s + x * b[i]!, 0);
}

describe("LocalHashEmbeddings", () => {
  it("is deterministic across instances and unit-length", async () => {
    const a = new LocalHashEmbeddings({ dimensions: 256 }).fit(corpus);
    const b = new LocalHashEmbeddings({ dimensions: 256 }).fit(corpus);
    const [va, vb] = [await a.embedQuery("cotton sweater for men"), await b.embedQuery("cotton sweater for men")];
    expect(va).toEqual(vb);
    expect(va).toHaveLength(256);
    expect(Math.hypot(...va)).toBeCloseTo(1, 6);
  });

  it("puts a reworded product nearer its match than unrelated goods", async () => {
    const e = new LocalHashEmbeddings({ dimensions: 512 }).fit(corpus);
    const docs = await e.embedDocuments(corpus);
    const q = await e.embedQuery("laptop battery, lithium ion");
    const sims = docs.map((d) => cosine(q, d));
    expect(sims.indexOf(Math.max(...sims))).toBe(2);
  });

  it("weights rare words above common ones (IDF)", async () => {
    const e = new LocalHashEmbeddings({ dimensions: 512 }).fit([...corpus, "cotton", "cotton shirts", "cotton towels"]);
    const q = await e.embedQuery("cotton sweaters");
    const [sweater, towels] = await e.embedDocuments(["knitted sweaters", "cotton towels"]);
    expect(cosine(q, sweater!)).toBeGreaterThan(cosine(q, towels!));
  });
});

describe("createEmbeddings", () => {
  it("uses the local function by default", () => {
    expect(createEmbeddings(loadConfig({})).embeddings).toBeInstanceOf(LocalHashEmbeddings);
  });

  it("uses an OpenAI-compatible server when configured, reading plain float arrays", async () => {
    const seen: unknown[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const input = (JSON.parse(body) as { input: string[] | string }).input;
        seen.push(JSON.parse(body));
        const list = Array.isArray(input) ? input : [input];
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ object: "list", model: "stub", data: list.map((t, index) => ({ object: "embedding", index, embedding: [t.length, 1, 0] })) }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as AddressInfo).port;
      const config = loadConfig({ EMBEDDINGS_PROVIDER: "openai", EMBEDDINGS_BASE_URL: `http://127.0.0.1:${port}/v1`, EMBEDDINGS_MODEL: "stub-embed" });
      const { embeddings, identity } = createEmbeddings(config);
      expect(embeddings).toBeInstanceOf(OpenAIEmbeddings);
      expect(identity).toContain("stub-embed");
      expect(await embeddings.embedQuery("abcd")).toEqual([4, 1, 0]);
      expect((seen[0] as { encoding_format?: string }).encoding_format).toBe("float");
    } finally {
      server.close();
    }
  });
});
