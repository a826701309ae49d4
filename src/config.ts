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
  SMTP_HOST: optionalString,
  SMTP_PORT: positiveNumber("SMTP_PORT", 25),
  MAIL_FROM: optionalString,
  PORT: positiveNumber("PORT", 3000),
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
  slack: { botToken?: Secret; signingSecret?: Secret; apiUrl?: string };
  mail: { smtpHost?: string; smtpPort: number; from?: string };
  port: number;
  /** Classifier behind classify_product and `tollgate classify` (TOLLGATE_CLASSIFIER, default descent). */
  classifier?: "descent" | "hybrid";
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
    },
    mail: { smtpHost: e.SMTP_HOST, smtpPort: e.SMTP_PORT, from: e.MAIL_FROM },
    port: e.PORT,
    classifier: e.TOLLGATE_CLASSIFIER,
  };
}
