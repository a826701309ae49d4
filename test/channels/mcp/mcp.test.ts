/**
 * The MCP server driven by the SDK's own client: over stdio by spawning `tollgate mcp` (the real
 * CLI, as an AI client would), and over streamable HTTP at /mcp with and without the bearer token.
 * Only the read-only tools are listed; drafting and filing are not.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MCP_TOOLS } from "../../../src/channels/mcp/server.ts";
import { loadConfig, PROJECT_ROOT } from "../../../src/config.ts";
import { DOCUMENTS, tempSetup } from "../../e2e/helpers.ts";
import { startConsole, type RunningConsole } from "../../server/console/harness.ts";

const TOKEN = "mcp-test-token-7f3a9c";
const INVOICE = path.join(DOCUMENTS, "commercial_invoices_tariffcheck", "invoice_thailand_1.pdf");

function textOf(r: CallToolResult): string {
  return r.content.map((c) => (c.type === "text" ? c.text : "")).join("");
}

describe("MCP over stdio (tollgate mcp)", () => {
  const setup = tempSetup("mcp-stdio");
  let client: Client;

  beforeAll(async () => {
    client = new Client({ name: "tollgate-test", version: "1.0.0" });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.join(PROJECT_ROOT, "bin", "tollgate.js"), "mcp"],
      env: { PATH: process.env.PATH ?? "", TOLLGATE_DATA_DIR: setup.dataDir },
      stderr: "pipe",
    });
    await client.connect(transport);
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    setup.cleanup();
  });

  it("lists exactly the read-only tools", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...MCP_TOOLS].sort());
    for (const t of tools) expect(t.annotations?.readOnlyHint).toBe(true);
    expect(tools.map((t) => t.name)).not.toContain("file_declaration");
    expect(tools.map((t) => t.name)).not.toContain("draft_declaration");
  });

  it("looks up a code and classifies a product with codes of the loaded schedule", async () => {
    const lookup = (await client.callTool({ name: "lookup_hts", arguments: { code: "6110.20.2079" } })) as CallToolResult;
    expect(lookup.isError).toBeFalsy();
    expect(lookup.structuredContent).toMatchObject({ code: "6110.20.2079", level: 10, declarable: true });
    const classified = (await client.callTool({ name: "classify_product", arguments: { description: "men's knitted cotton sweaters", k: 3 } })) as CallToolResult;
    const candidates = (classified.structuredContent as { candidates: Array<{ code: string }> }).candidates;
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates[0]!.code).toMatch(/^61\d\d\.\d\d\.\d{4}$/);
  }, 120_000);

  it("reports a user error as a tool error, not a protocol failure", async () => {
    const r = (await client.callTool({ name: "lookup_hts", arguments: { code: "9999.99.9999" } })) as CallToolResult;
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/not a line of HTSUS/);
  }, 60_000);
});

describe("MCP over streamable HTTP at /mcp on the started server", () => {
  const setup = tempSetup("mcp-http");
  const config = loadConfig({ TOLLGATE_DATA_DIR: setup.dataDir, TOLLGATE_MCP_TOKEN: TOKEN, TOLLGATE_LOG_LEVEL: "error" });
  let server: RunningConsole;
  let url: URL;

  beforeAll(async () => {
    server = await startConsole(config);
    url = new URL(`${server.url}/mcp`);
  });
  afterAll(async () => {
    await server?.close();
    setup.cleanup();
  });

  async function connect(token?: string): Promise<Client> {
    const client = new Client({ name: "tollgate-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : {} }));
    return client;
  }

  it("refuses a client without the bearer token, or with a wrong one", async () => {
    await expect(connect()).rejects.toThrow(/401|Bearer/);
    await expect(connect("wrong-token")).rejects.toThrow(/401|Bearer/);
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("calculates duty with chapter 99 and fees, searches rulings and extracts an uploaded invoice", async () => {
    const client = await connect(TOKEN);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([...MCP_TOOLS].sort());
      const duty = (await client.callTool({
        name: "calculate_duty",
        arguments: { lines: [{ hts: "6110.20.2079", origin: "CN", value: "12000" }], entryDate: "2026-11-20", mode: "vessel" },
      })) as CallToolResult;
      expect(duty.isError).toBeFalsy();
      const text = textOf(duty);
      expect(text).toMatch(/9903\.\d\d\.\d\d/);
      expect(text).toMatch(/MPF|499/);
      const rulings = (await client.callTool({ name: "search_rulings", arguments: { query: "knitted sweater cotton", k: 3, codePrefix: "6110" } })) as CallToolResult;
      const hits = (rulings.structuredContent as { results: Array<{ link: string; codes: Array<{ code: string }> }> }).results;
      expect(hits.length).toBeGreaterThan(0);
      for (const h of hits) expect(h.link).toMatch(/^https:\/\/rulings\.cbp\.gov\/ruling\//);
      const extracted = (await client.callTool({
        name: "extract_document",
        arguments: { filename: "invoice_thailand_1.pdf", contentBase64: readFileSync(INVOICE).toString("base64") },
      })) as CallToolResult;
      expect(extracted.isError).toBeFalsy();
      expect(textOf(extracted)).toContain("CI-2026-87084");
      expect((extracted.structuredContent as { provenance: Record<string, unknown> }).provenance).toBeTruthy();
    } finally {
      await client.close();
    }
  }, 120_000);
});
