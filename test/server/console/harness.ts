/**
 * Starts the real server (`startServer`, as `tollgate serve` does) on 127.0.0.1 and an OS-chosen
 * port over a temporary data directory, the project's knowledge base and the offline model: the
 * console, the JSON API, sessions, CSRF protection and the MCP endpoint. Users are created
 * beforehand with the real CLI (`tollgate users add <name> --role <role>`, password on stdin).
 */
import { main } from "../../../src/channels/cli/main.ts";
import { mcpChannel } from "../../../src/channels/mcp/channel.ts";
import type { AppContext } from "../../../src/app.ts";
import type { Config } from "../../../src/config.ts";
import { consoleRoutes } from "../../../src/server/console/index.ts";
import { startServer } from "../../../src/server/server.ts";
import { knowledgeBase, NOW } from "../../e2e/helpers.ts";

/** A running console. */
export interface RunningConsole {
  url: string;
  app: AppContext;
  close(): Promise<void>;
}

/** `tollgate users add <name> --role <role>` with the password on standard input, as an operator runs it. */
export async function addUser(env: Record<string, string>, name: string, role: string, password: string): Promise<void> {
  const err: string[] = [];
  const io = { stdout: () => undefined, stderr: (t: string) => void err.push(t), readSecret: async () => `${password}\n`, readStdin: async () => `${password}\n` };
  const code = await main(["users", "add", name, "--role", role], io, env);
  if (code !== 0) throw new Error(`users add ${name} failed: ${err.join("\n")}`);
}

/** Starts the server and waits until it is ready. */
export async function startConsole(config: Config): Promise<RunningConsole> {
  const server = await startServer({ config, channels: [mcpChannel], routers: [consoleRoutes], knowledge: await knowledgeBase(config), clock: () => NOW, host: "127.0.0.1", port: 0 });
  try {
    const ctx = await server.ready;
    return { url: server.url, app: ctx.app, close: () => server.close() };
  } catch (err) {
    await server.close();
    throw err;
  }
}
