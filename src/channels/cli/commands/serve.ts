/**
 * `tollgate serve` (what `npm start` runs): the long-running server with the JSON API, the login
 * and session routes, the work queue and every configured channel. It listens on HOST:PORT
 * (default 127.0.0.1:3000) at once, answers /readyz once the knowledge base and store are loaded,
 * and shuts down gracefully on SIGTERM or SIGINT (exit 0), giving up after 10 s (exit 1).
 */
import { parseArgs } from "node:util";
import { InputError } from "../../../errors.ts";
import { startServer, type ChannelSpec } from "../../../server/server.ts";
import type { ChannelContext, ServerChannel } from "../../../server/channel.ts";
import { mcpChannel } from "../../mcp/channel.ts";
import { consoleRoutes } from "../../../server/console/index.ts";
import type { CliCommand } from "../io.ts";
import { slackConfigured } from "../../slack/configured.ts";
import { emailConfigured } from "../../email/configured.ts";

// Slack's Bolt and the mail libraries take about a second to import: a channel's code is loaded only
// when the channel is configured.
async function slackChannel(ctx: ChannelContext): Promise<ServerChannel> {
  if (!slackConfigured(ctx.app.config)) return { name: "slack" };
  return (await import("../../slack/index.ts")).slackChannelSpec(ctx);
}

async function emailChannel(ctx: ChannelContext): Promise<ServerChannel> {
  if (!emailConfigured(ctx.app.config)) return { name: "email" };
  return (await import("../../email/channel.ts")).emailChannelSpec(ctx);
}

/** Channel adapters the server mounts (each channel's module adds its factory here). */
export const SERVER_CHANNELS: ChannelSpec[] = [mcpChannel, slackChannel, emailChannel];

/** Longest a shutdown may take before the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 9500;

const command: CliCommand = {
  summary: "Run the Tollgate server (JSON API, sign-in, job queue, channels) on HOST:PORT.",
  usage: "tollgate serve [--port N] [--host H]\n  Defaults: PORT=3000, HOST=127.0.0.1; DATABASE_URL for PostgreSQL (several replicas), else embedded PGlite in TOLLGATE_DATA_DIR (./data).",
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { port: { type: "string" }, host: { type: "string" } } });
    if (positionals.length > 0) throw new InputError(`Unexpected argument "${positionals[0]}".\nUsage: ${command.usage}`, "usage");
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new InputError(`--port must be 0-65535, got "${values.port}".`, "usage");
    // Signals are caught from the start, so a stop during loading is graceful too.
    const stopped = new Promise<NodeJS.Signals>((resolve) => {
      process.once("SIGTERM", () => resolve("SIGTERM"));
      process.once("SIGINT", () => resolve("SIGINT"));
    });
    const server = await startServer({ config: ctx.config, channels: SERVER_CHANNELS, routers: [consoleRoutes], port, host: values.host });
    ctx.io.stderr(`Tollgate is listening on ${server.url} (loading the knowledge base and the store; ${server.url}/readyz answers 200 when ready).`);
    let failed = false;
    server.ready.then(
      async (c) => {
        const backend = c.app.store.db.kind === "pg" ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${ctx.config.dataDir}`;
        ctx.io.stderr(`Ready in ${((server.timings.readyMs ?? 0) / 1000).toFixed(1)} s: ${backend}, model ${c.assistant.modelKind}. Open ${server.url}`);
        if ((await c.app.store.users.list()).length === 0) {
          ctx.io.stderr(
            c.app.store.db.kind === "pg"
              ? "No users yet. Create the first broker: echo '<password>' | npx tollgate users add <name> --role broker"
              : "No users yet. Stop the server (Ctrl-C), then create the first broker: echo '<password>' | npx tollgate users add <name> --role broker  (the embedded database serves one process at a time), and start it again.",
          );
        }
      },
      () => {
        failed = true;
        ctx.io.stderr("Start-up failed; see the log above.");
        process.kill(process.pid, "SIGTERM");
      },
    );
    const signal = await stopped;
    server.logger.info({ signal }, "signal received");
    const limit = setTimeout(() => {
      server.logger.error({}, "shutdown took longer than 10 s; exiting");
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();
    await server.close();
    clearTimeout(limit);
    // Everything is closed; a library timer left behind must not hold the process open.
    setTimeout(() => process.exit(failed ? 1 : 0), 200).unref();
    return failed ? 1 : 0;
  },
};

export default command;
