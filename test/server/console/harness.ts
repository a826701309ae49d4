/**
 * Starts the console on a real HTTP port (0: chosen by the OS) over a temporary data directory,
 * the project's knowledge base and the offline model, with the given sessions implementation.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import helmet from "helmet";
import { createAssistant } from "../../../src/agent/assistant.ts";
import { createApp, type AppContext } from "../../../src/app.ts";
import type { Config } from "../../../src/config.ts";
import type { ConsoleAuth } from "../../../src/server/console/auth.ts";
import { createConsoleRouter } from "../../../src/server/console/router.ts";
import { knowledgeBase, NOW } from "../../e2e/helpers.ts";

/** A running console. */
export interface RunningConsole {
  url: string;
  app: AppContext;
  close(): Promise<void>;
}

/** Starts the console router in an express app on 127.0.0.1 and an OS-chosen port. */
export async function startConsole(config: Config, auth: ConsoleAuth): Promise<RunningConsole> {
  const app = await createApp(config, { knowledge: await knowledgeBase(config), clock: () => NOW });
  const assistant = createAssistant(app);
  const web = express();
  web.use(helmet());
  web.use(createConsoleRouter({ app, assistant, auth }));
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
