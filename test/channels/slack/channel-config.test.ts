/**
 * Which Slack channel the server gets from the configuration: none (an inert channel) when Slack is
 * not configured, a ConfigError naming the missing variable when it is half configured, HTTP mode
 * with a route at /slack/events, or Socket Mode with no route.
 */
import express from "express";
import { describe, expect, it } from "vitest";
import { slackChannelSpec } from "../../../src/channels/slack/index.ts";
import { loadConfig } from "../../../src/config.ts";
import type { ChannelContext } from "../../../src/server/channel.ts";
import { MemoryLog } from "./helpers.ts";

function ctxWith(env: Record<string, string>): ChannelContext {
  return { app: { config: loadConfig(env) }, log: new MemoryLog() } as unknown as ChannelContext;
}

describe("Slack channel from the configuration", () => {
  it("is inert without any Slack setting", () => {
    const c = slackChannelSpec(ctxWith({}));
    expect(c).toEqual({ name: "slack" });
  });

  it("names the missing variable when half configured", () => {
    expect(() => slackChannelSpec(ctxWith({ SLACK_BOT_TOKEN: "xoxb-1" }))).toThrow(/SLACK_SIGNING_SECRET is not set/);
    expect(() => slackChannelSpec(ctxWith({ SLACK_SIGNING_SECRET: "s" }))).toThrow(/SLACK_BOT_TOKEN is not set/);
  });

  it("mounts POST /slack/events in HTTP mode and nothing in Socket Mode", () => {
    const http = slackChannelSpec(ctxWith({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }));
    const router = express.Router();
    http.mount!(router);
    const socket = slackChannelSpec(ctxWith({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }));
    const none = express.Router();
    socket.mount!(none);
    expect(none.stack).toHaveLength(0);
    expect(router.stack.length).toBeGreaterThan(0);
  });
});
