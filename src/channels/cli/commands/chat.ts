/**
 * `tollgate chat`: an interactive conversation on one thread, read line by line. `npm start` runs
 * it. "/attach <file>" attaches a document to the next message; "/thread" prints the thread id;
 * "/exit" (or end of input) quits.
 */
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createApp } from "../../../app.ts";
import { createAssistant, type Assistant } from "../../../agent/assistant.ts";
import { newThreadId } from "../../../agent/threads.ts";
import { describeError, isUserError } from "../../../errors.ts";
import type { Attachment } from "../../types.ts";
import type { CliCommand, CliIo } from "../io.ts";
import { defaultCliUser, printReply } from "./ask.ts";

/** One chat session: reads lines until /exit or the end of input; returns the exit code. */
export async function chatLoop(
  session: { assistant: Pick<Assistant, "send">; threadId: string; identity: string; io: CliIo; prompt?: () => void },
  lines: AsyncIterable<string>,
): Promise<number> {
  const { io, threadId } = session;
  let pending: Attachment[] = [];
  session.prompt?.();
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === "/exit" || line === "/quit") break;
    if (line === "/thread") io.stdout(threadId);
    else if (line.startsWith("/attach ")) {
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
    "In the chat: /attach <file> attaches a document to your next message, /thread shows the thread id, /exit quits.",
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
      return await chatLoop({ assistant, threadId, identity, io: ctx.io, prompt }, rl);
    } finally {
      rl.close();
      await app.close();
    }
  },
};

export default command;
