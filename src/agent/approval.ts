/**
 * The approval policy, enforced in code. Only identities listed in TOLLGATE_BROKERS (config.brokers),
 * or standing for an enabled user with role `broker` (`web:<name>` or an identity linked to that
 * user, e.g. their Slack id or e-mail address), may approve or reject, and only through these functions, which channels call from an explicit
 * approval action (a CLI command, a Slack button, an e-mail reply code). Nothing here reads message
 * or document text, so no text can approve anything. An approval binds to one draft version's
 * content hash: editing the draft creates a new version that needs its own approval, and a stored
 * version whose content no longer matches its hash cannot be approved or filed.
 */
import type { BrokerIdentity } from "../config.ts";
import { contentHash } from "../domain/entry/canonical.ts";
import { InputError, PermissionError } from "../errors.ts";
import type { ApprovalRecord, DraftRecord, Store } from "../store/index.ts";

/** Who is acting, as a channel authenticated them. */
export interface Actor {
  channel: BrokerIdentity["channel"];
  identity: string;
}

/** What the approval functions need. */
export interface ApprovalDeps {
  /** With `users`, brokers are also the users with role broker (and their linked identities). */
  store: Pick<Store, "drafts" | "approvals" | "audit"> & Partial<Pick<Store, "users">>;
  brokers: readonly BrokerIdentity[];
}

/** The outcome of a decision, with the thread (if any) that was waiting on it so a channel can resume it. */
export interface DecisionResult {
  draft: DraftRecord;
  approval: ApprovalRecord;
  waitingThreadId: string | null;
  /** True when the same decision on the same version was already recorded: nothing new was written. */
  repeated?: boolean;
}

/** `channel:identity`, the form used in audit events and TOLLGATE_BROKERS. */
export function actorLabel(actor: Actor): string {
  return `${actor.channel}:${actor.identity}`;
}

/** True when the actor is a configured broker on that channel (e-mail addresses compare case-insensitively). */
export function isAuthorisedBroker(brokers: readonly BrokerIdentity[], actor: Actor): boolean {
  const id = actor.channel === "email" ? actor.identity.trim().toLowerCase() : actor.identity.trim();
  return brokers.some((b) => b.channel === actor.channel && b.identity === id);
}

/**
 * True when the actor is a broker: listed in TOLLGATE_BROKERS (the bootstrap list), or standing for
 * an enabled user with role broker. Checked at decision time and again at filing time, so disabling
 * a user or changing their role revokes approvals not yet filed.
 */
export async function isBroker(deps: ApprovalDeps, actor: Actor): Promise<boolean> {
  if (isAuthorisedBroker(deps.brokers, actor)) return true;
  return deps.store.users ? (await deps.store.users.brokerFor(actor.channel, actor.identity)) !== null : false;
}

async function requireBroker(deps: ApprovalDeps, actor: Actor, action: string): Promise<void> {
  if (!(await isBroker(deps, actor))) {
    throw new PermissionError(
      `${actorLabel(actor)} is not an authorised broker and cannot ${action}. Only users with role broker (and identities listed in TOLLGATE_BROKERS) can.`,
      "not_a_broker",
    );
  }
}

/** Loads a version (latest by default) and checks it is the current one, with intact content, not yet filed. */
async function loadCurrent(deps: ApprovalDeps, draftId: string, version?: number): Promise<DraftRecord> {
  const draft = await deps.store.drafts.get(draftId, version);
  // With no version asked for, the row just read is the latest; no second query.
  const latest = version === undefined ? draft.version : await deps.store.drafts.latestVersion(draftId);
  if (draft.version !== latest) {
    throw new PermissionError(
      `Draft ${draftId} version ${draft.version} has been superseded by version ${latest}; review and decide on version ${latest}.`,
      "draft_superseded",
    );
  }
  if (contentHash(draft.content) !== draft.contentHash) {
    throw new PermissionError(`Draft ${draftId} version ${draft.version} does not match its recorded content hash; it cannot be approved or filed.`, "draft_tampered");
  }
  if (draft.status === "filed") throw new InputError(`Draft ${draftId} version ${draft.version} is already filed.`, "draft_filed");
  return draft;
}

