/**
 * The MCP server over streamable HTTP, for mounting at `/mcp` on the Tollgate server. Every request
 * must carry `Authorization: Bearer <TOLLGATE_MCP_TOKEN>`; without a configured token the endpoint
 * answers 404, so it is off unless switched on. Stateless: each POST gets its own server and
 * transport (no session to pin to a replica), which suits read-only tools.
 */
import { timingSafeEqual, createHash } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Logger } from "../../server/channel.ts";
import { createMcpServer, type McpDeps } from "./server.ts";

/** Options of the HTTP endpoint. */
export interface McpHttpOptions {
  /** The bearer token clients must send; undefined leaves the endpoint off. */
  token: string | undefined;
  log?: Logger;
}

function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

/** True when the request carries the configured bearer token (compared in constant time). */
export function hasBearer(req: Request, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}

function rpcError(res: Response, status: number, message: string): void {
  res.status(status).json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null });
}

/** The router for `/mcp` (mount it with `app.use("/mcp", mcpRouter(...))`). */
export function mcpRouter(deps: McpDeps, opts: McpHttpOptions): Router {
  const router = express.Router();
  router.use((req, res, next) => {
    if (!opts.token) return rpcError(res, 404, "The MCP endpoint is off: set TOLLGATE_MCP_TOKEN to enable it.");
    if (!hasBearer(req, opts.token)) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="tollgate-mcp"');
      return rpcError(res, 401, "Send Authorization: Bearer <TOLLGATE_MCP_TOKEN>.");
    }
    next();
  });
  router.post("/", express.json({ limit: "40mb" }), async (req, res) => {
    const server = createMcpServer(deps);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (err) {
      opts.log?.error({ err: err instanceof Error ? err.message : String(err) }, "MCP request failed");
      if (!res.headersSent) rpcError(res, 500, "Internal error.");
    }
  });
  // Stateless: no server-initiated stream and no session to delete.
  router.all("/", (_req, res) => {
    res.setHeader("Allow", "POST");
    rpcError(res, 405, "Method not allowed: POST JSON-RPC messages to /mcp.");
  });
  return router;
}
