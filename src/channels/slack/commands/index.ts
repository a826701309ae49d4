/**
 * The `/tollgate` slash command. Help and malformed commands are answered in the acknowledgement
 * itself; anything that runs a tool is acknowledged with a short "working" note and becomes a job
 * that answers through the response_url.
 */
import type { App } from "@slack/bolt";
import { isUserError } from "../../../errors.ts";
import { JOBS, type SlackDeps } from "../deps.ts";
import { USAGE, parseSlashCommand } from "./parse.ts";
import type { CommandJob } from "./run.ts";

/** Registers the command listener. */
export function register(app: App, deps: SlackDeps): void {
  app.command("/tollgate", async ({ ack, command }) => {
    let parsed;
    try {
      parsed = parseSlashCommand(command.text);
    } catch (err) {
      if (!isUserError(err)) throw err;
      await ack({ response_type: "ephemeral", text: err.message });
      return;
    }
    if (parsed.kind === "help") {
      await ack({ response_type: "ephemeral", text: USAGE });
      return;
    }
    const job: CommandJob = { text: command.text, user: command.user_id, team: command.team_id, channel: command.channel_id, responseUrl: command.response_url };
    await deps.ctx.queue.enqueue(JOBS.command, job, { dedupeKey: `slack:command:${command.team_id}:${command.trigger_id}` });
    await ack({ response_type: "ephemeral", text: `Working on \`/tollgate ${command.text}\`…` });
  });
}
