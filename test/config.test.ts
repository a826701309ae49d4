import { describe, expect, it } from "vitest";
import { loadConfig, parseBrokers } from "../src/config.ts";
import { ConfigError } from "../src/errors.ts";

describe("loadConfig", () => {
  it("runs offline with no keys: no LLM, local embeddings, PGlite data dir", () => {
    const config = loadConfig({});
    expect(config.llm).toBeNull();
    expect(config.embeddings.provider).toBe("local");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.limits.maxFileBytes).toBe(25 * 1024 * 1024);
    expect(config.limits.maxPages).toBe(200);
  });

  it("uses an OpenAI-compatible model when a base URL is set, and never prints the key", () => {
    const config = loadConfig({ LLM_BASE_URL: "http://127.0.0.1:11434/v1", OPENAI_API_KEY: "sk-secret", LLM_MODEL: "llama3" });
    expect(config.llm?.baseUrl).toBe("http://127.0.0.1:11434/v1");
    expect(config.llm?.model).toBe("llama3");
    expect(JSON.stringify(config)).not.toContain("sk-secret");
    expect(config.llm?.apiKey?.reveal()).toBe("sk-secret");
  });

  it("names the variable when a value is invalid", () => {
    expect(() => loadConfig({ TOLLGATE_MAX_PAGES: "lots" })).toThrow(/TOLLGATE_MAX_PAGES/);
    expect(() => loadConfig({ EMBEDDINGS_PROVIDER: "openai" })).toThrow(ConfigError);
  });
});

describe("parseBrokers", () => {
  it("parses channel:identity pairs and lower-cases e-mail addresses", () => {
    expect(parseBrokers("slack:U024BE7LH, email:Ana@Broker.example,cli:ana")).toEqual([
      { channel: "slack", identity: "U024BE7LH" },
      { channel: "email", identity: "ana@broker.example" },
      { channel: "cli", identity: "ana" },
    ]);
  });

  it("rejects entries without a known channel", () => {
    expect(() => parseBrokers("ana")).toThrow(/TOLLGATE_BROKERS/);
    expect(() => parseBrokers("fax:123")).toThrow(/channel:identity/);
  });
});
