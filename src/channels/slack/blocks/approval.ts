/**
 * The approval card a thread gets when a filing pauses: draft id, version, content hash prefix,
 * totals, warnings, and Approve / Reject buttons whose value names the exact version and content
 * hash, so a click decides on what the broker saw or is refused. After a decision the card is
 * replaced by the decided form (who, when) without buttons. The reject modal asks for the reason.
 */
import type { KnownBlock, View } from "./kit.ts";
import type { DraftRecord } from "../../../store/index.ts";
import { consoleDraftUrl, totalsFields, warningsText } from "./draft.ts";
import { contextBlock, escapeMrkdwn, headerBlock } from "./text.ts";

/** Action and view ids the listeners match. */
export const APPROVE_ACTION = "tollgate_approve";
export const REJECT_ACTION = "tollgate_reject";
export const REJECT_VIEW = "tollgate_reject_modal";
export const REASON_BLOCK = "reason";
export const REASON_INPUT = "reason_input";

/** What a button carries: the version and content hash the card showed. */
export interface CardRef {
  draftId: string;
  version: number;
  contentHash: string;
}

/** Parses a button value; null when it is not one of ours. */
export function parseCardRef(value: string | undefined): CardRef | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as Partial<CardRef>;
    if (typeof v.draftId !== "string" || typeof v.version !== "number" || typeof v.contentHash !== "string") return null;
    return { draftId: v.draftId, version: v.version, contentHash: v.contentHash };
  } catch {
    return null;
  }
}

function summary(d: DraftRecord, requestedBy: string | null): KnownBlock[] {
  const facts = [`Draft *${escapeMrkdwn(d.id)}*`, `version *${d.version}*`, `hash \`${d.contentHash.slice(0, 12)}\``, `${d.content.lines.length} line(s)`];
  if (requestedBy) facts.push(`requested by ${requestedBy.startsWith("slack:") ? `<@${requestedBy.slice(6)}>` : escapeMrkdwn(requestedBy)}`);
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: facts.join(" · ") } }, { type: "section", fields: totalsFields(d) }];
  if (d.content.warnings.length > 0) blocks.push({ type: "section", text: { type: "mrkdwn", text: warningsText(d.content.warnings, 3) } });
  return blocks;
}

/** The card asking a broker to approve or reject one draft version. */
export function approvalCardBlocks(d: DraftRecord, requestedBy: string, consoleUrl?: string): KnownBlock[] {
  const ref: CardRef = { draftId: d.id, version: d.version, contentHash: d.contentHash };
  const value = JSON.stringify(ref);
  const elements: Extract<KnownBlock, { type: "actions" }>["elements"] = [
    {
      type: "button",
      action_id: APPROVE_ACTION,
      style: "primary",
      text: { type: "plain_text", text: "Approve" },
      value,
      confirm: {
        title: { type: "plain_text", text: "Approve and file?" },
        text: { type: "mrkdwn", text: `File draft ${escapeMrkdwn(d.id)} version ${d.version} (hash \`${d.contentHash.slice(0, 12)}\`) as a licensed customs broker.` },
        confirm: { type: "plain_text", text: "Approve" },
        deny: { type: "plain_text", text: "Cancel" },
      },
    },
    { type: "button", action_id: REJECT_ACTION, style: "danger", text: { type: "plain_text", text: "Reject" }, value },
  ];
  if (consoleUrl) elements.push({ type: "button", action_id: "tollgate_open_console", text: { type: "plain_text", text: "View in console" }, url: consoleDraftUrl(consoleUrl, d.id, d.version) });
  return [
    headerBlock(`Approval needed: draft ${d.id} v${d.version}`),
    ...summary(d, requestedBy),
    { type: "actions", block_id: "tollgate_approval", elements },
    contextBlock("Only a licensed broker's click decides. Nothing typed in this thread approves anything."),
  ];
}

/** The card after a decision: the same summary, who decided and when, no buttons. */
export function decidedCardBlocks(d: DraftRecord, decision: { decision: "approved" | "rejected"; by: string; at: string; reason?: string | null }): KnownBlock[] {
  const verb = decision.decision === "approved" ? ":white_check_mark: Approved" : ":x: Rejected";
  const reason = decision.reason ? `\nReason: ${escapeMrkdwn(decision.reason)}` : "";
  return [
    headerBlock(`Draft ${d.id} v${d.version}: ${decision.decision}`),
    ...summary(d, null),
    { type: "section", text: { type: "mrkdwn", text: `${verb} by <@${decision.by}> at ${decision.at}${reason}` } },
  ];
}

/** The modal asking for a rejection reason; the card's reference and message ride in private_metadata. */
export function rejectModal(ref: CardRef, origin: { channel: string; messageTs: string }): View {
  return {
    type: "modal",
    callback_id: REJECT_VIEW,
    private_metadata: JSON.stringify({ ...ref, ...origin }),
    title: { type: "plain_text", text: "Reject draft" },
    submit: { type: "plain_text", text: "Reject" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `Reject draft *${escapeMrkdwn(ref.draftId)}* version *${ref.version}* (hash \`${ref.contentHash.slice(0, 12)}\`). The reason goes back to the thread.` } },
      {
        type: "input",
        block_id: REASON_BLOCK,
        label: { type: "plain_text", text: "Reason" },
        element: { type: "plain_text_input", action_id: REASON_INPUT, multiline: true, max_length: 2000 },
      },
    ],
  };
}
