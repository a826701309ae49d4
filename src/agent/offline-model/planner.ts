/**
 * The offline model's planner: given the conversation, either the next tool calls of the turn or
 * nothing (time to write the answer). It is a pure function of the messages, so a resumed thread
 * (after a restart, after a broker's approval) continues exactly where it stopped.
 */
import type { CountryIndex } from "../../domain/countries.ts";
import type { Program } from "../../domain/programs.ts";
import { findProgramClaim } from "./programs.ts";
import type { CodeCheck } from "./document-formats.ts";
import { htsDigits, formatHts } from "../../domain/hts-code.ts";
import { stripAttachmentNotes } from "../attachment-note.ts";
import { extractArgs, findMode, findOrigin, productDescription, type MessageArgs } from "./arguments.ts";
import { latest, latestDraft, readConversation, type Conversation, type ToolExchange } from "./history.ts";
import { recogniseIntent, type IntentKind } from "./intents.ts";
import { parseDraftChanges } from "./draft-changes.ts";
import { parseHeaderChanges } from "./header-changes.ts";
import { dutyLine, dutyLinesFrom, dutyLinesFromInvoice } from "./duty-lines.ts";
import type { BaseMessage } from "@langchain/core/messages";

/** A tool call the model will emit. */
export interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}

/** What the planner decided for this step. */
export type Step =
  | { kind: "call"; calls: PlannedCall[]; missing?: string }
  | { kind: "answer"; intent: IntentKind; conversation: Conversation; args: MessageArgs; note?: string };

/** What the planner needs besides the messages. */
export interface PlannerContext {
  countries: CountryIndex;
  knowledgeDir: string;
  programs?: ReadonlyMap<string, Program>;
  /** Checks a code against the loaded schedule (codes printed on documents are not trusted blindly). */
  checkCode?: CodeCheck;
  /** Bound tools: name -> the argument names its schema accepts. */
  tools: Map<string, Set<string>>;
}

/** Keeps only the arguments the bound tool's schema declares, so a schema change cannot break a call. */
function fit(ctx: PlannerContext, name: string, args: Record<string, unknown>): PlannedCall | null {
  const accepted = ctx.tools.get(name);
  if (!accepted) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) if (v !== undefined && (accepted.size === 0 || accepted.has(k))) out[k] = v;
  return { name, args: out };
}

/** One tool call; a call of a tool that is not bound comes back empty and becomes an "unavailable" answer. */
function call(ctx: PlannerContext, name: string, args: Record<string, unknown>): Step {
  const planned = fit(ctx, name, args);
  return { kind: "call", calls: planned ? [planned] : [], ...(planned ? {} : { missing: name }) } as Step;
}

/** A duty line from the message's arguments and a code. */
function lineFromArgs(args: MessageArgs, hts: string, origin: string): Record<string, unknown> {
  return dutyLine(hts, origin, args.money, args.quantity);
}

/** Adds a claimed special program to lines whose origin it is claimed for. */
function withProgram(lines: Array<Record<string, unknown>>, text: string, ctx: PlannerContext): Array<Record<string, unknown>> {
  return lines.map((line) => {
    const program = findProgramClaim(text, String(line.origin), ctx.programs);
    return program ? { ...line, program } : line;
  });
}

/** The top candidate code of a classify_product result. */
export function topCandidate(result: unknown): string | undefined {
  const r = result as { candidates?: Array<{ code?: string; hts?: string; digits?: string }> } | undefined;
  const first = r?.candidates?.[0];
  const code = first?.code ?? first?.hts ?? first?.digits;
  return code ? (htsDigits(code) ?? undefined) : undefined;
}

/** Re-runs the last duty calculation (or classification) with what the follow-up changes. */
function followUp(ctx: PlannerContext, conv: Conversation, args: MessageArgs): Step | null {
  const last = latest(conv.earlier, ["calculate_duty", "classify_product"]);
  if (!last) return null;
  if (last.name === "classify_product") {
    return call(ctx, "classify_product", { ...last.args, origin: args.origin?.code ?? last.args.origin });
  }
  const prev = last.args as { lines?: Array<Record<string, unknown>> } & Record<string, unknown>;
  const lines = withProgram((prev.lines ?? []).map((line) => ({
    ...line,
    ...(args.origin ? { origin: args.origin.code } : {}),
    ...(args.codes[0] && (prev.lines?.length ?? 0) === 1 ? { hts: formatHts(args.codes[0]) } : {}),
    ...(args.money && (prev.lines?.length ?? 0) === 1 ? { value: args.money.amount, currency: args.money.currency !== "USD" ? args.money.currency : undefined } : {}),
    ...(args.quantity && (prev.lines?.length ?? 0) === 1 ? { qty: `${args.quantity.value}:${args.quantity.unit}` } : {}),
    // A new origin drops an earlier program claim: programs are tied to partner countries.
    ...(args.origin ? { program: undefined } : {}),
  })), conv.userText, ctx);
  const mode = findMode(conv.userText);
  return call(ctx, "calculate_duty", { ...prev, lines, ...(args.dates[0] ? { entryDate: args.dates[0].iso } : {}), ...(mode ? { mode } : {}) });
}

