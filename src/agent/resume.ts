/**
 * Resuming a thread paused on a filing. Only the approval service calls this, after it has
 * recorded a licensed broker's decision in the store; no chat message reaches it. The decision is
 * checked against the filing the thread is actually waiting on (same draft, same version), and the
 * filing tool still checks the store for the hash-bound approval when it runs.
 */
import { Command } from "@langchain/langgraph";
import { NotFoundError, PermissionError } from "../errors.ts";
import type { OutboundReply } from "./messages.ts";
import type { TurnContext } from "./agent.ts";
import { pendingFiling, settleTurn, type RunState, type ThreadDeps } from "./threads.ts";
import { lastHumanIndex } from "./offline-model/history.ts";

/** A broker's decision on a paused filing. */
export type FilingDecision = { type: "approve" } | { type: "reject"; reason?: string };

/** What resuming needs. */
export interface ResumeRequest {
  threadId: string;
  draftId: string;
  version: number;
  decision: FilingDecision;
  /** The broker who decided; tools running after the resume act on their behalf. */
  actor: TurnContext["actor"];
}

/** Resumes the paused thread with the broker's decision and returns the agent's reply. */
export async function resumeThread(deps: ThreadDeps, req: ResumeRequest): Promise<OutboundReply> {
  const agent = deps.agent;
  const waiting = await pendingFiling(agent, req.threadId);
  if (!waiting) throw new NotFoundError(`Thread ${req.threadId} is not waiting for a filing decision.`, "thread_not_waiting");
  if (waiting.draftId !== req.draftId || waiting.version !== req.version) {
    throw new PermissionError(
      `Thread ${req.threadId} is waiting on draft ${waiting.draftId} version ${waiting.version}, not draft ${req.draftId} version ${req.version}.`,
      "approval_mismatch",
    );
  }
  const decision =
    req.decision.type === "approve"
      ? { type: "approve" as const }
      : {
          type: "reject" as const,
          message: `A licensed broker (${req.actor.identity}) rejected filing draft ${req.draftId} version ${req.version}${req.decision.reason ? `: ${req.decision.reason}` : ""}. Nothing was filed.`,
        };
  const context: TurnContext = { threadId: req.threadId, actor: req.actor };
  const state = (await agent.invoke(new Command({ resume: { decisions: [decision] } }), {
    configurable: { thread_id: req.threadId },
    context,
    recursionLimit: deps.recursionLimit ?? 40,
  })) as unknown as RunState;
  // The resumed run continues the turn that asked to file, so the reply covers what happened since
  // that request: the filing (or the rejection) and the agent's answer. If the model asks to file
  // again (after a rejection), that request is settled like any other.
  const from = lastHumanIndex(state.messages) + 1;
  const reply = await settleTurn(deps, req.threadId, state, from, context);
  return { ...reply, toolCalls: reply.toolCalls.filter((_, i, all) => i >= all.findIndex((c) => c.name === "file_declaration")) };
}
