/**
 * Shared set-up of the end-to-end conversation tests: a temporary data directory per test file
 * (embedded PGlite, attachments, outbox), the project's knowledge base loaded once per file, and
 * small helpers that speak to the assistant the way a channel does and decide as a broker does
 * (through the approval service, never through chat).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { approveDraft, rejectDraft } from "../../src/agent/approval.ts";
import { createAssistant, resumeAfterDecision, type Assistant } from "../../src/agent/assistant.ts";
import { createApp, type AppContext } from "../../src/app.ts";
import type { OutboundReply } from "../../src/agent/messages.ts";
import { loadConfig, PROJECT_ROOT, type Config } from "../../src/config.ts";
import { createKnowledgeBase, type KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";

/** The broker allowed to approve in these tests, and a user who is not one. */
export const BROKER = "ana";
export const NOT_A_BROKER = "bob";

/** Sample documents shipped with the repository (tests must not depend on /work/shared). */
export const DOCUMENTS = path.join(PROJECT_ROOT, "evals", "datasets", "documents");

/** Fixed "now" so entry dates and fee years do not drift with the calendar. */
export const NOW = new Date("2026-11-21T12:00:00Z");

/** A temporary data directory and the configuration over it. */
export function tempSetup(prefix: string): { dataDir: string; config: Config; cleanup: () => void } {
  const dataDir = mkdtempSync(path.join(tmpdir(), `tollgate-${prefix}-`));
  const config = loadConfig({ TOLLGATE_DATA_DIR: dataDir, TOLLGATE_BROKERS: `cli:${BROKER}` });
  return { dataDir, config, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

let sharedKb: Promise<KnowledgeBase> | undefined;

/** The knowledge base, loaded once per test file (it is read-only). */
export function knowledgeBase(config: Config): Promise<KnowledgeBase> {
  sharedKb ??= createKnowledgeBase(config);
  return sharedKb;
}

/** One "process": an application context and an assistant over the data directory. */
export interface Process {
  app: AppContext;
  assistant: Assistant;
  /** The chat model passed in (a fake), or undefined for the configured (offline) one. */
  model?: BaseChatModel;
}

/** Starts a process over the data directory (a second call after `close` is a restart). */
export async function startProcess(config: Config, model?: BaseChatModel): Promise<Process> {
  const app = await createApp(config, { knowledge: await knowledgeBase(config), clock: () => NOW });
  return { app, assistant: createAssistant(app, { model }), model };
}

/** Sends one message as a CLI user. */
export function say(p: Process, threadId: string, text: string, opts: { as?: string; attach?: string[] } = {}): Promise<OutboundReply> {
  const identity = opts.as ?? NOT_A_BROKER;
  return p.assistant.send({
    channel: "cli",
    threadId,
    author: { channel: "cli", identity },
    text,
    attachments: (opts.attach ?? []).map((file) => ({ filename: path.basename(file), path: file })),
  });
}

/** A decision through the approval service, then the resume of the waiting thread (as the drafts CLI does). */
export async function decide(
  p: Process,
  draftId: string,
  version: number,
  as: string,
  decision: "approve" | "reject",
  reason = "Port of entry is missing; add it and resubmit.",
): Promise<OutboundReply | null> {
  const actor = { channel: "cli" as const, identity: as };
  const deps = { store: p.app.store, brokers: p.app.config.brokers };
  const result =
    decision === "approve" ? await approveDraft(deps, { draftId, version, actor }) : await rejectDraft(deps, { draftId, version, actor, reason });
  return resumeAfterDecision(p.app, result, actor, { model: p.model });
}

/** Folders the outbox filing adapter wrote (one per filed draft version). */
export function outboxEntries(dataDir: string): string[] {
  try {
    return readdirSync(path.join(dataDir, "outbox")).filter((f) => !f.includes(".partial"));
  } catch {
    return [];
  }
}

/** Names of the tools called in a reply, in order. */
export function toolNames(reply: OutboundReply | null): string[] {
  return reply?.toolCalls.map((c) => c.name) ?? [];
}
