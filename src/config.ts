/**
 * The only module that reads process.env. Configuration is read once at start-up with
 * `loadConfig(process.env)`, validated by zod, and passed down; it fails fast with a message that
 * names the variable and the fix. Secrets are wrapped so they never appear in logs.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ConfigError } from "./errors.ts";

/** Repository root (one level above src/). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A secret value: its toString and JSON forms are redacted. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The real value, for the one client that needs it. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return "[redacted]";
  }
  toJSON(): string {
    return "[redacted]";
  }
}

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const positiveNumber = (name: string, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: `${name} must be a positive number, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

/** PORT: 0-65535 (0 lets the system pick a free port, printed at start-up). */
const portNumber = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return 3000;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      ctx.addIssue({ code: "custom", message: `PORT must be a whole number from 0 to 65535, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

const EnvSchema = z.object({
  TOLLGATE_DATA_DIR: optionalString,
  TOLLGATE_KNOWLEDGE_DIR: optionalString,
  DATABASE_URL: optionalString,
  OPENAI_API_KEY: optionalString,
  LLM_BASE_URL: optionalString,
  LLM_MODEL: optionalString,
  EMBEDDINGS_PROVIDER: z.enum(["local", "openai"]).optional(),
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_BASE_URL: optionalString,
  EMBEDDINGS_DIMENSIONS: positiveNumber("EMBEDDINGS_DIMENSIONS", 512),
  TOLLGATE_BROKERS: optionalString,
  TOLLGATE_MAX_FILE_MB: positiveNumber("TOLLGATE_MAX_FILE_MB", 25),
  TOLLGATE_MAX_PAGES: positiveNumber("TOLLGATE_MAX_PAGES", 200),
  TOLLGATE_FX_RATES: optionalString,
  TOLLGATE_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).optional(),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SMTP_HOST: optionalString,
  SMTP_PORT: positiveNumber("SMTP_PORT", 25),
  MAIL_FROM: optionalString,
  PORT: portNumber,
  HOST: optionalString,
  TOLLGATE_PUBLIC_URL: optionalString,
  TOLLGATE_TRUST_PROXY: z.enum(["0", "1", "true", "false"]).optional(),
  TOLLGATE_MCP_TOKEN: optionalString,
  SMTP_INTAKE_PORT: optionalString,
  SMTP_INTAKE_HOST: optionalString,
  SMTP_TLS_CERT: optionalString,
  SMTP_TLS_KEY: optionalString,
  TOLLGATE_INTAKE_ADDRESSES: optionalString,
  TOLLGATE_MAIL_MAX_MB: positiveNumber("TOLLGATE_MAIL_MAX_MB", 35),
  IMAP_URL: optionalString,
  IMAP_POLL_SECONDS: positiveNumber("IMAP_POLL_SECONDS", 60),
  SMTP_URL: optionalString,
  TOLLGATE_MAIL_FROM: optionalString,
  TOLLGATE_MAIL_ALLOW: optionalString,
  TOLLGATE_MAIL_REFUSAL: z.enum(["polite", "none"]).optional(),
  TOLLGATE_MAIL_AUTH: z.enum(["strict", "trusted-relay"]).optional(),
  TOLLGATE_MAIL_RELAY: optionalString,
  TOLLGATE_APPROVAL_CODE_HOURS: positiveNumber("TOLLGATE_APPROVAL_CODE_HOURS", 72),
  TOLLGATE_CLASSIFIER: z.enum(["descent", "hybrid"]).optional(),
});

/** An authorised broker identity on one channel, e.g. `slack:U024BE7LH` or `email:ana@broker.example`. */
export interface BrokerIdentity {
  channel: "slack" | "email" | "cli" | "web";
  identity: string;
}

/** Validated configuration. */
export interface Config {
  dataDir: string;
  knowledgeDir: string;
  indexDir: string;
  databaseUrl?: Secret;
  llm: { apiKey?: Secret; baseUrl?: string; model: string } | null;
  embeddings: { provider: "local"; dimensions: number } | {
    provider: "openai";
    model: string;
    baseUrl?: string;
    apiKey?: Secret;
    dimensions: number;
  };
  brokers: BrokerIdentity[];
  limits: { maxFileBytes: number; maxPages: number };
  fxRatesFile?: string;
  logLevel: "debug" | "info" | "warn" | "error";
  slack: { botToken?: Secret; signingSecret?: Secret; apiUrl?: string; appToken?: Secret };
  mail: { smtpHost?: string; smtpPort: number; from?: string };
  port: number;
  /** Interface the server listens on (HOST, default 127.0.0.1). */
  host: string;
  /** The console's public base URL (TOLLGATE_PUBLIC_URL), for links and the CSRF origin check behind a proxy. */
  publicUrl?: string;
  /** Trust X-Forwarded-* from one proxy hop (TOLLGATE_TRUST_PROXY=1). */
  trustProxy: boolean;
  /** Bearer token of the MCP endpoint at /mcp; the endpoint is off without one. */
  mcpToken?: Secret;
  /** The e-mail channel: intake (SMTP listener, IMAP mailbox), outbound relay, senders, approval by reply. */
  email: EmailConfig;
  /** Classifier behind classify_product and `tollgate classify` (TOLLGATE_CLASSIFIER, default hybrid: the descent classifier does not yet beat it on the time split). */
  classifier?: "descent" | "hybrid";
}

/** E-mail channel settings (src/channels/email). */
export interface EmailConfig {
  /** SMTP intake listener; null when SMTP_INTAKE_PORT is unset (0 asks the OS for a free port). */
  intake: { port: number; host: string; tls?: { cert: string; key: string } } | null;
  /** Recipient addresses accepted at RCPT (lower case). */
  intakeAddresses: string[];
  /** Largest message accepted during DATA, in bytes. */
  maxMessageBytes: number;
  /** IMAP mailbox polled for intake (imaps://user:pass@host/INBOX). */
  imapUrl?: Secret;
  imapPollSeconds: number;
  /** Outbound relay (smtp://user:pass@host:port); without it replies are written to the mail outbox folder. */
  smtpUrl?: Secret;
  /** From address of every reply. */
  from: string;
  /** Senders allowed to use the intake: addresses and `@domain` entries (lower case); empty allows nobody. */
  allow: string[];
  /** Whether refused senders get one polite refusal or nothing. */
  refusal: "polite" | "none";
  /** How an approval reply's sender is authenticated: DKIM/DMARC (strict) or the relay it came through. */
  auth: "strict" | "trusted-relay";
  /** Client IP addresses of the trusted relay (trusted-relay mode). */
  relayAddresses: string[];
  /** Lifetime of an e-mailed approval code, in hours. */
  approvalCodeHours: number;
}

function commaList(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
}

function emailConfig(e: z.infer<typeof EnvSchema>): EmailConfig {
  let intake: EmailConfig["intake"] = null;
  if (e.SMTP_INTAKE_PORT !== undefined) {
    const port = Number(e.SMTP_INTAKE_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConfigError(`SMTP_INTAKE_PORT must be a port number (0-65535), got "${e.SMTP_INTAKE_PORT}". Fix or unset SMTP_INTAKE_PORT.`);
    }
    if ((e.SMTP_TLS_CERT === undefined) !== (e.SMTP_TLS_KEY === undefined)) {
      throw new ConfigError("SMTP_TLS_CERT and SMTP_TLS_KEY go together (PEM file paths). Set both for STARTTLS, or neither.");
    }
    const tls = e.SMTP_TLS_CERT && e.SMTP_TLS_KEY ? { cert: e.SMTP_TLS_CERT, key: e.SMTP_TLS_KEY } : undefined;
    intake = { port, host: e.SMTP_INTAKE_HOST ?? "0.0.0.0", tls };
  }
  const intakeAddresses = commaList(e.TOLLGATE_INTAKE_ADDRESSES);
  if (intake && intakeAddresses.length === 0) {
    throw new ConfigError("SMTP_INTAKE_PORT is set but TOLLGATE_INTAKE_ADDRESSES is empty: list the addresses the listener accepts (e.g. entries@tollgate.example).");
  }
  if (e.IMAP_URL !== undefined && !/^imaps?:\/\//i.test(e.IMAP_URL)) {
    throw new ConfigError("IMAP_URL must look like imaps://user:pass@host/INBOX (or imap:// for a server without TLS).");
  }
  return {
    intake,
    intakeAddresses,
    maxMessageBytes: Math.round(e.TOLLGATE_MAIL_MAX_MB * 1024 * 1024),
    imapUrl: e.IMAP_URL ? new Secret(e.IMAP_URL) : undefined,
    imapPollSeconds: e.IMAP_POLL_SECONDS,
    smtpUrl: e.SMTP_URL ? new Secret(e.SMTP_URL) : undefined,
    from: e.TOLLGATE_MAIL_FROM ?? e.MAIL_FROM ?? intakeAddresses[0] ?? "tollgate@localhost",
    allow: commaList(e.TOLLGATE_MAIL_ALLOW),
    refusal: e.TOLLGATE_MAIL_REFUSAL ?? "polite",
    auth: e.TOLLGATE_MAIL_AUTH ?? "strict",
    relayAddresses: commaList(e.TOLLGATE_MAIL_RELAY),
    approvalCodeHours: e.TOLLGATE_APPROVAL_CODE_HOURS,
  };
}

const BROKER_CHANNELS = new Set(["slack", "email", "cli", "web"]);

/** Parses `TOLLGATE_BROKERS` (`channel:identity,...`). Identities are compared case-insensitively for e-mail. */
export function parseBrokers(raw: string | undefined): BrokerIdentity[] {
  if (!raw) return [];
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((entry) => {
      const idx = entry.indexOf(":");
      const channel = idx > 0 ? entry.slice(0, idx).trim().toLowerCase() : "";
      const identity = idx > 0 ? entry.slice(idx + 1).trim() : "";
      if (!BROKER_CHANNELS.has(channel) || identity === "") {
        throw new ConfigError(
          `TOLLGATE_BROKERS entry "${entry}" is not of the form channel:identity with channel one of slack, email, cli, web ` +
            `(example: TOLLGATE_BROKERS="slack:U024BE7LH,email:ana@broker.example,cli:ana").`,
        );
      }
      return {
        channel: channel as BrokerIdentity["channel"],
        identity: channel === "email" ? identity.toLowerCase() : identity,
      };
    });
}

/** Reads and validates configuration from an environment map (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = issue.path.join(".");
    throw new ConfigError(`Invalid environment variable ${variable}: ${issue.message}. Fix or unset ${variable}.`);
  }
  const e = parsed.data;
  const knowledgeDir = path.resolve(e.TOLLGATE_KNOWLEDGE_DIR ?? path.join(PROJECT_ROOT, "knowledge"));
  const dataDir = path.resolve(e.TOLLGATE_DATA_DIR ?? "./data");
  const useLlm = e.OPENAI_API_KEY !== undefined || e.LLM_BASE_URL !== undefined;
  const embeddingsProvider = e.EMBEDDINGS_PROVIDER ?? "local";
  if (embeddingsProvider === "openai" && !e.OPENAI_API_KEY && !e.EMBEDDINGS_BASE_URL && !e.LLM_BASE_URL) {
    throw new ConfigError(
      "EMBEDDINGS_PROVIDER=openai needs OPENAI_API_KEY or EMBEDDINGS_BASE_URL (or LLM_BASE_URL). Set one, or unset EMBEDDINGS_PROVIDER to use local embeddings.",
    );
  }
  return {
    dataDir,
    knowledgeDir,
    indexDir: path.join(knowledgeDir, "index"),
    databaseUrl: e.DATABASE_URL ? new Secret(e.DATABASE_URL) : undefined,
    llm: useLlm
      ? {
          apiKey: e.OPENAI_API_KEY ? new Secret(e.OPENAI_API_KEY) : undefined,
          baseUrl: e.LLM_BASE_URL,
          model: e.LLM_MODEL ?? "gpt-4o-mini",
        }
      : null,
    embeddings:
      embeddingsProvider === "openai"
        ? {
            provider: "openai",
            model: e.EMBEDDINGS_MODEL ?? "text-embedding-3-small",
            baseUrl: e.EMBEDDINGS_BASE_URL ?? e.LLM_BASE_URL,
            apiKey: e.OPENAI_API_KEY ? new Secret(e.OPENAI_API_KEY) : undefined,
            dimensions: e.EMBEDDINGS_DIMENSIONS,
          }
        : { provider: "local", dimensions: e.EMBEDDINGS_DIMENSIONS },
    brokers: parseBrokers(e.TOLLGATE_BROKERS),
    limits: { maxFileBytes: Math.round(e.TOLLGATE_MAX_FILE_MB * 1024 * 1024), maxPages: Math.floor(e.TOLLGATE_MAX_PAGES) },
    fxRatesFile: e.TOLLGATE_FX_RATES,
    logLevel: e.TOLLGATE_LOG_LEVEL ?? "info",
    slack: {
      botToken: e.SLACK_BOT_TOKEN ? new Secret(e.SLACK_BOT_TOKEN) : undefined,
      signingSecret: e.SLACK_SIGNING_SECRET ? new Secret(e.SLACK_SIGNING_SECRET) : undefined,
      apiUrl: e.SLACK_API_URL,
      appToken: e.SLACK_APP_TOKEN ? new Secret(e.SLACK_APP_TOKEN) : undefined,
    },
    mail: { smtpHost: e.SMTP_HOST, smtpPort: e.SMTP_PORT, from: e.MAIL_FROM },
    port: e.PORT,
    host: e.HOST ?? "127.0.0.1",
    publicUrl: parsePublicUrl(e.TOLLGATE_PUBLIC_URL),
    trustProxy: e.TOLLGATE_TRUST_PROXY === "1" || e.TOLLGATE_TRUST_PROXY === "true",
    mcpToken: e.TOLLGATE_MCP_TOKEN ? new Secret(e.TOLLGATE_MCP_TOKEN) : undefined,
    email: emailConfig(e),
    classifier: e.TOLLGATE_CLASSIFIER,
  };
}

function parsePublicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`TOLLGATE_PUBLIC_URL "${raw}" is not a URL. Set it to the console's address, e.g. https://tollgate.example.com, or unset it.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`TOLLGATE_PUBLIC_URL must start with http:// or https://, got "${raw}".`);
  return url.toString().replace(/\/$/, "");
}
