/** `tollgate rulings sync` against a local stub of CROSS's search and ruling endpoints. */
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { crossSyncPaths, productDescription, syncCrossRulings } from "../../src/knowledge/cross-sync.ts";
import { loadRulingsFile } from "../../src/knowledge/rulings.ts";
import { loadSchedule } from "../../src/knowledge/schedule.ts";

const RULINGS = Array.from({ length: 7 }, (_, i) => ({
  rulingNumber: `N9${String(100 - i).padStart(5, "0")}`,
  rulingDate: `2026-0${9 - Math.floor(i / 2)}-1${i % 2}T00:00:00`,
  subject: `The tariff classification of product ${i} from China`,
  tariffs: i % 2 ? ["6203.42.4011"] : ["9405.42.8440", "9903.01.25"],
  collection: "NY",
}));

let server: Server;
let base: string;
const calls: string[] = [];
let failSearchPage: number | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, "http://stub");
    calls.push(url.pathname + url.search);
    res.setHeader("content-type", "application/json");
    if (url.pathname === "/api/search") {
      const page = Number(url.searchParams.get("page"));
      const size = Number(url.searchParams.get("pageSize"));
      if (url.searchParams.get("sortBy") !== "DATE_DESC" || !url.searchParams.get("term")) return void res.writeHead(400).end("{}");
      if (failSearchPage === page) return void res.writeHead(503).end("{}");
      res.end(JSON.stringify({ rulings: RULINGS.slice((page - 1) * size, page * size), totalHits: RULINGS.length }));
      return;
    }
    const m = /^\/api\/ruling\/(\w+)$/.exec(url.pathname);
    const r = m && RULINGS.find((x) => x.rulingNumber === m[1]);
    if (!r) return void res.writeHead(404).end("{}");
    res.end(
      JSON.stringify({
        ...r,
        text: `${r.rulingNumber}\nDear Ms. Smith:\nIn your letter you requested a ruling. The item is a men's woven cotton denim trouser, style 42, of 98% cotton. The applicable subheading for the trousers will be ${r.tariffs[0]}, HTSUS.`,
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => server.close());

describe("productDescription", () => {
  it("keeps the product paragraph and drops the salutation, the answer and codes", () => {
    const d = productDescription("Dear Sir: The item is a lamp, see 9405.42.8440. The applicable subheading for the lamp will be 9405.42.8440.");
    expect(d).toBe("The item is a lamp, see .");
  });
});

describe("syncCrossRulings", () => {
  it("fetches newest first, normalises as shipped, resumes after a failure and continues incrementally", async () => {
    const indexDir = mkdtempSync(path.join(tmpdir(), "tg-sync-"));
    const opts = { baseUrl: base, indexDir, pageSize: 3, minIntervalMs: 0, retries: 0, backoffMs: 1 };
    failSearchPage = 2;
    await expect(syncCrossRulings(opts)).rejects.toThrow(/503/);
    const { file, state } = crossSyncPaths(indexDir);
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(3);
    expect(JSON.parse(readFileSync(state, "utf8")).pending.page).toBe(2);
    failSearchPage = null;
    calls.length = 0;
    const res = await syncCrossRulings(opts);
    expect(res.resumedFromPage).toBe(2);
    expect(res.added).toBe(4);
    expect(calls.some((c) => c.includes("page=1&"))).toBe(false);
    const schedule = loadSchedule(loadConfig({}).knowledgeDir);
    const rulings = loadRulingsFile(file, schedule);
    expect(rulings).toHaveLength(7);
    expect(new Set(rulings.map((r) => r.number)).size).toBe(7);
    const lamp = rulings.find((r) => r.number === RULINGS[0]!.rulingNumber)!;
    expect(lamp.date).toBe("2026-09-10");
    expect(lamp.primary?.digits).toBe("9405428440");
    expect(lamp.description).toMatch(/denim trouser/);
    expect(lamp.description).not.toMatch(/9405|applicable subheading/);
    // Nothing new: an incremental sync stops at the newest known ruling's date.
    calls.length = 0;
    const again = await syncCrossRulings(opts);
    expect(again.added).toBe(0);
    expect(calls.filter((c) => c.startsWith("/api/ruling/")).length).toBe(0);
  });

  it("honours --since and --max, and spaces its requests", async () => {
    const indexDir = mkdtempSync(path.join(tmpdir(), "tg-sync-"));
    const t0 = Date.now();
    const res = await syncCrossRulings({ baseUrl: base, indexDir, pageSize: 10, minIntervalMs: 40, since: "2026-08-01", retries: 0 });
    expect(res.added).toBe(4);
    // 1 search + 4 rulings, each at least 40 ms after the previous one.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4 * 40);
    const capped = await syncCrossRulings({ baseUrl: base, indexDir: mkdtempSync(path.join(tmpdir(), "tg-sync-")), pageSize: 10, minIntervalMs: 0, max: 2 });
    expect(capped.added).toBe(2);
  });
});
