/**
 * A `/tollgate` command as a queued job: the listener acknowledges within milliseconds, this runs
 * the read-only tool (classify, duty, rulings) or lists the channel's waiting drafts, and answers
 * through the command's response_url. Nothing here drafts, approves or files.
 */
import type { KnownBlock } from "../blocks/kit.ts";
import { describeError, isUserError } from "../../../errors.ts";
import { calculateDutyTool } from "../../../tools/calculate-duty.ts";
import { classifyProductTool } from "../../../tools/classify-product.ts";
import { searchRulingsTool } from "../../../tools/search-rulings.ts";
import { classificationBlocks, rulingsBlocks } from "../blocks/classification.ts";
import { consoleDraftUrl, totalsFields } from "../blocks/draft.ts";
import { dutyBlocks } from "../blocks/duty.ts";
import { capBlocks, contextBlock, escapeMrkdwn, headerBlock, textBlocks } from "../blocks/text.ts";
import { isTrustedUrl, type SlackDeps } from "../deps.ts";
import { channelThreadPrefix, parseSlackThreadId } from "../thread-id.ts";
import { USAGE, parseSlashCommand, type SlashCommand } from "./parse.ts";

/** The payload of a command job. */
export interface CommandJob {
  text: string;
  user: string;
  team: string;
  channel: string;
  responseUrl: string;
}

/** A response to a slash command. */
export interface CommandResponse {
  response_type: "in_channel" | "ephemeral";
  text: string;
  blocks: KnownBlock[];
}

async function draftsWaiting(deps: SlackDeps, team: string, channel: string): Promise<CommandResponse> {
  const drafts = await deps.ctx.app.store.drafts.listAwaiting(channelThreadPrefix(team, channel));
  if (drafts.length === 0) return { response_type: "ephemeral", text: "No draft in this channel is waiting for a broker.", blocks: textBlocks("No draft in this channel is waiting for a broker.") };
  const blocks: KnownBlock[] = [headerBlock(`${drafts.length} draft(s) waiting for a broker`)];
  for (const d of drafts) {
    const thread = d.waitingThreadId ? parseSlackThreadId(d.waitingThreadId) : null;
    const link = deps.consoleUrl ? ` · <${consoleDraftUrl(deps.consoleUrl, d.id, d.version)}|console>` : "";
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*${escapeMrkdwn(d.id)}* v${d.version} · hash \`${d.contentHash.slice(0, 12)}\` · ${d.content.lines.length} line(s) · ${d.content.warnings.length} warning(s)${thread ? ` · thread ${thread.threadTs}` : ""}${link}` } });
    blocks.push({ type: "section", fields: totalsFields(d) });
  }
  blocks.push(contextBlock("Approve or reject with the card in each draft's thread."));
  return { response_type: "ephemeral", text: `${drafts.length} draft(s) waiting for a broker`, blocks };
}

/** Runs one parsed command. */
export async function executeCommand(deps: SlackDeps, cmd: SlashCommand, where: { team: string; channel: string }): Promise<CommandResponse> {
  const app = deps.ctx.app;
  switch (cmd.kind) {
    case "classify": {
      const r = await classifyProductTool({ description: cmd.description, origin: cmd.origin, k: 5 }, { knowledge: app.knowledge });
      return { response_type: "in_channel", text: `Classification candidates for ${cmd.description}`, blocks: classificationBlocks({ ...r, description: cmd.description }) };
    }
    case "duty": {
      const r = await calculateDutyTool(cmd.input, { schedule: app.knowledge.schedule, dutyData: app.dutyData, clock: app.clock });
      return { response_type: "in_channel", text: `Duty ${r.totals.duty}, total ${r.totals.total} (entry ${r.entryDate})`, blocks: dutyBlocks(r) };
    }
    case "rulings": {
      const r = await searchRulingsTool({ query: cmd.query, k: 5 }, { knowledge: app.knowledge });
      return { response_type: "in_channel", text: `Rulings for ${cmd.query}`, blocks: rulingsBlocks(cmd.query, r.results, r.corpusSize) };
    }
    case "drafts":
      return draftsWaiting(deps, where.team, where.channel);
    case "help":
      return { response_type: "ephemeral", text: "Tollgate commands", blocks: textBlocks(USAGE) };
  }
}

/** Posts a response to the command's response_url (only to a Slack host or a configured one). */
export async function respondTo(deps: SlackDeps, responseUrl: string, response: CommandResponse): Promise<void> {
  if (!isTrustedUrl(deps, responseUrl)) throw new Error(`response_url ${new URL(responseUrl).host} is not a Slack host`);
  const res = await deps.fetch(responseUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...response, blocks: capBlocks(response.blocks), replace_original: false }),
  });
  if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
}

/** Runs a command job; a user error is answered (ephemeral) with its message. */
export async function runCommandJob(deps: SlackDeps, job: CommandJob): Promise<void> {
  let response: CommandResponse;
  try {
    response = await executeCommand(deps, parseSlashCommand(job.text), job);
  } catch (err) {
    if (!isUserError(err)) throw err;
    response = { response_type: "ephemeral", text: err.message, blocks: textBlocks(`:warning: ${err.message}`) };
  }
  await respondTo(deps, job.responseUrl, response);
}

/** Said to the user when a command failed for good. */
export async function reportFailedCommand(deps: SlackDeps, job: CommandJob, error: Error): Promise<void> {
  deps.ctx.log.error({ err: describeError(error) }, "slack: command failed");
  const text = `:x: \`/tollgate ${job.text}\` failed because of an error on Tollgate's side (${describeError(error)}).`;
  await respondTo(deps, job.responseUrl, { response_type: "ephemeral", text, blocks: textBlocks(text) });
}
