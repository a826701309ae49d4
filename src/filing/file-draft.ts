/**
 * Filing one approved draft version: check the approval binding, assemble the package (draft JSON,
 * PDF, audit excerpt), hand it to the filing adapter, then record the filing, mark the version
 * filed and append the audit event. The approval check runs here, in the store's terms, whatever
 * the agent's middleware did, so no path reaches the adapter without a bound broker approval.
 */
import { assertApprovedForFiling, type Actor, type ApprovalDeps, actorLabel } from "../agent/approval.ts";
import { InputError } from "../errors.ts";
import type { FilingRecord, Store } from "../store/index.ts";
import type { FilingAdapter } from "./adapter.ts";
import { renderDraftPdf } from "./pdf.ts";

/** What filing needs. */
export interface FilingDeps extends ApprovalDeps {
  store: Pick<Store, "drafts" | "approvals" | "audit" | "filings">;
  adapter: FilingAdapter;
}

/** Outcome of a filing. */
export interface FilingResult {
  filing: FilingRecord;
  status: "filed";
  /** Plain statement for the conversation of what happened and what did not. */
  message: string;
}

/** Files draft `draftId` version `version`; `actor` is who asked (the agent or a broker's action). */
export async function fileDraft(deps: FilingDeps, req: { draftId: string; version: number; actor: Actor | string }): Promise<FilingResult> {
  const { draft, approval } = await assertApprovedForFiling(deps, req.draftId, req.version);
  const existing = await deps.store.filings.getFor(draft.id, draft.version);
  if (existing) throw new InputError(`Draft ${draft.id} version ${draft.version} was already filed to ${existing.location}.`, "draft_filed");
  const meta = { draftId: draft.id, version: draft.version, status: "approved", contentHash: draft.contentHash };
  const pdf = await renderDraftPdf(draft.content, meta);
  const auditExcerpt = await deps.store.audit.list({ refKey: "draftId", refValue: draft.id });
  const receipt = await deps.adapter.file({
    draftId: draft.id,
    version: draft.version,
    contentHash: draft.contentHash,
    draft: draft.content,
    pdf,
    approval: { id: approval.id, by: `${approval.actorChannel}:${approval.actorIdentity}`, at: approval.createdAt },
    auditExcerpt,
  });
  const filing = await deps.store.filings
    .record({
      draftId: draft.id,
      version: draft.version,
      contentHash: draft.contentHash,
      approvalId: approval.id,
      adapter: deps.adapter.name,
      location: receipt.location,
      status: receipt.status,
    })
    .catch(async (err: unknown) => {
      // Another process filed this version between the check above and now: (draft, version) is
      // unique, so the store keeps one filing and this attempt reports the one that won.
      if ((err as { code?: string }).code !== "23505") throw err;
      const winner = await deps.store.filings.getFor(draft.id, draft.version);
      throw new InputError(`Draft ${draft.id} version ${draft.version} was already filed to ${winner?.location ?? "the outbox"}.`, "draft_filed", err);
    });
  await deps.store.drafts.setStatus(draft.id, draft.version, "filed");
  await deps.store.audit.append({
    type: "filing",
    actor: typeof req.actor === "string" ? req.actor : actorLabel(req.actor),
    threadId: draft.threadId ?? undefined,
    inputs: { contentHash: draft.contentHash, approvalId: approval.id },
    refs: { draftId: draft.id, version: draft.version, filingId: filing.id },
    summary: `${deps.adapter.name}: ${receipt.status} to ${receipt.location}`,
  });
  const message =
    receipt.status === "exported"
      ? `Draft ${draft.id} version ${draft.version} is filed (exported): the approved package was written to ${receipt.location}. It has not been transmitted to CBP; file it from your ABI software.`
      : `Draft ${draft.id} version ${draft.version} was ${receipt.status} through ${deps.adapter.name} (${receipt.location}).`;
  return { filing, status: "filed", message };
}