/** First step of a turn: the tool calls the user's request needs, or an answer without tools. */
function firstStep(ctx: PlannerContext, conv: Conversation, intent: IntentKind, args: MessageArgs, text: string): Step | null {
  const all = [...conv.earlier];
  switch (intent) {
    case "classify": {
      const description = productDescription(text, args);
      if (description.length < 3) return null;
      return call(ctx, "classify_product", { description, origin: args.origin?.code, k: args.count ?? undefined });
    }
    case "duty": {
      // "What's the duty on this invoice?": read the attached documents first (see nextStep).
      if (conv.newAttachments.length > 0 && args.codes.length === 0) {
        const calls = conv.newAttachments.map((r) => fit(ctx, "extract_document", { documentId: r.documentId })).filter((c) => c !== null);
        if (calls.length > 0) return { kind: "call", calls };
      }
      if (args.codes.length > 0) {
        const lines = dutyLinesFrom(text, args, ctx.countries, ctx.knowledgeDir);
        return lines ? call(ctx, "calculate_duty", { lines: withProgram(lines, text, ctx), entryDate: args.dates[0]?.iso, mode: findMode(text) }) : null;
      }
      if (!args.origin || !args.money) return null;
      const description = productDescription(text, args);
      if (description.length < 3) return null;
      return call(ctx, "classify_product", { description, origin: args.origin.code });
    }
    case "followup":
      return followUp(ctx, conv, args);
    case "rulings": {
      const code = args.codes[0];
      const query = productDescription(text.replace(/\brulings?\b|\bCROSS\b|\bCBP\b|\bprecedents?\b/gi, (w) => " ".repeat(w.length)), args) || (code ? formatHts(code) : "");
      if (!query) return null;
      return call(ctx, "search_rulings", {
        query,
        k: args.count ?? 5,
        codePrefix: code ? formatHts(code) : undefined,
        dateFrom: args.yearRange?.from ?? undefined,
        dateTo: args.yearRange?.to ?? undefined,
      });
    }
    case "tariff": {
      const code = args.codes[0] ?? /\b(?:heading|subheading)\s+(\d{4}(?:\.\d{2})?)/i.exec(text)?.[1] ?? /\b(\d{4})\b/.exec(text)?.[1];
      const digits = code ? htsDigits(code) : null;
      // A code is looked up exactly (its line, rates and the lines below it); words are searched.
      if (digits && ctx.tools.has("lookup_hts")) return call(ctx, "lookup_hts", { code: formatHts(digits) });
      const chapter = /\bchapter\s+(\d{1,2})\b/i.exec(text)?.[1];
      if (chapter && !digits) {
        // No tool lists a whole chapter, and a word search for "chapter 95" finds unrelated lines.
        const note = `I can look up a heading or a line (e.g. "what is heading ${chapter.padStart(2, "0")}06?") or search the schedule by words, but I cannot list a whole chapter.`;
        return { kind: "answer", intent, conversation: conv, args, note };
      }
      const query = digits ? formatHts(digits) : productDescription(text, args);
      if (!query) return null;
      return call(ctx, "search_tariff", { query, k: args.count ?? 5 });
    }
    case "extract": {
      const refs = conv.newAttachments.length > 0 ? conv.newAttachments : conv.attachments.slice(-1);
      if (refs.length === 0) return null;
      const calls = refs.map((r) => fit(ctx, "extract_document", { documentId: r.documentId })).filter((c) => c !== null);
      return calls.length > 0 ? { kind: "call", calls } : null;
    }
    case "draft": {
      const extracted = new Set(all.concat(conv.current).filter((e) => e.name === "extract_document" && !e.failed).map((e) => String(e.args.documentId)));
      const pending = conv.attachments.filter((a) => !extracted.has(a.documentId));
      if (pending.length > 0) {
        const calls = pending.map((r) => fit(ctx, "extract_document", { documentId: r.documentId })).filter((c) => c !== null);
        if (calls.length > 0) return { kind: "call", calls };
      }
      // Without ids the tool drafts from every document extracted in this conversation.
      return call(ctx, "draft_declaration", {});
    }
    case "show_draft": {
      const ref = explicitDraftId(text) ?? latestDraft(all)?.draftId;
      return ref ? call(ctx, "show_draft", { draftId: ref }) : null;
    }
    case "update_draft": {
      const ref = latestDraft(all);
      const draftId = explicitDraftId(text) ?? ref?.draftId;
      const changes = parseDraftChanges(text, ctx.countries, ctx.knowledgeDir);
      const header = parseHeaderChanges(text, ctx.countries);
      const hasHeader = Object.keys(header).length > 0;
      if (!draftId || (changes.length === 0 && !hasHeader)) return null;
      return call(ctx, "update_draft", {
        draftId,
        version: ref?.draftId === draftId ? ref.version : undefined,
        header: hasHeader ? header : undefined,
        changes: changes.length > 0 ? changes : undefined,
      });
    }
    case "file": {
      const ref = latestDraft(all);
      const draftId = explicitDraftId(text) ?? ref?.draftId;
      if (!draftId || !ref || ref.draftId !== draftId) return null;
      return call(ctx, "file_declaration", { draftId, version: ref.version });
    }
    case "approve":
    case "help":
      return null;
  }
}

