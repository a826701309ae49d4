/**
 * Reading the conversation for the offline model. The checkpointed thread holds every earlier
 * message, tool call and tool result, so context ("what about from Vietnam?", "file it", "change
 * line 2") is recovered from there rather than from any state of the model object, which is
 * shared by all threads.
 */
import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { parseAttachmentNotes, type AttachmentRef } from "../attachment-note.ts";
import { obj } from "./json-values.ts";

/** A tool call the model made, with the result that came back (when it has). */
export interface ToolExchange {
  id: string;
  name: string;
  args: Record<string, unknown>;
  /** Raw result text, or undefined while the call has no result yet. */
  resultText?: string;
  /** The result parsed as JSON when it is JSON. */
  result?: unknown;
  /** True when the tool reported an error (or the call was rejected). */
  failed: boolean;
}

/** Text content of any message. */
export function textOf(message: BaseMessage): string {
  const c = message.content;
  if (typeof c === "string") return c;
  return c
    .map((part) => (typeof part === "string" ? part : part.type === "text" && "text" in part ? String(part.text) : ""))
    .join("");
}

/**
 * Parses JSON tool output; undefined when the text is not JSON. A tool may put a one-line summary
 * for the model before its JSON (calculate_duty does), so JSON starting on a later line counts too.
 */
export function parseJson(text: string): unknown {
  let t = text.trim();
  if (!t.startsWith("{") && !t.startsWith("[")) {
    const at = t.indexOf("\n{");
    if (at < 0) return undefined;
    t = t.slice(at + 1);
  }
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** Index of the last human message (the start of the current turn), or -1. */
export function lastHumanIndex(messages: BaseMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (HumanMessage.isInstance(messages[i])) return i;
  return -1;
}

/** Tool calls and their results among the given messages, in call order. */
export function exchanges(messages: BaseMessage[]): ToolExchange[] {
  const out: ToolExchange[] = [];
  const byId = new Map<string, ToolExchange>();
  for (const m of messages) {
    if (AIMessage.isInstance(m)) {
      for (const call of m.tool_calls ?? []) {
        const ex: ToolExchange = { id: call.id ?? "", name: call.name, args: call.args, failed: false };
        out.push(ex);
        if (call.id) byId.set(call.id, ex);
      }
    } else if (ToolMessage.isInstance(m)) {
      const ex = byId.get(m.tool_call_id);
      if (!ex) continue;
      ex.resultText = textOf(m);
      ex.result = parseJson(ex.resultText);
      // Tools return refusals the user can fix as plain text ("Could not ...", "Not filed: ...").
      ex.failed = m.status === "error" || (ex.result === undefined && /^(error|tool error|could not|not filed|refused)\b/i.test(ex.resultText.trim()));
    }
  }
  return out;
}

/** The conversation split into earlier turns and the current one. */
export interface Conversation {
  /** What the user wrote last (attachment notes included). */
  userText: string;
  /** Tool exchanges of the current turn. */
  current: ToolExchange[];
  /** Tool exchanges of all earlier turns, oldest first. */
  earlier: ToolExchange[];
  /** Documents attached anywhere in the thread, oldest first. */
  attachments: AttachmentRef[];
  /** Documents attached to the last message. */
  newAttachments: AttachmentRef[];
}

/** Reads a message list the way the offline model needs it. */
export function readConversation(messages: BaseMessage[]): Conversation {
  const h = lastHumanIndex(messages);
  const userText = h >= 0 ? textOf(messages[h]!) : "";
  const attachments: AttachmentRef[] = [];
  for (const m of messages) if (HumanMessage.isInstance(m)) attachments.push(...parseAttachmentNotes(textOf(m)));
  return {
    userText,
    current: exchanges(messages.slice(h + 1)),
    earlier: exchanges(messages.slice(0, Math.max(h, 0))),
    attachments,
    newAttachments: parseAttachmentNotes(userText),
  };
}

/** The most recent exchange with one of the names, newest first search. */
export function latest(list: ToolExchange[], names: string[]): ToolExchange | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (names.includes(list[i]!.name)) return list[i];
  return undefined;
}

/** A draft the thread has seen, with the version last reported. */
export interface DraftRef {
  draftId: string;
  version: number;
}

/** Draft id and version in a draft tool's result (`{draftId, version}` or `{draft: {id, version}}`). */
export function draftRefIn(result: unknown): DraftRef | undefined {
  const r = obj(result);
  if (!r) return undefined;
  const inner = obj(r.draft) ?? r;
  const id = inner.draftId ?? inner.id ?? r.draftId;
  const version = inner.version ?? r.version;
  if (typeof id === "string" && typeof version === "number") return { draftId: id, version };
  return undefined;
}

/** The draft most recently created, shown or changed in the thread. */
export function latestDraft(all: ToolExchange[]): DraftRef | undefined {
  for (let i = all.length - 1; i >= 0; i--) {
    const ex = all[i]!;
    if (ex.failed || !["draft_declaration", "show_draft", "update_draft", "file_declaration"].includes(ex.name)) continue;
    const ref = draftRefIn(ex.result);
    if (ref) return ref;
  }
  return undefined;
}
