/**
 * Action listeners: the approval card's buttons. Each acknowledges at once. A click by someone who
 * is not a broker gets an ephemeral refusal and changes nothing. A broker's Approve becomes a
 * decision job; Reject opens the modal for the reason (views.open must follow the click within
 * three seconds, so it is called here, not in a job). The "View in console" link button is only
 * acknowledged.
 */
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { describeError } from "../../../errors.ts";
import { APPROVE_ACTION, REJECT_ACTION, parseCardRef, rejectModal } from "../blocks/approval.ts";
import { JOBS, isSlackBroker, notBrokerText, type SlackDeps } from "../deps.ts";
import { refuse, type DecisionJob } from "./decision.ts";

/** Where the clicked card is. */
function origin(body: BlockAction): { channel: string; messageTs: string; threadTs?: string } | null {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const messageTs = body.message?.ts ?? body.container?.message_ts;
  if (!channel || !messageTs) return null;
  const threadTs = (body.message as { thread_ts?: string } | undefined)?.thread_ts ?? body.container?.thread_ts;
  return { channel, messageTs, threadTs };
}

/** Runs a Web API call after the ack without holding the HTTP response; failures are logged. */
function background(deps: SlackDeps, what: string, call: Promise<unknown>): void {
  call.catch((err: unknown) => deps.ctx.log.warn({ err: describeError(err) }, `slack: ${what} failed`));
}

/** Registers the action listeners. */
export function register(app: App, deps: SlackDeps): void {
  /** The card and message a click came from, or null when it is malformed or (refused) not a broker's. */
  const brokerClick = async (body: BlockAction<ButtonAction>, action: ButtonAction) => {
    const ref = parseCardRef(action.value);
    const where = origin(body);
    if (!ref || !where) return null;
    if (!(await isSlackBroker(deps, body.user.id))) {
      background(deps, "refusal", refuse(deps, { ...where, user: body.user.id }, notBrokerText(body.user.id)));
      return null;
    }
    return { ref, where };
  };

  app.action<BlockAction<ButtonAction>>(APPROVE_ACTION, async ({ ack, body, action }) => {
    await ack();
    const click = await brokerClick(body, action);
    if (!click) return;
    const { ref, where } = click;
    const job: DecisionJob = { ...ref, decision: "approve", user: body.user.id, ...where };
    await deps.ctx.queue.enqueue(JOBS.decision, job, { dedupeKey: `slack:action:${where.channel}:${where.messageTs}:${body.user.id}:${action.action_ts}` });
  });

  app.action<BlockAction<ButtonAction>>(REJECT_ACTION, async ({ ack, body, action }) => {
    await ack();
    const click = await brokerClick(body, action);
    if (!click) return;
    const { ref, where } = click;
    background(deps, "views.open", deps.client.views.open({ trigger_id: body.trigger_id, view: rejectModal(ref, where) }));
  });

  app.action("tollgate_open_console", async ({ ack }) => {
    await ack();
  });
}
