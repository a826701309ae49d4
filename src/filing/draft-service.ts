/**
 * Draft operations shared by the agent's tools and the channels: build a draft from a thread's
 * material, edit it into a new version (recalculating duty and warnings), and present a version.
 * Every change is a new version and an audit event; nothing here approves or files.
 */
import type { BrokerIdentity } from "../config.ts";
import { Decimal } from "decimal.js";
import type { EntryDraft, EntryHeader, EntryLine } from "../domain/entry/model.ts";
import { InputError, NotFoundError, PermissionError } from "../errors.ts";
import type { DraftRecord, Store } from "../store/index.ts";
import type { FilingAdapter } from "./adapter.ts";
import { buildEntryDraft, recalculateDraft, type DraftBuilderDeps } from "./draft-builder.ts";

/** Dependencies of the drafting and filing tools. */
export interface EntryContext {
  store: Store;
  builder: DraftBuilderDeps;
  brokers: readonly BrokerIdentity[];
  adapter: FilingAdapter;
}

/**
 * A version of a draft (the latest when `version` is omitted) as a conversation may see it: a draft
 * made in another conversation reads as missing, with the same message, so no conversation learns
 * of another's drafts. A draft or a caller without a thread is not restricted.
 */
export async function getThreadDraft(store: Pick<Store, "drafts">, draftId: string, version: number | undefined, threadId: string | null): Promise<DraftRecord> {
  const draft = await store.drafts.get(draftId, version);
  if (draft.threadId !== null && threadId !== null && draft.threadId !== threadId) {
    throw new NotFoundError(`No draft with id ${draftId}.`, "draft_not_found");
  }
  return draft;
}

/** Builds a draft from the thread's documents (or the given ones) and saves it as version 1. */
export async function draftFromThread(
  ctx: Pick<EntryContext, "store" | "builder">,
  req: { threadId: string | null; documentIds?: string[]; actor: string },
): Promise<DraftRecord> {
  const documents = req.documentIds?.length
    ? await ctx.store.documents.getMany(req.documentIds)
    : req.threadId
      ? await ctx.store.documents.listByThread(req.threadId)
      : [];
  if (documents.length === 0) {
    throw new InputError("There are no extracted documents to draft from: extract the commercial invoice (and bill of lading) first.", "no_documents");
  }
  const classifications = req.threadId ? await ctx.store.classifications.listByThread(req.threadId) : [];
  const content = await buildEntryDraft({ documents, classifications }, ctx.builder);
  const record = await ctx.store.drafts.create(content, { threadId: req.threadId, createdBy: req.actor });
  await auditEngines(ctx.store, record, req.actor);
  await ctx.store.audit.append({
    type: "draft",
    actor: req.actor,
    threadId: req.threadId ?? undefined,
    inputs: { documents: documents.map((d) => ({ id: d.id, fileHash: d.fileHash })), classifications: classifications.map((c) => ({ id: c.id, hts: c.hts })) },
    sources: { htsRevision: content.sources.htsRevision },
    refs: { draftId: record.id, version: record.version },
    summary: `${content.lines.length} lines, duty ${content.totals.duty}, total ${content.totals.total}, ${content.warnings.length} warnings; content ${record.contentHash}`,
  });
  return record;
}

/** One edit of a line. */
export interface LineChange {
  line: number;
  field: "hts" | "origin" | "value" | "quantity" | "description" | "grossWeight" | "relationship";
  value: string;
  unit?: string;
  currency?: string;
}

/** Header fields that can be edited, with their new values. */
export type HeaderChanges = Partial<EntryHeader>;

/**
 * Applies edits to the latest version and saves the result as a new version. With `threadId`, only
 * a draft that conversation may see (see `getThreadDraft`) is edited.
 */
export async function editDraft(
  ctx: Pick<EntryContext, "store" | "builder">,
  req: { draftId: string; version?: number; header?: HeaderChanges; changes?: LineChange[]; actor: string; threadId?: string | null },
): Promise<DraftRecord> {
  const current = await getThreadDraft(ctx.store, req.draftId, undefined, req.threadId ?? null);
  if (req.version !== undefined && req.version !== current.version) {
    throw new InputError(`Draft ${req.draftId} is at version ${current.version}, not ${req.version}; show it again and edit the latest version.`, "draft_stale");
  }
  if (current.status === "filed") throw new PermissionError(`Draft ${req.draftId} version ${current.version} is filed and cannot be changed.`, "draft_filed");
  if (!req.header && !req.changes?.length) throw new InputError("Nothing to change: give header fields or line changes.", "no_changes");
  let content: EntryDraft = structuredClone(current.content);
  content.header = { ...content.header, ...stripUndefined(req.header ?? {}) };
  for (const change of req.changes ?? []) content = applyLineChange(content, change, ctx.builder, req.actor);
  content = await recalculateDraft(content, ctx.builder);
  const record = await ctx.store.drafts.addVersion(req.draftId, content, req.actor);
  await auditEngines(ctx.store, record, req.actor, false);
  await ctx.store.audit.append({
    type: "draft_update",
    actor: req.actor,
    threadId: record.threadId ?? undefined,
    inputs: { fromVersion: current.version, header: req.header ?? {}, changes: req.changes ?? [] },
    sources: { htsRevision: content.sources.htsRevision },
    refs: { draftId: record.id, version: record.version },
    summary: `duty ${content.totals.duty}, total ${content.totals.total}; content ${record.contentHash}`,
  });
  return record;
}