/** Records a broker's decision on the current version: the approval row, the draft's status and the audit event. */
async function decide(
  deps: ApprovalDeps,
  req: { draftId: string; version?: number; actor: Actor },
  decision: ApprovalRecord["decision"],
  reason: string | null,
): Promise<DecisionResult> {
  if (decision === "approved") {
    // Approving what is already filed on that same approval answers the earlier decision (no-op).
    const seen = await deps.store.drafts.get(req.draftId, req.version);
    if (seen.status === "filed") {
      const last = await deps.store.approvals.latestFor(seen.id, seen.version);
      if (last?.decision === "approved" && last.contentHash === seen.contentHash) return { draft: seen, approval: last, waitingThreadId: null, repeated: true };
    }
  }
  const draft = await loadCurrent(deps, req.draftId, req.version);
  const { approval, created } = await deps.store.approvals.recordDecision(
    {
      draftId: draft.id,
      version: draft.version,
      contentHash: draft.contentHash,
      decision,
      actorChannel: req.actor.channel,
      actorIdentity: req.actor.identity,
      reason,
    },
    deps.store.drafts,
  );
  if (!created) return { draft: await deps.store.drafts.get(draft.id, draft.version), approval, waitingThreadId: draft.waitingThreadId, repeated: true };
  await deps.store.audit.append({
    type: decision === "approved" ? "approval" : "rejection",
    actor: actorLabel(req.actor),
    threadId: draft.waitingThreadId ?? draft.threadId ?? undefined,
    inputs: reason === null ? { contentHash: draft.contentHash } : { contentHash: draft.contentHash, reason },
    refs: { draftId: draft.id, version: draft.version, approvalId: approval.id },
  });
  return { draft: await deps.store.drafts.get(draft.id, draft.version), approval, waitingThreadId: draft.waitingThreadId };
}

/**
 * Marks a draft version as awaiting approval and records the conversation thread paused on it,
 * so that a later decision can resume that thread. The agent calls this when it is interrupted
 * before `file_declaration`.
 */
export async function requestApproval(
  deps: ApprovalDeps,
  req: { draftId: string; version: number; threadId: string | null; requestedBy: string },
): Promise<DraftRecord> {
  const draft = await loadCurrent(deps, req.draftId, req.version);
  await deps.store.drafts.setStatus(draft.id, draft.version, "awaiting_approval", req.threadId);
  await deps.store.audit.append({
    type: "approval_requested",
    actor: req.requestedBy,
    threadId: req.threadId ?? undefined,
    inputs: { contentHash: draft.contentHash },
    refs: { draftId: draft.id, version: draft.version },
  });
  return deps.store.drafts.get(draft.id, draft.version);
}

/** Records a broker's approval of one draft version (the latest when `version` is omitted). */
export async function approveDraft(deps: ApprovalDeps, req: { draftId: string; version?: number; actor: Actor }): Promise<DecisionResult> {
  await requireBroker(deps, req.actor, "approve drafts");
  return decide(deps, req, "approved", null);
}

/** Records a broker's rejection with its reason; the reason goes back to the conversation. */
export async function rejectDraft(
  deps: ApprovalDeps,
  req: { draftId: string; version?: number; actor: Actor; reason: string },
): Promise<DecisionResult & { reason: string }> {
  await requireBroker(deps, req.actor, "reject drafts");
  const reason = req.reason.trim();
  if (reason === "") throw new InputError("A rejection needs a reason, so the preparer knows what to fix.", "reason_required");
  return { ...(await decide(deps, req, "rejected", reason)), reason };
}

/**
 * Checks that a version may be filed: it is the latest version, its content still matches its hash,
 * and the most recent decision on it is an approval of that same hash by a broker who is still
 * authorised. Throws PermissionError otherwise.
 */
export async function assertApprovedForFiling(deps: ApprovalDeps, draftId: string, version: number): Promise<{ draft: DraftRecord; approval: ApprovalRecord }> {
  const draft = await loadCurrent(deps, draftId, version);
  const approval = await deps.store.approvals.latestFor(draftId, version);
  if (!approval || approval.decision !== "approved") {
    const why = approval?.decision === "rejected" ? ` It was rejected: ${approval.reason}` : "";
    throw new PermissionError(`Draft ${draftId} version ${version} has not been approved by a broker.${why}`, "not_approved");
  }
  if (approval.contentHash !== draft.contentHash) {
    throw new PermissionError(`The approval of draft ${draftId} version ${version} was for different content; a new approval is needed.`, "approval_stale");
  }
  if (!(await isBroker(deps, { channel: approval.actorChannel as Actor["channel"], identity: approval.actorIdentity }))) {
    throw new PermissionError(`The approver ${approval.actorChannel}:${approval.actorIdentity} is no longer an authorised broker; a new approval is needed.`, "approver_revoked");
  }
  return { draft, approval };
}
