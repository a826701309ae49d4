/**
 * The tool registry: every tool the agent may call, built from the application context. Tools
 * that store per-conversation data read the thread and actor from the turn context the agent
 * passes at run time, so one set of tools serves every thread of the process.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { AppContext } from "../app.ts";
import type { EntryContext } from "../filing/draft-service.ts";
import { draftBuilderDeps } from "../filing/engines.ts";
import { createCalculateDutyTool } from "../tools/calculate-duty.ts";
import { createClassifyProductTool } from "../tools/classify-product.ts";
import { createDraftDeclarationTool } from "../tools/draft-declaration.ts";
import { createFileDeclarationTool } from "../tools/file-declaration.ts";
import { createLookupHtsTool } from "../tools/lookup-hts.ts";
import { createSearchRulingsTool } from "../tools/search-rulings.ts";
import { createSearchTariffTool } from "../tools/search-tariff.ts";
import { createShowDraftTool } from "../tools/show-draft.ts";
import { createUpdateDraftTool } from "../tools/update-draft.ts";
import { recordCalculation, recordClassification, recorded } from "./tool-wrappers/recorded.ts";
import { createThreadExtractTool } from "./tool-wrappers/thread-extract.ts";

/** Options of `buildTools`. */
export interface ToolOptions {
  /** An LLM for tools that can use one (document extraction reconciliation, classification re-ranking); none offline. */
  llm?: BaseChatModel;
}

/**
 * What the entry tools (draft, show, update, file) need, from the application context; `llm` (only
 * when one is configured) re-ranks the classifier's candidates for lines drafted without a code.
 */
export function entryContext(app: AppContext, llm?: BaseChatModel): EntryContext {
  const builder = draftBuilderDeps({
    schedule: app.knowledge.schedule,
    dutyData: app.dutyData,
    classifier: app.knowledge.classifier,
    rerank: llm ? { model: llm, schedule: app.knowledge.schedule, lowConfidence: app.knowledge.classifier.params.lowConfidence } : undefined,
    countries: app.countries,
    reference: app.reference,
    clock: app.clock,
  });
  return { store: app.store, builder, brokers: app.config.brokers, adapter: app.filing };
}

/** All tools, in the order they are offered to the model. */
export function buildTools(app: AppContext, options: ToolOptions = {}): StructuredToolInterface[] {
  const knowledge = { knowledge: app.knowledge };
  const entry = entryContext(app, options.llm);
  return [
    recorded(app, createClassifyProductTool({ ...knowledge, rerankModel: options.llm }), recordClassification),
    recorded(app, createCalculateDutyTool({ schedule: app.knowledge.schedule, dutyData: app.dutyData, clock: app.clock }), recordCalculation),
    createLookupHtsTool(knowledge),
    createSearchTariffTool(knowledge),
    createSearchRulingsTool(knowledge),
    createThreadExtractTool(app, options.llm),
    createDraftDeclarationTool(entry),
    createShowDraftTool(entry),
    createUpdateDraftTool(entry),
    createFileDeclarationTool(entry),
  ];
}
