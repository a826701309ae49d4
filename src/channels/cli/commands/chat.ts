/**
 * `tollgate chat`: an interactive conversation on one thread, read line by line. `npm start` runs
 * it. "/attach <file>" attaches a document to the next message; "/thread" prints the thread id;
 * "/approve <draft> [version]" and "/reject <draft> <reason>" are the console's explicit approval
 * actions: they act as the chat's CLI identity through the approval service (the same code as
 * `tollgate drafts approve`), never through the model, so only a broker in TOLLGATE_BROKERS can
 * decide; "/exit" (or end of input) quits.
 */
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createApp } from "../../../app.ts";
import { approveDraft, rejectDraft, type Actor } from "../../../agent/approval.ts";
import { createAssistant, resumeAfterDecision, resumeWithAssistant, type Assistant } from "../../../agent/assistant.ts";
import type { AppContext } from "../../../app.ts";
import { newThreadId } from "../../../agent/threads.ts";
import { describeError, isUserError } from "../../../errors.ts";
import type { Attachment } from "../../../agent/messages.ts";
import type { CliCommand, CliIo } from "../io.ts";
import { defaultCliUser, printReply } from "./ask.ts";

/** A broker's decision typed at the console: approve, or reject with a reason. */
export interface ConsoleDecision {
  kind: "approve" | "reject";
  draftId: string;
  version?: number;
  reason?: string;
}

/** Reads "/approve <draft> [version]" or "/reject <draft> [version] <reason>"; null when malformed. */
export function parseConsoleDecision(line: string): ConsoleDecision | null {
  const m = /^\/(approve|reject)\s+(\S+)(?:\s+(?:v|version\s*)?(\d+)(?=\s|$))?\s*(.*)$/i.exec(line.trim());
  if (!m) return null;
  const kind = m[1]!.toLowerCase() as ConsoleDecision["kind"];
  const reason = m[4]!.trim();
  if (kind === "approve" && reason !== "") return null;
  return { kind, draftId: m[2]!, version: m[3] ? Number(m[3]) : undefined, reason: kind === "reject" ? reason : undefined };
}

/**
 * Carries out a console decision as `actor` through the approval service, then resumes the thread
 * waiting on that draft, if any (with the session's `assistant` when given); returns what to print.
 */
export async function decideAtConsole(app: AppContext, actor: Actor, d: ConsoleDecision, assistant?: Assistant): Promise<string> {
  const deps = { store: app.store, brokers: app.config.brokers };
  const result =
    d.kind === "approve"
      ? await approveDraft(deps, { draftId: d.draftId, version: d.version, actor })
      : await rejectDraft(deps, { draftId: d.draftId, version: d.version, actor, reason: d.reason ?? "" });
  const done =
    d.kind === "approve"
      ? `Approved draft ${result.draft.id} version ${result.draft.version} as ${actor.channel}:${actor.identity}.`
      : `Rejected draft ${result.draft.id} version ${result.draft.version}.`;
  const resumed = assistant ? await resumeWithAssistant(assistant, result, actor) : await resumeAfterDecision(app, result, actor);
  return resumed ? `${done}\n${resumed.text}` : done;
}

/** One chat session: reads lines until /exit or the end of input; returns the exit code. */
export async function chatLoop(
  session: {
    assistant: Pick<Assistant, "send">;
    threadId: string;
    identity: string;
    io: CliIo;
    prompt?: () => void;
    /** Carries out /approve and /reject; absent, the console cannot decide. */
    decide?: (d: ConsoleDecision) => Promise<string>;
  },
  lines: AsyncIterable<string>,
): Promise<number> {
  const { io, threadId } = session;
  let pending: Attachment[] = [];
  session.prompt?.();
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === "/exit" || line === "/quit") break;
    if (line === "/thread") io.stdout(threadId);
    else if (/^\/(approve|reject)\b/i.test(line)) {
      const decision = parseConsoleDecision(line);
      if (!decision) io.stderr('Usage: /approve <draft id> [version]  or  /reject <draft id> [version] <reason>');
      else if (!session.decide) io.stderr("This console cannot record approvals; use `tollgate drafts approve`.");
      else {
        try {
          io.stdout(await session.decide(decision));
        } catch (err) {
          // A refused decision (not a broker, stale version, no reason) is reported; the chat goes on.
          if (!isUserError(err)) throw err;
          io.stderr(`Refused: ${describeError(err)}`);
        }
      }
    } else if (line.startsWith("/attach ")) {
      const file = line.slice("/attach ".length).trim();
      pending.push({ filename: path.basename(file), path: path.resolve(file) });
      io.stdout(`Attached ${path.basename(file)} to your next message.`);
    } else if (line !== "") {
      try {
        const reply = await session.assistant.send({
          channel: "cli",
          threadId,
          author: { channel: "cli", identity: session.identity },
          text: line,
          attachments: pending,
        });
        printReply(io, reply);
      } catch (err) {
        // A user-fixable problem (an unreadable attachment) ends the message, not the chat.
        if (!isUserError(err)) throw err;
        io.stderr(`Error: ${describeError(err)}`);
      }
      pending = [];
    }
    session.prompt?.();
  }
  return 0;
}

const command: CliCommand = {
  summary: "Chat with the assistant interactively on one thread (what `npm start` runs).",
  usage: [
    "Usage: tollgate chat [--thread <id>] [--as <user>]",
    "",
    "In the chat: /attach <file> attaches a document to your next message, /thread shows the thread id,",
    "/approve <draft> [version] and /reject <draft> [version] <reason> record a broker's decision (you must be",
    "listed in TOLLGATE_BROKERS as cli:<user>), /exit quits.",
  ].join("\n"),
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { thread: { type: "string" }, as: { type: "string" } } });
    const identity = values.as?.trim() || defaultCliUser();
    const threadId = values.thread?.trim() || newThreadId();
    const app = await createApp(ctx.config);
    const rl = createInterface({ input: process.stdin, terminal: false });
    try {
      const assistant = createAssistant(app);
      ctx.io.stdout(`Tollgate (${assistant.modelKind} model, HTSUS ${app.knowledge.revision}). Thread ${threadId}. Type "help" for what I can do, /exit to quit.`);
      const prompt = process.stdin.isTTY ? () => process.stdout.write("> ") : undefined;
      const decide = (d: ConsoleDecision) => decideAtConsole(app, { channel: "cli", identity }, d, assistant);
      return await chatLoop({ assistant, threadId, identity, io: ctx.io, prompt, decide }, rl);
    } finally {
      rl.close();
      await app.close();
    }
  },
};

export default command;
