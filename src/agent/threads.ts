/**
 * Conversation threads: one inbound message in, one reply out. Attachments are saved as documents
 * of the thread before the agent runs; the thread's state lives in the checkpointer, so any process
 * can continue any thread. A thread paused for a broker's decision on a filing accepts no new
 * messages: only the approval service resumes it (resume.ts), so chat text can never approve.
 */
import { randomUUID } from "node:crypto";
import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { Command } from "@langchain/langgraph";
import { describeError, isUserError } from "../errors.ts";
import type { InboundMessage, OutboundReply, PendingApproval, ToolCallRecord } from "./messages.ts";
import type { AttachmentStore } from "./attachments.ts";
import { formatAttachmentNote, stripAttachmentNotes } from "./attachment-note.ts";
import { FILING_TOOL, type TollgateAgent, type TurnContext } from "./agent.ts";
import { exchanges, textOf } from "./offline-model/history.ts";

/** What running a turn needs. */
export interface ThreadDeps {
  agent: TollgateAgent;
  attachments: AttachmentStore;
  /** Records the thread in the store (channel and last activity) and the message's author as taking part in it. */
  recordThread: (threadId: string, channel: string, author: { channel: string; identity: string }) => Promise<void>;
  /** Marks a draft version as waiting for approval by the given thread (asked for by `requestedBy`). */
  markAwaitingApproval: (draftId: string, version: number, threadId: string, requestedBy: string) => Promise<void>;
  /**
   * Why a paused filing can no longer be decided (the draft was edited into a new version, filed or
   * rejected elsewhere), or null while it is still open for a broker's decision.
   */
  filingClosedReason: (draftId: string, version: number) => Promise<string | null>;
  /** The most tool-and-model steps one turn may take (guards against a looping model). */
  recursionLimit?: number;
}

/** The thread's checkpointed state (messages and pending interrupts). */
type ThreadSnapshot = Awaited<ReturnType<TollgateAgent["graph"]["getState"]>>;

function snapshotOf(agent: TollgateAgent, threadId: string): Promise<ThreadSnapshot> {
  return agent.graph.getState({ configurable: { thread_id: threadId } });
}

/**
 * Results for tool calls left unanswered by a run that failed (a system error stopped it). Chat
 * APIs reject a history where a tool call has no result, so before the next message each one gets
 * an error result saying the call did not complete; the model can then try again or explain.
 */
function unansweredToolCalls(snapshot: ThreadSnapshot): ToolMessage[] {
  const messages = ((snapshot.values as { messages?: BaseMessage[] } | undefined)?.messages ?? []) as BaseMessage[];
  const answered = new Set(messages.filter((m) => ToolMessage.isInstance(m)).map((m) => (m as ToolMessage).tool_call_id));
  const last = [...messages].reverse().find((m) => AIMessage.isInstance(m)) as AIMessage | undefined;
  return (last?.tool_calls ?? [])
    .filter((c) => c.id && !answered.has(c.id))
    .map(
      (c) =>
        new ToolMessage({
          tool_call_id: c.id!,
          name: c.name,
          status: "error",
          content: "This call did not complete: a system error stopped it. Its effect is unknown; check before repeating it.",
        }),
    );
}

/** A new thread id. */
export function newThreadId(): string {
  return `t-${randomUUID()}`;
}

interface HitlValue {
  actionRequests?: Array<{ name: string; args: Record<string, unknown> }>;
}

/** How many tool calls an interrupt asks a person to decide on. */
function actionCount(interrupts: Array<{ value?: unknown }> | undefined): number {
  return (interrupts ?? []).reduce((n, intr) => n + ((intr.value as HitlValue | undefined)?.actionRequests?.length ?? 0), 0);
}

/** The filing request a HITL interrupt value holds, if any. */
function filingIn(value: unknown): PendingApproval | null {
  for (const action of (value as HitlValue | undefined)?.actionRequests ?? []) {
    if (action.name === FILING_TOOL) return { draftId: String(action.args.draftId), version: Number(action.args.version) };
  }
  return null;
}

/** The filing the thread is paused on, or null when it is not waiting. */
export async function pendingFiling(agent: TollgateAgent, threadId: string): Promise<PendingApproval | null> {
  return filingPausedOn(await snapshotOf(agent, threadId));
}

function filingPausedOn(snapshot: ThreadSnapshot): PendingApproval | null {
  for (const task of snapshot.tasks) {
    for (const intr of task.interrupts ?? []) {
      const filing = filingIn(intr.value);
      if (filing) return filing;
    }
  }
  return null;
}

/** The text that tells a user a filing waits for a broker. */
export function awaitingText(p: PendingApproval): string {
  return (
    `Draft ${p.draftId} version ${p.version} is ready to file and is waiting for a licensed customs broker's approval. ` +
    `Nothing has been filed. A broker approves or rejects it outside this chat (\`tollgate drafts approve ${p.draftId} --version ${p.version} --as <broker>\`, or the Slack button or e-mail reply); ` +
    `this thread continues when they decide.`
  );
}

