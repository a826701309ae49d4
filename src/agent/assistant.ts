/**
 * The assistant: the agent assembled from the application context (model chosen by config, every
 * tool, the system prompt, the store's checkpointer), with the two ways in: a new message on a
 * thread, and a broker's decision resuming a thread paused on a filing. Channels use only this.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { createApp, type AppContext } from "../app.ts";
import type { Config } from "../config.ts";
import type { Store } from "../store/index.ts";
import { TollgateError } from "../errors.ts";
import type { InboundMessage, OutboundReply } from "./messages.ts";
import type { ApprovalNotifier } from "./ports.ts";
import { requestApproval, type Actor, type DecisionResult } from "./approval.ts";
import { buildAgent, type TollgateAgent } from "./agent.ts";
import { createChatModel, modelKind, type ModelKind } from "./model.ts";
import { resumeThread, type FilingDecision, type ResumeRequest } from "./resume.ts";
import { loadSystemPrompt } from "./system-prompt.ts";
import { pendingFiling, runTurn, type ThreadDeps } from "./threads.ts";
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
  /** Told when a filing pauses for a broker (Slack card, e-mail code, console); the server passes each channel's. */
  notifiers?: readonly ApprovalNotifier[];
}

/**
 * After the approval service recorded a broker's decision, resumes the thread that was paused on
 * that draft version, if any, and returns its reply (null when no thread was waiting). Channels'
 * approve/reject actions call this right after `approveDraft` / `rejectDraft`.
 */
export async function resumeAfterDecision(app: AppContext, result: DecisionResult, actor: Actor, options: AssistantOptions = {}): Promise<OutboundReply | null> {
  if (!result.waitingThreadId) return null;
  return resumeWithAssistant(createAssistant(app, options), result, actor);
}

/** `resumeAfterDecision` for a caller that already holds an assistant (the chat console), so none is built per decision. */
export async function resumeWithAssistant(assistant: Assistant, result: DecisionResult, actor: Actor): Promise<OutboundReply | null> {
  if (!result.waitingThreadId) return null;
  const waiting = await pendingFiling(assistant.agent, result.waitingThreadId);
  // The thread may have been resumed already (a repeated approval) or withdrawn its request.
  if (!waiting || waiting.draftId !== result.draft.id || waiting.version !== result.draft.version) return null;
  const decision: FilingDecision =
    result.approval.decision === "approved" ? { type: "approve" } : { type: "reject", reason: result.approval.reason ?? undefined };
  try {
    return await assistant.resume({ threadId: result.waitingThreadId, draftId: result.draft.id, version: result.draft.version, decision, actor });
  } catch (err) {
    // Another decision (on this or another replica) resumed the thread while this one waited for
    // the thread's lock: the decision is recorded and there is nothing left to resume.
    if (err instanceof TollgateError && err.code === "thread_not_waiting") return null;
    throw err;
  }
}

/**
 * `resumeAfterDecision` for a caller that holds only the configuration and an open store (the
 * drafts CLI): the rest of the application (knowledge base, tools) is loaded only when a thread is
 * actually waiting on the decided version.
 */
export async function resumeWaitingThread(config: Config, store: Store, result: DecisionResult, actor: Actor): Promise<OutboundReply | null> {
  if (!result.waitingThreadId) return null;
  // The caller owns the store and closes it; this context adds only the parts resuming needs.
  const app = await createApp(config, { store });
  try {
    return await resumeAfterDecision(app, result, actor);
  } finally {
    // The store stays open (the caller's); only the lock connections this context opened are closed.
    await app.threadLocks.close?.();
  }
}

/** Builds the assistant for an application context. */
export function createAssistant(app: AppContext, options: AssistantOptions = {}): Assistant {
  const model = options.model ?? createChatModel(app.config, {
      countries: app.countries,
      knowledgeDir: app.config.knowledgeDir,
      programs: app.dutyData.programs,
      checkCode: (code) => app.knowledge.schedule.validate(code),
    });
  const tools = options.tools ?? buildTools(app, { llm: app.config.llm ? model : undefined });
  const agent = buildAgent({ model, tools, systemPrompt: loadSystemPrompt(), checkpointer: app.checkpointer });
  const deps: ThreadDeps = {
    agent,
    attachments: app.attachments,
    recordThread: async (threadId, channel, author) => {
      await app.store.threads.upsert(threadId, channel);
      // Whoever writes in a thread takes part in it (a clerk then sees its drafts).
      await app.store.threads.addParticipant(threadId, `${author.channel}:${author.identity}`);
    },
    markAwaitingApproval: async (draftId, version, threadId, requestedBy) => {
      const draft = await requestApproval({ store: app.store, brokers: app.config.brokers }, { draftId, version, threadId, requestedBy });
      await notifyBrokers(app, options.notifiers ?? [], { draftId, version, contentHash: draft.contentHash, threadId, requestedBy });
    },
    filingClosedReason: async (draftId, version) => {
      const latest = await app.store.drafts.get(draftId).catch(() => null);
      if (!latest) return `draft ${draftId} no longer exists.`;
      if (latest.version !== version) return `draft ${draftId} was edited into version ${latest.version}; ask to file that version.`;
      if (latest.status === "filed") return `draft ${draftId} version ${version} has already been filed.`;
      if (latest.status === "rejected") return `a broker rejected draft ${draftId} version ${version}.`;
      return null;
    },
  };
  return {
    agent,
    modelKind: options.model ? "custom" : modelKind(app.config),
    send: (msg) => app.threadLocks.run(msg.threadId, () => runTurn(deps, msg)),
    resume: (req) => app.threadLocks.run(req.threadId, () => resumeThread(deps, req)),
  };
}

/**
 * Tells every channel's notifier about a paused filing. A notifier that fails is recorded in the
 * audit trail and never undoes the request: the draft stays awaiting approval and visible in the
 * console and `tollgate drafts list`.
 */
async function notifyBrokers(app: AppContext, notifiers: readonly ApprovalNotifier[], notice: Parameters<ApprovalNotifier["notify"]>[0]): Promise<void> {
  const results = await Promise.allSettled(notifiers.map((n) => n.notify(notice)));
  for (const [i, r] of results.entries()) {
    if (r.status === "fulfilled") continue;
    await app.store.audit.append({
      type: "approval_notice_failed",
      actor: "system",
      threadId: notice.threadId,
      inputs: { channel: notifiers[i]!.channel, error: r.reason instanceof Error ? r.reason.message : String(r.reason) },
      refs: { draftId: notice.draftId, version: notice.version },
    });
  }
}
