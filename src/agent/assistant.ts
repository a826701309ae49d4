/**
 * The assistant: the agent assembled from the application context (model chosen by config, every
 * tool, the system prompt, the store's checkpointer), with the two ways in: a new message on a
 * thread, and a broker's decision resuming a thread paused on a filing. Channels use only this.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { AppContext } from "../app.ts";
import type { InboundMessage, OutboundReply } from "../channels/types.ts";
import { requestApproval } from "./approval.ts";
import { buildAgent, type TollgateAgent } from "./agent.ts";
import { createChatModel, modelKind, type ModelKind } from "./model.ts";
import { resumeThread, type ResumeRequest } from "./resume.ts";
import { loadSystemPrompt } from "./system-prompt.ts";
import { runTurn, type ThreadDeps } from "./threads.ts";
import { buildTools } from "./tools.ts";

/** A ready agent over one application context. */
export interface Assistant {
  agent: TollgateAgent;
  /** "offline" or "openai-compatible" (or "custom" when a model was passed in). */
  modelKind: ModelKind | "custom";
  /** Runs one inbound message and returns the reply. */
  send(msg: InboundMessage): Promise<OutboundReply>;
  /** Resumes a thread paused on a filing with a broker's recorded decision. */
  resume(req: ResumeRequest): Promise<OutboundReply>;
}

/** Options of `createAssistant`. */
export interface AssistantOptions {
  /** A chat model to use instead of the configured one (tests pass LangChain's fakeModel). */
  model?: BaseChatModel;
  /** Tools to use instead of the registry's (tests only). */
  tools?: StructuredToolInterface[];
}

/** Builds the assistant for an application context. */
export function createAssistant(app: AppContext, options: AssistantOptions = {}): Assistant {
  const model = options.model ?? createChatModel(app.config, { countries: app.countries, knowledgeDir: app.config.knowledgeDir });
  const tools = options.tools ?? buildTools(app, { llm: app.config.llm ? model : undefined });
  const agent = buildAgent({ model, tools, systemPrompt: loadSystemPrompt(), checkpointer: app.checkpointer });
  const deps: ThreadDeps = {
    agent,
    attachments: app.attachments,
    recordThread: (threadId, channel) => app.store.threads.upsert(threadId, channel),
    markAwaitingApproval: async (draftId, version, threadId, requestedBy) => {
      await requestApproval({ store: app.store, brokers: app.config.brokers }, { draftId, version, threadId, requestedBy });
    },
  };
  return {
    agent,
    modelKind: options.model ? "custom" : modelKind(app.config),
    send: (msg) => runTurn(deps, msg),
    resume: (req) => resumeThread(agent, req),
  };
}
