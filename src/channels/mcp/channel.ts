/**
 * The MCP endpoint as a server channel: streamable HTTP at `/mcp`, mounted before the server's
 * session authentication (it has its own bearer token, TOLLGATE_MCP_TOKEN) and off without one.
 * The MCP SDK is imported on the first request to `/mcp`, not at start-up.
 */
import type { Router } from "express";
import type { ChannelContext, ServerChannel } from "../../server/channel.ts";
import { packageVersion } from "./version.ts";

/** Builds the channel from the loaded server context. */
export function mcpChannel(ctx: ChannelContext): ServerChannel {
  const app = ctx.app;
  let endpoint: Promise<Router> | undefined;
  const load = () =>
    (endpoint ??= import("./http.ts").then(({ mcpRouter }) =>
      mcpRouter(
        { config: app.config, knowledge: async () => app.knowledge, dutyData: app.dutyData, clock: app.clock, version: packageVersion() },
        { token: app.config.mcpToken?.reveal(), log: ctx.log },
      ),
    ));
  return {
    name: "mcp",
    mount(router) {
      router.use("/mcp", (req, res, next) => {
        load().then((r) => r(req, res, next), next);
      });
    },
  };
}
