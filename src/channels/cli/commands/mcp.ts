/**
 * `tollgate mcp`: serves Tollgate's read-only tools (classify, search tariff, search rulings, lookup
 * HTS, duty, extract) over the Model Context Protocol on standard input and output, for AI clients
 * that start it as a subprocess. Standard output carries only protocol messages; the knowledge base
 * loads in the background so the client's handshake is answered at once.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { InputError } from "../../../errors.ts";
import { createKnowledgeBase, type KnowledgeBase } from "../../../knowledge/knowledge-base.ts";
import { loadDutyData } from "../../../knowledge/duty-data.ts";
import { createMcpServer } from "../../mcp/server.ts";
import { packageVersion } from "../../mcp/version.ts";
import type { CliCommand } from "../io.ts";

export { packageVersion };

const command: CliCommand = {
  summary: "Serve the read-only tools (classify, search, lookup, duty, extract) over MCP on stdio.",
  usage: "tollgate mcp\n  Speaks the Model Context Protocol on stdin/stdout. Drafting and filing are not exposed.\n  Over HTTP, the server offers the same tools at /mcp with TOLLGATE_MCP_TOKEN as bearer token.",
  async run(args, ctx) {
    if (args.length > 0) throw new InputError(`Unexpected argument "${args[0]}".\nUsage: ${command.usage}`, "usage");
    const config = ctx.config;
    let kb: Promise<KnowledgeBase> | undefined;
    const knowledge = () => (kb ??= createKnowledgeBase(config));
    // Start loading now; a failure surfaces on the first tool call and on stderr.
    knowledge().catch((err: unknown) => ctx.io.stderr(`Knowledge base failed to load: ${err instanceof Error ? err.message : String(err)}`));
    const server = createMcpServer({
      config,
      knowledge,
      dutyData: loadDutyData(config.knowledgeDir, { fxRatesFile: config.fxRatesFile }),
      clock: () => new Date(),
      version: packageVersion(),
    });
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.on("end", () => resolve());
    });
    await server.connect(transport);
    ctx.io.stderr("Tollgate MCP server ready on stdio (read-only tools).");
    await closed;
    await server.close();
    return 0;
  },
};

export default command;
