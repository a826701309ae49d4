/**
 * Chat model selection. With `OPENAI_API_KEY` or `LLM_BASE_URL` set (config.llm), any
 * OpenAI-compatible server is used through `ChatOpenAI` (OpenAI, Azure OpenAI, Ollama, vLLM,
 * llama.cpp server); otherwise the deterministic offline model runs, so Tollgate works with no keys.
 * Azure OpenAI is reached through its v1 endpoint, which speaks the OpenAI protocol:
 * LLM_BASE_URL=https://<resource>.openai.azure.com/openai/v1/ and LLM_MODEL=<deployment name>.
 * Ollama: LLM_BASE_URL=http://localhost:11434/v1 (any key is accepted).
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";
import type { Config } from "../config.ts";
import { OfflineChatModel, type OfflineModelDeps } from "./offline-model/model.ts";

/** Which kind of model `createChatModel` picked, for logs and `tollgate chat`'s banner. */
export type ModelKind = "openai-compatible" | "offline";

/** The model kind the configuration selects. */
export function modelKind(config: Pick<Config, "llm">): ModelKind {
  return config.llm ? "openai-compatible" : "offline";
}

/** The chat model for this configuration. */
export function createChatModel(config: Pick<Config, "llm">, offline: OfflineModelDeps): BaseChatModel {
  return config.llm ? createOpenAiCompatibleModel(config.llm) : new OfflineChatModel(offline);
}

/** The OpenAI-compatible chat model for a configured LLM (for callers that never want the offline model). */
export function createOpenAiCompatibleModel(llm: NonNullable<Config["llm"]>): ChatOpenAI {
  return new ChatOpenAI({
    model: llm.model,
    // Local servers (Ollama, vLLM, llama.cpp) accept any key, but the client refuses to start without one.
    apiKey: llm.apiKey?.reveal() ?? "not-needed",
    configuration: llm.baseUrl ? { baseURL: llm.baseUrl } : undefined,
    // Never `streaming: true`: it fetches a tokenizer from the internet and stalls offline (STACK.md).
    // Two retries keep a flaky local server from failing a turn without hiding a dead one for long.
    maxRetries: 2,
  });
}
