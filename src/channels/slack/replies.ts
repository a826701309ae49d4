/**
 * Replies into Slack threads. The agent's text becomes mrkdwn sections; what its tools produced in
 * the turn (classification candidates, a duty calculation, a draft) is rendered from the thread's
 * records as Block Kit, and a new or edited draft's 7501 PDF is uploaded into the thread. Used for
 * every reply, immediate or late (ReplySink), so any replica can answer any Slack thread.
 */
import type { KnownBlock } from "./blocks/kit.ts";
import type { OutboundReply } from "../../agent/messages.ts";
import type { ReplySink } from "../../agent/ports.ts";
import type { DutyResult } from "../../domain/duty/types.ts";
import { describeError } from "../../errors.ts";
import { renderDraftPdf } from "../../filing/pdf.ts";
import type { Store } from "../../store/index.ts";
import { classificationBlocks, type ClassificationView } from "./blocks/classification.ts";
import { draftBlocks } from "./blocks/draft.ts";
import { dutyBlocks } from "./blocks/duty.ts";
import { MAX_BLOCKS, textBlocks } from "./blocks/text.ts";
import type { SlackDeps } from "./deps.ts";
import { isSlackThreadId, parseSlackThreadId, type SlackThread } from "./thread-id.ts";

const DRAFT_TOOLS = new Set(["draft_declaration", "update_draft", "show_draft", "file_declaration"]);
/** Tools after which the draft's PDF is posted (a new version exists). */
const PDF_TOOLS = new Set(["draft_declaration", "update_draft"]);

/** Posts blocks into a thread, several messages when they exceed Slack's 50-block limit. */
export async function postBlocks(deps: SlackDeps, t: SlackThread, text: string, blocks: KnownBlock[]): Promise<string | undefined> {
  let firstTs: string | undefined;
  const fallback = text.slice(0, 3000) || "Tollgate";
  for (let i = 0; i === 0 || i < blocks.length; i += MAX_BLOCKS) {
    const res = await deps.client.chat.postMessage({
      channel: t.channel,
      thread_ts: t.threadTs,
      text: fallback,
      blocks: blocks.slice(i, i + MAX_BLOCKS),
      unfurl_links: false,
      unfurl_media: false,
    });
    firstTs ??= res.ts;
  }
  return firstTs;
}

/** Posts a plain notice into a thread. */
export function postText(deps: SlackDeps, t: SlackThread, text: string): Promise<string | undefined> {
  return postBlocks(deps, t, text, textBlocks(text));
}

/** Classification results of the turn's classify_product calls, from the thread's records. */
async function classificationsOf(store: Store, threadId: string, reply: OutboundReply): Promise<ClassificationView[]> {
  const calls = reply.toolCalls.filter((c) => c.name === "classify_product");
  if (calls.length === 0) return [];
  const records = await store.classifications.listByThread(threadId);
  const seen = new Set<string>();
  const out: ClassificationView[] = [];
  for (const call of calls) {
    const description = String(call.args.description ?? "");
    if (seen.has(description)) continue;
    seen.add(description);
    const record = [...records].reverse().find((r) => r.description === description);
    if (record) out.push({ ...(record.result as unknown as ClassificationView), description });
  }
  return out;
}

/** The Block Kit for what the turn's tools produced. */
export async function structuredBlocks(deps: SlackDeps, threadId: string, reply: OutboundReply): Promise<KnownBlock[]> {
  const store = deps.ctx.app.store;
  const blocks: KnownBlock[] = [];
  for (const c of await classificationsOf(store, threadId, reply)) blocks.push({ type: "divider" }, ...classificationBlocks(c));
  if (reply.toolCalls.some((c) => c.name === "calculate_duty")) {
    const calc = await store.dutyCalculations.latestForThread(threadId);
    if (calc) blocks.push({ type: "divider" }, ...dutyBlocks(calc.result as unknown as DutyResult));
  }
  if (reply.toolCalls.some((c) => DRAFT_TOOLS.has(c.name))) {
    const [draft] = await store.drafts.list({ threadId });
    if (draft) blocks.push({ type: "divider" }, ...draftBlocks(draft, deps.consoleUrl));
  }
  return blocks;
}

/** Uploads the latest draft's 7501 PDF into the thread; a failure is said in the thread. */
async function uploadDraftPdf(deps: SlackDeps, t: SlackThread, threadId: string): Promise<void> {
  const [draft] = await deps.ctx.app.store.drafts.list({ threadId });
  if (!draft) return;
  try {
    const pdf = await renderDraftPdf(draft.content, { draftId: draft.id, version: draft.version, status: draft.status, contentHash: draft.contentHash });
    await deps.client.files.uploadV2({
      channel_id: t.channel,
      thread_ts: t.threadTs,
      file: Buffer.from(pdf),
      filename: `entry-draft-${draft.id}-v${draft.version}.pdf`,
      title: `CBP 7501 draft ${draft.id} v${draft.version}`,
    });
  } catch (err) {
    deps.ctx.log.warn({ err: describeError(err), threadId }, "slack: draft PDF upload failed");
    await postText(deps, t, `The 7501 PDF of draft ${draft.id} v${draft.version} could not be uploaded (${describeError(err)}); it is in the console and \`tollgate drafts show\`.`);
  }
}

/** Delivers one reply into its Slack thread. */
export async function deliverReply(deps: SlackDeps, threadId: string, reply: OutboundReply): Promise<void> {
  const t = parseSlackThreadId(threadId);
  const blocks = [...textBlocks(reply.text || "(no answer)"), ...(await structuredBlocks(deps, threadId, reply))];
  await postBlocks(deps, t, reply.text, blocks);
  if (reply.toolCalls.some((c) => PDF_TOOLS.has(c.name))) await uploadDraftPdf(deps, t, threadId);
}

/** The Slack channel's reply sink: late replies (queued turns, resumed threads) on Slack threads. */
export function createReplySink(getDeps: () => SlackDeps): ReplySink {
  return {
    channel: "slack",
    async deliver(threadId, reply) {
      if (!isSlackThreadId(threadId)) return;
      await deliverReply(getDeps(), threadId, reply);
    },
  };
}
