/**
 * The web console as the server mounts it: `startServer({ routers: [consoleRoutes] })` builds it
 * once the context is ready, after sign-in, CSRF protection and the JSON API, so every page sees
 * the session's user.
 */
import type { Router } from "express";
import type { ServerContext } from "../server.ts";
import { createConsoleRouter } from "./router.ts";
import { serverConsoleAuth } from "./server-auth.ts";

/** The console router over the server's context and sessions. */
export function consoleRoutes(ctx: ServerContext): Router {
  const publicUrl = ctx.app.config.publicUrl;
  return createConsoleRouter({
    app: ctx.app,
    assistant: ctx.assistant,
    queue: ctx.queue,
    auth: serverConsoleAuth(ctx.users, { secureCookies: publicUrl?.startsWith("https:") ?? false }),
  });
}
