/**
 * `tollgate chat`: an interactive conversation on one thread, read line by line. `npm start` runs
 * it. Lines starting with "/attach <file>" attach a document to the next message; "/thread" prints
 * the thread id; "/exit" (or end of input) quits.
 */
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { createApp } from "../../../app.ts";
import { createAssistant } from "../../../agent/assistant.ts";
import { newThreadId } from "../../../agent/threads.ts";
import { describeError, isUserError } from "../../../errors.ts";
import type { Attachment } from "../../types.ts";
import type { CliCommand } from "../io.ts";
import { defaultCliUser, printReply } from "./ask.ts";

const command: CliCommand = {
  summary: "Chat with the assistant interactively (one thread)",
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
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
    try {
      const assistant = createAssistant(app);
      ctx.io.stdout(`Tollgate (${assistant.modelKind} model, HTSUS ${app.knowledge.revision}). Thread ${threadId}. Type "help" for what I can do, /exit to quit.`);
      let pending: Attachment[] = [];
      for (;;) {
        let line: string;
        try {
          line = (await rl.question("> ")).trim();
        } catch {
          break; // input closed
        }
        if (line === "/exit" || line === "/quit") break;
        if (line === "") continue;
        if (line === "/thread") {
          ctx.io.stdout(threadId);
          continue;
        }
        if (line.startsWith("/attach ")) {
          const file = line.slice("/attach ".length).trim();
          pending.push({ filename: path.basename(file), path: path.resolve(file) });
          ctx.io.stdout(`Attached ${path.basename(file)} to your next message.`);
          continue;
        }
        try {
          const reply = await assistant.send({ channel: "cli", threadId, author: { channel: "cli", identity }, text: line, attachments: pending });
          pending = [];
          printReply(ctx.io, reply);
        } catch (err) {
          // A user-fixable problem (an unreadable attachment) ends the message, not the chat.
          if (!isUserError(err)) throw err;
          pending = [];
          ctx.io.stderr(`Error: ${describeError(err)}`);
        }
      }
      return 0;
    } finally {
      rl.close();
      await app.close();
    }
  },
};

export default command;
