/**
 * What every Slack listener and job handler receives: the server's channel context, the Web API
 * client (bot token, base URL from SLACK_API_URL, retry policy), the broker list and the job names.
 * Passed explicitly, never held in module state, so tests build one against a fake Web API.
 */
import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;
import type { BrokerIdentity } from "../../config.ts";
import type { ChannelContext } from "../../server/channel.ts";
import type { ReplySink } from "../../agent/ports.ts";
import { isBroker } from "../../agent/approval.ts";

/** Job kinds the Slack channel enqueues and works. */
export const JOBS = {
  turn: "slack.turn",
  decision: "slack.decision",
  command: "slack.command",
} as const;

/** Dependencies of the Slack listeners and jobs. */
export interface SlackDeps {
  ctx: ChannelContext;
  client: WebClient;
  botToken: string;
  /** Hosts the bot token may be sent to (file downloads) and response URLs may point at. */
  trustedHosts: ReadonlySet<string>;
  /**
   * The bootstrap broker list (TOLLGATE_BROKERS by default); Slack users linked to a broker user
   * count as well, through the approval service. Read per decision, so a revoked broker stops at once.
   */
  brokers: () => Promise<readonly BrokerIdentity[]>;
  /** A turn running longer than this gets a "working on it" reaction on the message. */
  workingAfterMs: number;
  replies: ReplySink;
  consoleUrl?: string;
  fetch: typeof fetch;
}

/**
 * True when the Slack user may approve or reject filings: listed in TOLLGATE_BROKERS, or linked to
 * an enabled user with role broker (the approval service's own rule, asked here so a non-broker is
 * refused before anything is queued).
 */
export async function isSlackBroker(deps: SlackDeps, userId: string): Promise<boolean> {
  return isBroker({ store: deps.ctx.app.store, brokers: await deps.brokers() }, { channel: "slack", identity: userId });
}

/** The refusal a non-broker sees (ephemeral: nobody else does, and nothing changes). */
export function notBrokerText(userId: string): string {
  return `<@${userId}>, only a licensed customs broker linked to Tollgate can approve or reject filings. Nothing was changed.`;
}

/** True when `url` is https on a Slack host, or on one of the configured trusted hosts (a proxy or test server). */
export function isTrustedUrl(deps: Pick<SlackDeps, "trustedHosts">, url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (deps.trustedHosts.has(u.host)) return true;
  return u.protocol === "https:" && (u.hostname === "slack.com" || u.hostname.endsWith(".slack.com"));
}
