/**
 * Reading the turn context (thread and actor) inside a tool. The agent passes it as LangGraph
 * runtime context on every invoke and resume; the checkpointer's `thread_id` is the fallback for
 * a tool called outside a turn that set it.
 */
import { TollgateError } from "../errors.ts";
import type { TurnContext } from "./agent.ts";

/** The thread and actor of the running turn, from a tool's runtime argument. */
export function turnContextOf(runtime: unknown): TurnContext {
  const r = runtime as { context?: Partial<TurnContext>; configurable?: { thread_id?: unknown }; config?: { configurable?: { thread_id?: unknown } } } | undefined;
  const threadId = r?.context?.threadId ?? r?.configurable?.thread_id ?? r?.config?.configurable?.thread_id;
  if (typeof threadId !== "string" || threadId === "") {
    // A tool that stores per-thread data must never guess the thread: that would leak documents.
    throw new TollgateError("Tool called without a conversation thread.", "no_thread");
  }
  const actor = r?.context?.actor ?? { channel: "system", identity: "agent" };
  return { threadId, actor };
}

/** `channel:identity` of the turn's actor, the form audit events use. */
export function actorLabelOf(ctx: TurnContext): string {
  return `${ctx.actor.channel}:${ctx.actor.identity}`;
}

/** The running turn's thread and actor label, the form the draft and filing tools take. */
export function toolTurnOf(runtime: unknown): { threadId: string; actor: string } {
  const turn = turnContextOf(runtime);
  return { threadId: turn.threadId, actor: actorLabelOf(turn) };
}
