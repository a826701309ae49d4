/**
 * Whether Slack is configured at all, decided from the configuration alone so the server can skip
 * importing the Slack channel (and Bolt) when it is not.
 */
import type { Config } from "../../config.ts";

/** True when any Slack credential is set (a partial set then fails start-up with a ConfigError). */
export function slackConfigured(config: Pick<Config, "slack">): boolean {
  const s = config.slack;
  return Boolean(s.botToken || s.signingSecret || s.appToken);
}
