/**
 * The MCP endpoint as a server channel: streamable HTTP at `/mcp`, mounted before the server's
 * session authentication (it has its own bearer token, TOLLGATE_MCP_TOKEN) and off without one.
 */
import type { ChannelContext, ServerChannel } from "../../server/channel.ts";
import { packageVersion } from "../cli/commands/mcp.ts";
import { mcpRouter } from "./http.ts";

/** Builds the channel from the loaded server context. */
export function mcpChannel(ctx: ChannelContext): ServerChannel {
  const app = ctx.app;
  return {
    name: "mcp",
    mount(router) {
      router.use(
        "/mcp",
        mcpRouter(
          { config: app.config, knowledge: async () => app.knowledge, dutyData: app.dutyData, clock: app.clock, version: packageVersion() },
          { token: app.config.mcpToken?.reveal(), log: ctx.log },
        ),
      );
    },
  };
}
