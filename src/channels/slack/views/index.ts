/**
 * View listeners: the reject modal's submission. The reason is required (the modal shows the error
 * in place), the submitter must be a broker (checked again: the modal could have been forwarded),
 * and the decision becomes a job like an Approve click.
 */
import type { App } from "@slack/bolt";
import { REASON_BLOCK, REASON_INPUT, REJECT_VIEW, parseCardRef } from "../blocks/approval.ts";
import { JOBS, isSlackBroker, type SlackDeps } from "../deps.ts";
import type { DecisionJob } from "../actions/decision.ts";

/** Registers the view listeners. */
export function register(app: App, deps: SlackDeps): void {
  app.view(REJECT_VIEW, async ({ ack, body, view }) => {
    const reason = (view.state.values[REASON_BLOCK]?.[REASON_INPUT]?.value ?? "").trim();
    let meta: Record<string, unknown>;
    try {
      meta = JSON.parse(view.private_metadata || "{}") as Record<string, unknown>;
    } catch {
      meta = {};
    }
    const ref = parseCardRef(JSON.stringify(meta));
    if (reason === "") {
      await ack({ response_action: "errors", errors: { [REASON_BLOCK]: "A rejection needs a reason, so the preparer knows what to fix." } });
      return;
    }
    if (!ref || typeof meta.channel !== "string" || typeof meta.messageTs !== "string") {
      await ack({ response_action: "errors", errors: { [REASON_BLOCK]: "This form no longer names a draft; reject from the card again." } });
      return;
    }
    if (!(await isSlackBroker(deps, body.user.id))) {
      await ack({ response_action: "errors", errors: { [REASON_BLOCK]: "Only a licensed customs broker linked to Tollgate can reject filings. Nothing was changed." } });
      return;
    }
    await ack();
    const job: DecisionJob = {
      ...ref,
      decision: "reject",
      reason,
      user: body.user.id,
      channel: meta.channel,
      messageTs: meta.messageTs,
      threadTs: typeof meta.threadTs === "string" ? meta.threadTs : undefined,
    };
    await deps.ctx.queue.enqueue(JOBS.decision, job, { dedupeKey: `slack:view:${body.view.id}:${body.view.hash ?? ""}` });
  });
}
