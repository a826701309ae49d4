/**
 * The long-running Tollgate process. `startServer` listens at once (so `/healthz` answers while the
 * rest loads), then loads the knowledge base and opens the store (migrations run there), builds the
 * assistant, the work queue and the channels, and only then answers `/readyz` with 200. Channels'
 * routes are mounted before any body parser (Slack checks its signature over the raw body). `close`
 * shuts down in order: stop accepting connections and finish in-flight requests, stop channels,
 * stop the queue (running jobs finish or are retried by another replica), close the database.
 */
import type { AddressInfo } from "node:net";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import helmet from "helmet";
import { createHttpTerminator } from "http-terminator";
import type { Logger as PinoLogger } from "pino";
import { createApp, type AppContext } from "../app.ts";
import { createAssistant, type Assistant } from "../agent/assistant.ts";
import type { InboundMessage, OutboundReply } from "../agent/messages.ts";
import type { ApprovalNotifier, ReplySink } from "../agent/ports.ts";
import type { Config } from "../config.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import type { FilingAdapter } from "../filing/adapter.ts";
import { apiRoutes } from "./api.ts";
import { authenticate, csrfProtection, loginRoutes, sessionAuth } from "./auth.ts";
import type { ChannelContext, ServerChannel } from "./channel.ts";
import { errorHandler, sendError } from "./http-errors.ts";
import { createLogger, httpLogger } from "./logger.ts";
import { createMetrics, observeTurn, type ServerMetrics } from "./metrics.ts";
import { createQueue, type ServerQueue } from "./queue.ts";
import { registerCoreJobs } from "./jobs.ts";
import { pdfPrerender, registerPdfJob } from "./pdf-jobs.ts";
import { registerWebTurnJob } from "./web-turns.ts";
import { UserService } from "./users.ts";

/** A channel, or a factory that builds one from the loaded context (most channels need it). */
export type ChannelSpec = ServerChannel | ((ctx: ChannelContext) => ServerChannel | Promise<ServerChannel>);

/** Options of `startServer`. */
export interface ServerOptions {
  config: Config;
  channels?: ChannelSpec[];
  /** Host and port to listen on (default config.host / config.port; port 0 picks a free one). */
  host?: string;
  port?: number;
  /** A knowledge base already loaded in this process (tests, benchmarks). */
  knowledge?: KnowledgeBase;
  /** A chat model instead of the configured one (tests). */
  model?: BaseChatModel;
  clock?: () => Date;
  filing?: FilingAdapter;
  logger?: PinoLogger;
  /** bcrypt cost for users created through the server's service (tests lower it). */
  bcryptRounds?: number;
  loginLimit?: { limit: number; windowMs: number };
  /** Queue polling interval in seconds (default 1). */
  queuePollSeconds?: number;
  /**
   * Routers mounted after sign-in, CSRF and the API (the web console's pages): they see `req.user`
   * and parsed bodies. Each is built once the context is ready.
   */
  routers?: Array<(ctx: ServerContext) => Router | Promise<Router>>;
}

/** Everything the server built once ready. */
export interface ServerContext {
  app: AppContext;
  assistant: Assistant;
  queue: ServerQueue;
  users: UserService;
  channels: ServerChannel[];
  metrics: ServerMetrics;
  /** Reply sinks by channel name, for queued turns. */
  replySinks: Map<string, ReplySink>;
  /** Runs one turn with the metrics recorded (the API and the queue's turn jobs use it). */
  send(msg: InboundMessage): Promise<OutboundReply>;
  /** Sessions, sign-in and CSRF for pages (the console's `ConsoleAuth`). */
  auth: ReturnType<typeof sessionAuth>;
}

/** A started server. */
export interface RunningServer {
  /** `http://host:port`. */
  url: string;
  /** Resolves when the store and knowledge base are loaded (rejects when loading failed). */
  ready: Promise<ServerContext>;
  /** Load figures: milliseconds from start to listening and to ready. */
  timings: { listenMs: number; readyMs?: number };
  logger: PinoLogger;
  /** Graceful shutdown; safe to call more than once. */
  close(): Promise<void>;
}

