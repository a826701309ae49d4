/**
 * The server's structured logger: pino JSON lines with the request id (pino-http), and every place a
 * secret can appear redacted (authorization and cookie headers, set-cookie, passwords, tokens).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pino, type DestinationStream, type Logger } from "pino";
import { pinoHttp, type HttpLogger } from "pino-http";

/** Paths pino censors wherever they occur in a log line. */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-csrf-token"]',
  'req.headers["x-slack-signature"]',
  'res.headers["set-cookie"]',
  "password",
  "token",
  "*.password",
  "*.token",
  "*.apiKey",
  "*.secret",
  "body.password",
  "req.body.password",
];

/** The process logger. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "tollgate", pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Request logging with an id per request: the caller's `x-request-id` when sane, else a new UUID, echoed back. */
export function httpLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader("x-request-id", id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
    // Health probes and scrapes every few seconds would drown the log.
    autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" || req.url === "/metrics" },
  });
}