/** Builds the reply from the agent's state after a run, for the messages after `fromIndex`. */
export function replyFromState(
  threadId: string,
  state: { messages: BaseMessage[]; __interrupt__?: Array<{ value?: unknown }> },
  fromIndex: number,
): OutboundReply {
  const turn = state.messages.slice(fromIndex);
  const toolCalls: ToolCallRecord[] = [];
  for (const m of turn) if (AIMessage.isInstance(m)) for (const c of m.tool_calls ?? []) toolCalls.push({ name: c.name, args: c.args });
  let pendingApproval: PendingApproval | null = null;
  for (const intr of state.__interrupt__ ?? []) pendingApproval ??= filingIn(intr.value);
  const lastAi = [...turn].reverse().find((m) => AIMessage.isInstance(m) && textOf(m).trim() !== "");
  const text = pendingApproval ? awaitingText(pendingApproval) : lastAi ? textOf(lastAi) : "";
  // A filing that was refused (no approval, stale approval, broker rejection) makes the turn a
  // refusal, so scripts see a non-zero exit status.
  const refused = exchanges(turn).some((e) => e.name === FILING_TOOL && e.failed);
  return { threadId, text, toolCalls, pendingApproval, refused };
}

/** Runs one inbound message through the agent and returns the reply. */
export async function runTurn(deps: ThreadDeps, msg: InboundMessage): Promise<OutboundReply> {
  const threadId = msg.threadId;
  // One read of the thread's state serves the pause check and the repair of unanswered tool calls.
  let snapshot = await snapshotOf(deps.agent, threadId);
  const waiting = filingPausedOn(snapshot);
  const closed = waiting ? await deps.filingClosedReason(waiting.draftId, waiting.version) : null;
  if (waiting && closed) {
    // No broker can decide on this version any more, so the request is withdrawn (a refusal,
    // never an approval) and the thread is free for the new message.
    await deps.agent.invoke(new Command({ resume: { decisions: [{ type: "reject", message: `Filing request withdrawn: ${closed}` }] } }), {
      configurable: { thread_id: threadId },
      context: { threadId, actor: { channel: "system", identity: "tollgate" } } satisfies TurnContext,
      recursionLimit: deps.recursionLimit ?? 40,
    });
    // The withdrawal ran the agent on: read the state it left.
    snapshot = await snapshotOf(deps.agent, threadId);
  } else if (waiting) {
    return {
      threadId,
      text: `This thread is paused: ${awaitingText(waiting)} Start a new thread for other questions.`,
      toolCalls: [],
      pendingApproval: waiting,
      refused: true,
    };
  }
  await deps.recordThread(threadId, msg.channel, msg.author);
  const notes: string[] = [];
  for (const attachment of msg.attachments) {
    const saved = await deps.attachments.save(threadId, attachment);
    notes.push(formatAttachmentNote(saved));
  }
  // Notes are written only here, from saved files; a note typed by the user is removed so no one can
  // point the agent at a document that was never attached to this thread.
  const content = [stripAttachmentNotes(msg.text), ...notes].filter((s) => s !== "").join("\n");
  const human = new HumanMessage({ content, id: randomUUID() });
  const repairs = unansweredToolCalls(snapshot);
  const context: TurnContext = { threadId, actor: { channel: msg.author.channel, identity: msg.author.identity } };
  const state = (await deps.agent.invoke(
    { messages: [...repairs, human] },
    { configurable: { thread_id: threadId }, context, recursionLimit: deps.recursionLimit ?? 40 },
  )) as unknown as RunState;
  const from = state.messages.findIndex((m) => m.id === human.id);
  const reply = await settleTurn(deps, threadId, state, from + 1, context);
  return closed ? { ...reply, text: `(The earlier filing request was withdrawn: ${closed})\n\n${reply.text}` } : reply;
}

/** The state an agent run returns. */
export type RunState = { messages: BaseMessage[]; __interrupt__?: Array<{ value?: unknown }> };

/**
 * Builds the reply of a run (a new message or a resume) and settles a pause on a filing: the draft
 * version is marked as waiting for this thread, or, when that cannot be (several filings at once,
 * an unknown or superseded version), the request is declined at once so the thread is never left
 * waiting for a decision nobody can make. Declining is a refusal, never an approval.
 */
export async function settleTurn(deps: ThreadDeps, threadId: string, state: RunState, from: number, context: TurnContext): Promise<OutboundReply> {
  const reply = replyFromState(threadId, state, from);
  if (!reply.pendingApproval) return reply;
  const decline = async (message: string): Promise<OutboundReply> => {
    const decisions = Array.from({ length: actionCount(state.__interrupt__) }, () => ({ type: "reject" as const, message }));
    const after = (await deps.agent.invoke(new Command({ resume: { decisions } }), {
      configurable: { thread_id: threadId },
      context,
      recursionLimit: deps.recursionLimit ?? 40,
    })) as unknown as RunState;
    return { ...replyFromState(threadId, after, from), refused: true };
  };
  // A broker decides on one draft version at a time.
  if (actionCount(state.__interrupt__) > 1) return decline("Not filed: ask to file one draft version at a time.");
  const { draftId, version } = reply.pendingApproval;
  try {
    await deps.markAwaitingApproval(draftId, version, threadId, `${context.actor.channel}:${context.actor.identity}`);
  } catch (err) {
    if (!isUserError(err)) throw err;
    return decline(`Filing refused: ${describeError(err)}`);
  }
  return reply;
}