/** Starts the server. Resolves once HTTP is listening; `ready` resolves when it can serve requests. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const started = performance.now();
  const { config } = opts;
  const logger = opts.logger ?? createLogger(config.logLevel);
  let ctx: ServerContext | undefined;
  let loadError: unknown;
  let closing = false;
  const metrics = createMetrics({ db: () => ctx?.app.store.db, queueDepth: () => ctx?.queue.depth() ?? Promise.resolve({}) });

  const web = express();
  web.disable("x-powered-by");
  // Behind a load balancer the client address comes from X-Forwarded-For (for the login rate limit).
  if (config.trustProxy) web.set("trust proxy", 1);
  web.use(helmet());
  web.use(httpLogger(logger));
  web.use((req, res, next) => {
    const t0 = performance.now();
    res.on("finish", () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      const pattern = route ? `${req.baseUrl}${route}` : res.statusCode === 404 ? "unmatched" : req.baseUrl || req.path.split("/").slice(0, 2).join("/");
      metrics.httpDuration.observe({ method: req.method, route: pattern, status: String(res.statusCode) }, (performance.now() - t0) / 1000);
    });
    next();
  });
  web.get("/healthz", (_req, res) => void res.json({ status: "ok" }));
  web.get("/readyz", (_req, res) => {
    if (ctx && !closing) return void res.json({ status: "ready" });
    res.status(503).json({ status: closing ? "stopping" : loadError ? "failed" : "loading" });
  });
  web.get("/metrics", async (_req, res, next) => {
    try {
      res.setHeader("Content-Type", metrics.registry.contentType);
      res.send(await metrics.registry.metrics());
    } catch (err) {
      next(err);
    }
  });
  // Channel routes come before the body parsers; channels built after loading mount here too.
  const channelRouter = express.Router();
  web.use(channelRouter);
  const given = (opts.channels ?? []).filter((c): c is ServerChannel => typeof c !== "function");
  for (const c of given) c.mount?.(channelRouter);
  web.use((_req: Request, res: Response, next: NextFunction) => {
    if (ctx) return next();
    res.setHeader("Retry-After", "2");
    sendError(res, 503, "not_ready", loadError ? "Tollgate failed to start; see the server log." : "Tollgate is starting; try again in a moment.");
  });
  web.use(express.json({ limit: "1mb" }), express.urlencoded({ extended: false, limit: "256kb" }));
  const routes = express.Router();
  web.use(routes);
  web.use((_req, res) => sendError(res, 404, "not_found", "No such route."));
  web.use(errorHandler(logger));

  const host = opts.host ?? config.host;
  const server = web.listen(opts.port ?? config.port, host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  // Longer than a load balancer's idle timeout (and than clients' pooled-socket reuse), so an idle
  // keep-alive connection is never closed by the server just as a client sends on it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const terminator = createHttpTerminator({ server, gracefulTerminationTimeout: 5000 });
  const timings: RunningServer["timings"] = { listenMs: Math.round(performance.now() - started) };
  logger.info({ url }, "listening");

  let app: AppContext | undefined;
  let queue: ServerQueue | undefined;
  const channels: ServerChannel[] = [...given];
  // Where start-up time goes (logged with "ready").
  const phases: Record<string, number> = {};

  const ready = (async (): Promise<ServerContext> => {
    // Loading is partly synchronous (parsing data files): let the caller and /healthz run first.
    await new Promise((resolve) => setImmediate(resolve));
    const tApp = performance.now();
    app = await createApp(config, { knowledge: opts.knowledge, clock: opts.clock, filing: opts.filing });
    phases.appMs = Math.round(performance.now() - tApp);
    const users = new UserService(app.store, { bcryptRounds: opts.bcryptRounds, clock: opts.clock });
    queue = createQueue({
      store: app.store,
      connectionString: app.store.db.kind === "pg" ? config.databaseUrl?.reveal() : undefined,
      log: logger,
      pollingIntervalSeconds: opts.queuePollSeconds,
      onJob: (q, outcome) => metrics.jobsTotal.inc({ queue: q, outcome }),
    });
    const tQueue = performance.now();
    await queue.start();
    phases.queueMs = Math.round(performance.now() - tQueue);
    // A draft waiting for approval has its PDF rendered on the queue before a broker opens it.
    const notifiers: ApprovalNotifier[] = [pdfPrerender({ store: app.store, queue }, logger)];
    const assistant = createAssistant(app, { model: opts.model, notifiers });
    const send = async (msg: InboundMessage): Promise<OutboundReply> => {
      const t0 = performance.now();
      try {
        const reply = await assistant.send(msg);
        observeTurn(metrics, (performance.now() - t0) / 1000, reply.toolCalls.map((c) => c.name), reply.refused ? "refused" : "answered");
        return reply;
      } catch (err) {
        observeTurn(metrics, (performance.now() - t0) / 1000, [], "failed");
        throw err;
      }
    };
    const measured: Assistant = { ...assistant, send };
    const channelCtx: ChannelContext = { app, assistant: measured, queue, log: logger, consoleUrl: config.publicUrl };
    for (const spec of opts.channels ?? []) {
      if (typeof spec !== "function") continue;
      const c = await spec(channelCtx);
      c.mount?.(channelRouter);
      channels.push(c);
    }
    const replySinks = new Map<string, ReplySink>();
    for (const c of channels) {
      if (c.replies) replySinks.set(c.replies.channel, c.replies);
      if (c.notifier) notifiers.push(c.notifier);
    }
    const authOptions = { users, secureCookies: config.publicUrl?.startsWith("https:") ?? false, loginLimit: opts.loginLimit };
    const built: ServerContext = { app, assistant: measured, queue, users, channels, metrics, replySinks, send, auth: sessionAuth(authOptions) };
    await registerCoreJobs(built, logger);
    await registerPdfJob({ store: app.store, queue });
    await registerWebTurnJob({ store: app.store, queue }, send);
    routes.use(authenticate({ users }));
    routes.use(csrfProtection({ publicOrigin: config.publicUrl ? new URL(config.publicUrl).origin : undefined }));
    routes.use(loginRoutes(authOptions));
    routes.use("/api", apiRoutes(built));
    for (const make of opts.routers ?? []) routes.use(await make(built));
    for (const c of channels) await c.start?.();
    return built;
  })();

  ready.then(
    (built) => {
      ctx = built;
      const now = performance.now();
      timings.readyMs = Math.round(now - started);
      // From the CLI's main() (when the server runs under it) and from the process start, which
      // includes importing the modules.
      const main = performance.getEntriesByName("tollgate:main", "mark").at(-1);
      // CPU time (all threads) says how much work start-up is, whatever else runs on the machine.
      const cpu = process.cpuUsage();
      const since = { processMs: Math.round(now), ...(main ? { mainMs: Math.round(now - main.startTime) } : {}), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
      logger.info({ url, readyMs: timings.readyMs, listenMs: timings.listenMs, ...since, knowledgeLoadMs: built.app.knowledge.stats.loadMs, ...built.app.loadTimings, ...phases }, "ready");
    },
    (err: unknown) => {
      loadError = err;
      logger.error({ err }, "start-up failed");
    },
  );

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      logger.info({}, "shutting down");
      await terminator.terminate().catch((err: unknown) => logger.warn({ err }, "http shutdown"));
      // Wait for loading to settle so nothing is left half-open.
      await ready.catch(() => undefined);
      for (const c of channels) await c.stop?.().catch((err: unknown) => logger.warn({ err, channel: c.name }, "channel stop failed"));
      await queue?.stop(4000).catch((err: unknown) => logger.warn({ err }, "queue stop failed"));
      await app?.close().catch((err: unknown) => logger.warn({ err }, "database close failed"));
      logger.info({}, "stopped");
    })();
    return closed;
  };

  return { url, ready, timings, logger, close };
}
