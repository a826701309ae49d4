/**
 * The Slack approval notifier: when a filing requested in a Slack thread pauses, the thread gets
 * the approval card. Filings requested on other channels are told there (e-mail, console).
 */
import type { ApprovalNotifier } from "../../agent/ports.ts";
import { approvalCardBlocks } from "./blocks/approval.ts";
import type { SlackDeps } from "./deps.ts";
import { isSlackThreadId, parseSlackThreadId } from "./thread-id.ts";

/** Builds the notifier over the channel's dependencies (read when a notice comes). */
export function createNotifier(getDeps: () => SlackDeps): ApprovalNotifier {
  return {
    channel: "slack",
    async notify(notice) {
      if (!isSlackThreadId(notice.threadId)) return;
      const deps = getDeps();
      const t = parseSlackThreadId(notice.threadId);
      const draft = await deps.ctx.app.store.drafts.get(notice.draftId, notice.version);
      await deps.client.chat.postMessage({
        channel: t.channel,
        thread_ts: t.threadTs,
        text: `Draft ${draft.id} version ${draft.version} waits for a licensed broker's approval.`,
        blocks: approvalCardBlocks(draft, notice.requestedBy, deps.consoleUrl),
        unfurl_links: false,
      });
    },
  };
}
