/**
 * The tool registry: every tool the agent may call, built from the application context. Tools
 * that store per-conversation data read the thread and actor from the turn context the agent
 * passes at run time, so one set of tools serves every thread of the process.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { AppContext } from "../app.ts";
import { createClassifyProductTool } from "../tools/classify-product.ts";
import { createSearchRulingsTool } from "../tools/search-rulings.ts";
import { createSearchTariffTool } from "../tools/search-tariff.ts";
import { createThreadExtractTool } from "./tool-wrappers/thread-extract.ts";

/** Options of `buildTools`. */
export interface ToolOptions {
  /** An LLM for tools that can use one (document extraction reconciliation); none offline. */
  llm?: BaseChatModel;
}

/** All tools, in the order they are offered to the model. */
export function buildTools(app: AppContext, options: ToolOptions = {}): StructuredToolInterface[] {
  const knowledge = { knowledge: app.knowledge };
  return [
    createClassifyProductTool(knowledge),
    createSearchTariffTool(knowledge),
    createSearchRulingsTool(knowledge),
    createThreadExtractTool(app, options.llm),
  ];
}
