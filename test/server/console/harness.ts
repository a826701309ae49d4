/**
 * Starts the console on a real HTTP port (0: chosen by the OS) over a temporary data directory,
 * the project's knowledge base and the offline model, behind the server's own sessions, CSRF
 * protection and sign-in routes. Users are created beforehand with the real CLI
 * (`tollgate users add <name> --role <role>`, password on standard input).
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import helmet from "helmet";
import { createAssistant } from "../../../src/agent/assistant.ts";
import { createApp, type AppContext } from "../../../src/app.ts";
import { main } from "../../../src/channels/cli/main.ts";
import type { Config } from "../../../src/config.ts";
import { authenticate, csrfProtection, loginRoutes } from "../../../src/server/auth.ts";
import { errorHandler } from "../../../src/server/http-errors.ts";
import { createConsoleRouter } from "../../../src/server/console/router.ts";
import { serverConsoleAuth } from "../../../src/server/console/server-auth.ts";
import { UserService } from "../../../src/server/users.ts";
import { knowledgeBase, NOW } from "../../e2e/helpers.ts";

const SILENT = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/** A running console. */
export interface RunningConsole {
  url: string;
  app: AppContext;
  close(): Promise<void>;
}

/** `tollgate users add <name> --role <role>` with the password on standard input, as an operator runs it. */
export async function addUser(env: Record<string, string>, name: string, role: string, password: string): Promise<void> {
  const err: string[] = [];
  const code = await main(["users", "add", name, "--role", role], { stdout: () => undefined, stderr: (t) => err.push(t), readSecret: async () => `${password}\n`, readStdin: async () => `${password}\n` }, env);
  if (code !== 0) throw new Error(`users add ${name} failed: ${err.join("\n")}`);
}

/** Starts the console router in an express app on 127.0.0.1 and an OS-chosen port. */
export async function startConsole(config: Config): Promise<RunningConsole> {
  const app = await createApp(config, { knowledge: await knowledgeBase(config), clock: () => NOW });
  const assistant = createAssistant(app);
  const users = new UserService(app.store);
  const web = express();
  web.use(helmet());
  web.use(express.urlencoded({ extended: false }), express.json());
  web.use(authenticate({ users }));
  web.use(csrfProtection());
  web.use(loginRoutes({ users }));
  web.use(createConsoleRouter({ app, assistant, auth: serverConsoleAuth(users) }));
  web.use(errorHandler(SILENT));
  const server: Server = await new Promise((resolve) => {
    const s = web.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await app.close();
    },
  };
}
