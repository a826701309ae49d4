/**
 * `tollgate ask "<message>"`: one turn of a conversation. The thread is persisted in the store, so
 * `--thread <id>` continues it in a later call (or another process). With `--json` it prints the
 * script contract `{ thread, reply, toolCalls, pendingApproval }`. The exit status is 2 when the
 * request was refused (the thread waits for a broker, a filing was refused).
 */
import path from "node:path";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { createApp } from "../../../app.ts";
import { createAssistant } from "../../../agent/assistant.ts";
import { newThreadId } from "../../../agent/threads.ts";
import { InputError } from "../../../errors.ts";
import type { InboundMessage, OutboundReply } from "../../../agent/messages.ts";
import type { CliCommand, CliIo } from "../io.ts";

/** The `--json` output contract for scripts. */
export function replyJson(reply: OutboundReply): string {
  return JSON.stringify({ thread: reply.threadId, reply: reply.text, toolCalls: reply.toolCalls, pendingApproval: reply.pendingApproval }, null, 2);
}

/** Prints a reply for a person. */
export function printReply(io: CliIo, reply: OutboundReply): void {
  io.stdout(reply.text);
  if (reply.pendingApproval) io.stderr(`(waiting for broker approval of draft ${reply.pendingApproval.draftId} version ${reply.pendingApproval.version})`);
}

/** The CLI user's identity when `--as` is not given: the operating-system account. */
export function defaultCliUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "cli-user";
  }
}

const command: CliCommand = {
  summary: "Ask the assistant one question; --thread continues a conversation, --json prints the script contract.",
  usage: [
    'Usage: tollgate ask "<message>" [--thread <id>] [--as <user>] [--attach <file>]... [--json]',
    "",
    "  --thread <id>    continue an existing conversation (a new one is started otherwise)",
    "  --as <user>      who is asking (default: your OS user); brokers are listed in TOLLGATE_BROKERS as cli:<user>",
    "  --attach <file>  attach a document (PDF, image or text) to the message; repeatable",
    "  --json           print { thread, reply, toolCalls, pendingApproval } for scripts",
    "",
    "Exit status: 0 answered, 2 refused or bad arguments, 1 system failure.",
  ].join("\n"),
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        thread: { type: "string" },
        as: { type: "string" },
        attach: { type: "string", multiple: true },
        json: { type: "boolean", default: false },
      },
    });
    const text = positionals.join(" ").trim();
    const attachments = (values.attach ?? []).map((p) => ({ filename: path.basename(p), path: path.resolve(p) }));
    if (text === "" && attachments.length === 0) throw new InputError(`Nothing to ask.\n\n${command.usage}`, "usage");
    const identity = values.as?.trim() || defaultCliUser();
    const app = await createApp(ctx.config);
    try {
      const assistant = createAssistant(app);
      const msg: InboundMessage = {
        channel: "cli",
        threadId: values.thread?.trim() || newThreadId(),
        author: { channel: "cli", identity },
        text,
        attachments,
      };
      const reply = await assistant.send(msg);
      if (values.json) ctx.io.stdout(replyJson(reply));
      else {
        printReply(ctx.io, reply);
        ctx.io.stderr(`(thread ${reply.threadId}; continue with --thread ${reply.threadId})`);
      }
      return reply.refused ? 2 : 0;
    } finally {
      await app.close();
    }
  },
};

export default command;
