/**
 * A broker's click (Approve) or modal submission (Reject) as a queued job. The decision goes
 * through the approval service, the only way anything is approved, for the exact version and
 * content hash the card showed: a card for a version since edited, or for content that no longer
 * matches, is refused with a message naming the current version. Then the card is updated (who,
 * when) and the paused thread resumes with the agent's reply.
 */
import { approveDraft, rejectDraft, type Actor, type DecisionResult } from "../../../agent/approval.ts";
import { resumeWithAssistant } from "../../../agent/assistant.ts";
import { describeError, isUserError } from "../../../errors.ts";
import { decidedCardBlocks, type CardRef } from "../blocks/approval.ts";
import { notBrokerText, isSlackBroker, type SlackDeps } from "../deps.ts";
import { isSlackThreadId } from "../thread-id.ts";

/** The payload of a decision job. */
export interface DecisionJob extends CardRef {
  decision: "approve" | "reject";
  reason?: string;
  /** The Slack user who clicked or submitted. */
  user: string;
  /** Where the card is (to update it and to answer the clicker). */
  channel: string;
  messageTs: string;
  threadTs?: string;
}

/** Tells only the clicker why nothing happened. */
export async function refuse(deps: SlackDeps, job: Pick<DecisionJob, "channel" | "user" | "threadTs">, text: string): Promise<void> {
  await deps.client.chat.postEphemeral({ channel: job.channel, user: job.user, text, ...(job.threadTs ? { thread_ts: job.threadTs } : {}) });
}

/** Why the card can no longer be decided on, or null when it can. */
async function staleReason(deps: SlackDeps, job: DecisionJob): Promise<string | null> {
  const store = deps.ctx.app.store;
  const latest = await store.drafts.latestVersion(job.draftId);
  if (latest !== job.version) {
    return `This card is for draft ${job.draftId} version ${job.version}, which has since been edited: the current version is ${latest}. Nothing was decided; decide on version ${latest}'s card or in the console.`;
  }
  const draft = await store.drafts.get(job.draftId, job.version);
  if (draft.contentHash !== job.contentHash) {
    return `This card shows content (hash ${job.contentHash.slice(0, 12)}) that draft ${job.draftId} version ${job.version} no longer has (hash ${draft.contentHash.slice(0, 12)}). Nothing was decided.`;
  }
  if (draft.status === "filed") return `Draft ${job.draftId} version ${job.version} is already filed.`;
  const previous = await store.approvals.latestFor(job.draftId, job.version);
  if (previous) return `Draft ${job.draftId} version ${job.version} was already ${previous.decision} by ${previous.actorChannel}:${previous.actorIdentity} at ${previous.createdAt}.`;
  return null;
}

/** Runs a decision job. */
export async function runDecisionJob(deps: SlackDeps, job: DecisionJob): Promise<void> {
  if (!(await isSlackBroker(deps, job.user))) {
    await refuse(deps, job, notBrokerText(job.user));
    return;
  }
  const stale = await staleReason(deps, job).catch((err: unknown) => {
    if (isUserError(err)) return err.message;
    throw err;
  });
  if (stale) {
    await refuse(deps, job, stale);
    return;
  }
  const actor: Actor = { channel: "slack", identity: job.user };
  const approvalDeps = { store: deps.ctx.app.store, brokers: await deps.brokers() };
  let result: DecisionResult;
  try {
    result =
      job.decision === "approve"
        ? await approveDraft(approvalDeps, { draftId: job.draftId, version: job.version, actor })
        : await rejectDraft(approvalDeps, { draftId: job.draftId, version: job.version, actor, reason: job.reason ?? "" });
  } catch (err) {
    if (!isUserError(err)) throw err;
    await refuse(deps, job, `Nothing was decided: ${err.message}`);
    return;
  }
  if (result.repeated) {
    // Another click (or replica) recorded the same decision first; that one updates the card and resumes.
    await refuse(deps, job, `Draft ${job.draftId} version ${job.version} was already ${result.approval.decision} by ${result.approval.actorChannel}:${result.approval.actorIdentity}.`);
    return;
  }
  await deps.client.chat
    .update({
      channel: job.channel,
      ts: job.messageTs,
      text: `Draft ${result.draft.id} v${result.draft.version} ${result.approval.decision} by <@${job.user}>`,
      blocks: decidedCardBlocks(result.draft, { decision: result.approval.decision, by: job.user, at: result.approval.createdAt, reason: result.approval.reason }),
    })
    .catch((err: unknown) => deps.ctx.log.warn({ err: describeError(err), draftId: job.draftId }, "slack: approval card not updated"));
  const reply = await resumeWithAssistant(deps.ctx.assistant, result, actor);
  if (reply && isSlackThreadId(reply.threadId)) await deps.replies.deliver(reply.threadId, reply);
}

/** Said to the broker when a decision job failed for good. */
export async function reportFailedDecision(deps: SlackDeps, job: DecisionJob, error: Error): Promise<void> {
  deps.ctx.log.error({ err: describeError(error), draftId: job.draftId, version: job.version }, "slack: decision failed");
  await refuse(deps, job, `:x: Your decision on draft ${job.draftId} version ${job.version} could not be completed because of an error on Tollgate's side (${describeError(error)}). Check the draft's status in the console before trying again.`);
}