/** A draft id written in the message ("draft D-000012", "draft 7f3a..."). */
export function explicitDraftId(text: string): string | undefined {
  const m = /\bdraft\s+(?:id\s+|#)?([A-Za-z0-9][\w-]*\d[\w-]*)\b/i.exec(text);
  return m?.[1];
}

/** A later step: what to call after the results of this turn so far, or null to answer. */
function nextStep(ctx: PlannerContext, conv: Conversation, intent: IntentKind, args: MessageArgs): Step | null {
  const last = conv.current[conv.current.length - 1];
  if (!last || last.resultText === undefined) return null;
  // Duty for a product without a code: classify first, then calculate on the top candidate.
  if (intent === "duty" && last.name === "classify_product" && !last.failed && args.origin && args.money) {
    const code = topCandidate(last.result);
    if (code) {
      const lines = withProgram([lineFromArgs(args, code, args.origin.code)], conv.userText, ctx);
      return call(ctx, "calculate_duty", { lines, entryDate: args.dates[0]?.iso, mode: findMode(conv.userText) });
    }
  }
  // Duty on an attached invoice: calculate on the lines that print a code, origin and amount.
  if (intent === "duty" && last.name === "extract_document") {
    const invoice = [...conv.current].reverse().find((e) => e.name === "extract_document" && !e.failed && (e.result as { type?: string } | undefined)?.type === "invoice");
    const { lines } = dutyLinesFromInvoice(invoice?.result, ctx.checkCode);
    if (lines.length > 0) return call(ctx, "calculate_duty", { lines: withProgram(lines, conv.userText, ctx), entryDate: args.dates[0]?.iso, mode: findMode(conv.userText) });
  }
  // Drafting from attachments: once the documents are extracted, draft.
  if (intent === "draft" && last.name === "extract_document" && conv.current.every((e) => e.name === "extract_document")) {
    if (conv.current.some((e) => !e.failed)) return call(ctx, "draft_declaration", {});
  }
  return null;
}

/** Decides the model's next move from the full message list. */
export function plan(messages: BaseMessage[], ctx: PlannerContext): Step {
  const conv = readConversation(messages);
  const text = stripAttachmentNotes(conv.userText);
  const args = extractArgs(text, ctx.countries, ctx.knowledgeDir);
  const earlierLookup = conv.earlier.some((e: ToolExchange) => e.name === "calculate_duty" || e.name === "classify_product");
  const intent = recogniseIntent(text, {
    hasAttachments: conv.newAttachments.length > 0,
    hasEarlierLookup: earlierLookup,
    hasDraft: latestDraft(conv.earlier) !== undefined,
  });
  // "from Vietnam?" alone after a lookup is a follow-up even without "what about".
  const bareOrigin = earlierLookup && intent === "help" && findOrigin(text, ctx.countries) !== null && text.split(/\s+/).length <= 5;
  const effective: IntentKind = bareOrigin ? "followup" : intent;
  const step = conv.current.length === 0 ? firstStep(ctx, conv, effective, args, text) : nextStep(ctx, conv, effective, args);
  if (step?.kind === "call" && step.calls.length === 0) {
    const note = `I cannot do that here: the ${step.missing ?? "needed"} tool is not available in this installation.`;
    return { kind: "answer", intent: effective, conversation: conv, args, note };
  }
  return step ?? { kind: "answer", intent: effective, conversation: conv, args };
}
