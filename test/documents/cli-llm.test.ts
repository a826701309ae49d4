import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/channels/cli/main.ts";
import { DOCS } from "./helpers.ts";

// A local OpenAI-compatible stub: it answers structured-output requests with a fixed B/L reading.
const answer = {
  type: "bill_of_lading",
  documentKind: "bill_of_lading",
  billOfLadingNumber: "MAEU240917553",
  bookingNumber: null,
  carrier: { name: "Maersk A/S", scac: "MAEU" },
  vessel: "MAERSK ESSEX",
  voyage: "438E",
  flight: null,
  portOfLoading: "Cai Mep, Vietnam",
  portOfDischarge: "Long Beach, CA",
  placeOfReceipt: "Ho Chi Minh City",
  placeOfDelivery: "Long Beach, CA",
  shipper: { name: "Saigon Home Textiles Co., Ltd.", address: null, country: "Vietnam" },
  consignee: { name: "Harbor Linen Imports Inc.", address: null, country: "US" },
  notifyParty: { name: "Pacific Customs Brokers LLC", address: null, country: "US" },
  containers: [{ number: "MSKU1234565", seal: "ML-778812", sizeType: "40HC" }],
  packages: 150,
  packageKind: "CARTONS",
  grossWeightKg: 1799,
  volumeM3: 18.5,
  dateOfIssue: "2026-09-21",
  onBoardDate: "2026-09-20",
  freightTerms: "prepaid",
  goodsDescription: "COTTON TOWELS AND BATHROBES",
};
const requests: Array<Record<string, unknown>> = [];
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  let n = 0;
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      requests.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${++n}`,
          object: "chat.completion",
          created: 1_790_000_000,
          model: "stub",
          choices: [{ index: 0, message: { role: "assistant", content: JSON.stringify(answer) }, finish_reason: "stop" }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("tollgate extract with a configured LLM", () => {
  it("reconciles the model's reading with the offline extractor's", async () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t) };
    const file = path.join(DOCS, "synthetic", "bill_of_lading_1.txt");
    expect(await main(["extract", file, "--json", "--provenance"], io, { LLM_BASE_URL: baseUrl })).toBe(0);
    const json = JSON.parse(out.join("\n"));
    expect(json.extractors).toEqual(["offline", "llm"]);
    expect(requests).toHaveLength(1);
    expect(JSON.stringify(requests[0])).toContain("MSKU1234565");
    // The offline reader found no goods description under its column header; the model's is used.
    expect(json.goodsDescription).toBe("COTTON TOWELS AND BATHROBES");
    expect(json.provenance.goodsDescription).toMatchObject({ by: "llm" });
    expect(json.provenance.billOfLadingNumber).toMatchObject({ by: "both" });
    expect(json.containers[0].sizeType).toBe("40HC");
  });

  it("skips the model with --offline", async () => {
    const before = requests.length;
    const out: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t) };
    expect(await main(["extract", path.join(DOCS, "synthetic", "bill_of_lading_1.txt"), "--json", "--offline"], io, { LLM_BASE_URL: baseUrl })).toBe(0);
    expect(JSON.parse(out.join("\n")).extractors).toEqual(["offline"]);
    expect(requests.length).toBe(before);
  });
});