/**
 * Records the classifier's choices (on a new draft) and the duty calculation behind a version, so
 * the audit trail shows every classification and calculation that went into what the broker signs.
 */
async function auditEngines(store: Store, record: DraftRecord, actor: string, classifications = true): Promise<void> {
  const refs = { draftId: record.id, version: record.version };
  const threadId = record.threadId ?? undefined;
  const htsRevision = record.content.sources.htsRevision;
  if (classifications) {
    for (const line of record.content.lines) {
      if (line.hts === null || line.classification?.source !== "classify_product") continue;
      await store.audit.append({
        type: "classification",
        actor,
        threadId,
        inputs: { description: line.description, origin: line.countryOfOrigin },
        sources: { htsRevision, classifier: "classify_product" },
        refs: { ...refs, line: line.lineNumber },
        summary: `${line.hts} (confidence ${line.classification.confidence ?? "n/a"})`,
      });
    }
  }
  await store.audit.append({
    type: "calculation",
    actor,
    threadId,
    inputs: record.content.lines.map((l) => ({ line: l.lineNumber, hts: l.hts, origin: l.countryOfOrigin, value: l.enteredValue, qty: l.netQuantity })),
    sources: { htsRevision, entryDate: record.content.header.entryDate, chapter99: record.content.lines.flatMap((l) => l.chapter99.map((c) => c.heading)) },
    refs,
    summary: `duty ${record.content.totals.duty}, fees ${record.content.totals.other}, total ${record.content.totals.total}`,
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const DECIMAL = /^\d+(\.\d+)?$/;

function applyLineChange(draft: EntryDraft, c: LineChange, deps: DraftBuilderDeps, actor: string): EntryDraft {
  const idx = draft.lines.findIndex((l) => l.lineNumber === c.line);
  if (idx < 0) throw new InputError(`Draft has no line ${c.line} (it has lines 1-${draft.lines.length}).`, "no_such_line");
  const line: EntryLine = { ...draft.lines[idx]! };
  const value = c.value.trim();
  switch (c.field) {
    case "hts": {
      const v = deps.schedule.validate(value);
      if (!v.valid || v.line?.level !== 10) {
        throw new InputError(`${value} is not a declarable 10-digit line of HTSUS ${v.revision}${v.reason ? ` (${v.reason})` : ""}.`, "invalid_hts");
      }
      line.hts = v.line.code;
      line.rate = v.line.rates.general;
      line.classification = { confidence: null, source: `edited by ${actor}` };
      // The unit of quantity may differ under the new number; keep the quantity only if it still fits.
      if (line.netQuantity && line.netQuantity.unit !== v.line.units[0]) line.netQuantity = null;
      break;
    }
    case "origin":
      if (!/^[A-Za-z]{2}$/.test(value)) throw new InputError(`Country of origin must be an ISO two-letter code, got "${value}".`);
      line.countryOfOrigin = value.toUpperCase();
      break;
    case "value": {
      const amount = value.replace(/[$,]/g, "");
      if (c.currency && c.currency.toUpperCase() !== "USD") {
        throw new InputError(`Entered value must be in U.S. dollars; convert the ${c.currency} amount at the CBP rate first.`, "value_not_usd");
      }
      if (!DECIMAL.test(amount)) throw new InputError(`"${c.value}" is not an amount.`);
      line.enteredValue = new Decimal(amount).toFixed(2, Decimal.ROUND_HALF_UP);
      break;
    }
    case "quantity": {
      const qty = value.replace(/,/g, "");
      if (!DECIMAL.test(qty)) throw new InputError(`"${c.value}" is not a quantity.`);
      const htsUnit = line.hts ? deps.schedule.get(line.hts)?.units[0] : undefined;
      const unit = c.unit ?? htsUnit;
      if (!unit) throw new InputError(`Give the unit of the quantity for line ${c.line}.`);
      if (htsUnit && unit !== htsUnit) throw new InputError(`Line ${c.line} is reported in ${htsUnit} (the HTS unit of ${line.hts}), not ${unit}.`, "wrong_unit");
      line.netQuantity = { value: qty, unit };
      break;
    }
    case "grossWeight": {
      const kg = value.replace(/,|\s*kg$/gi, "");
      if (!DECIMAL.test(kg)) throw new InputError(`"${c.value}" is not a weight in kg.`);
      line.grossWeightKg = kg;
      break;
    }
    case "relationship":
      if (!/^(related|not_related)$/.test(value)) throw new InputError('Relationship must be "related" or "not_related".');
      line.relationship = value as EntryLine["relationship"];
      break;
    case "description":
      if (value === "") throw new InputError("A line description cannot be empty.");
      line.description = value;
      break;
  }
  const lines = [...draft.lines];
  lines[idx] = line;
  return { ...draft, lines };
}

/** The view of a version shown to the model, the CLI and channels. */
export async function draftView(store: Pick<Store, "approvals">, record: DraftRecord): Promise<Record<string, unknown>> {
  const decision = await store.approvals.latestFor(record.id, record.version);
  return {
    draftId: record.id,
    version: record.version,
    status: record.status,
    contentHash: record.contentHash,
    threadId: record.threadId,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    decision: decision
      ? { decision: decision.decision, by: `${decision.actorChannel}:${decision.actorIdentity}`, at: decision.createdAt, reason: decision.reason }
      : null,
    ...record.content,
  };
}
