/**
 * Filing adapters. A `FilingAdapter` receives an approved filing package; the default one writes it
 * to an outbox directory for the broker's own filing software and never claims a submission to CBP:
 * its status is "exported", not "accepted". An ABI/ACE adapter would implement the same interface.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { canonicalJson } from "../domain/entry/canonical.ts";
import type { EntryDraft } from "../domain/entry/model.ts";
import type { AuditEvent } from "../store/index.ts";

/** Everything filed for one approved draft version. */
export interface FilingPackage {
  draftId: string;
  version: number;
  contentHash: string;
  draft: EntryDraft;
  pdf: Uint8Array;
  approval: { id: string; by: string; at: string };
  /** The audit events about this draft, with their chain hashes. */
  auditExcerpt: AuditEvent[];
}

/** Where the package went and what state it is in; `status` must not overstate what happened. */
export interface FilingReceipt {
  location: string;
  status: "exported" | "submitted" | "accepted";
}

/** A way of filing an approved entry. */
export interface FilingAdapter {
  readonly name: string;
  file(pkg: FilingPackage): Promise<FilingReceipt>;
}

/** Writes `<outbox>/<draftId>-v<version>/` with draft.json, entry-summary.pdf, audit.json and manifest.json. */
export class OutboxFilingAdapter implements FilingAdapter {
  readonly name = "outbox";
  constructor(private readonly outboxDir: string) {}

  async file(pkg: FilingPackage): Promise<FilingReceipt> {
    const dir = path.join(this.outboxDir, `${pkg.draftId}-v${pkg.version}`);
    // Write into a temporary folder and rename it, so a reader never sees half a package.
    const tmp = `${dir}.partial-${process.pid}`;
    await mkdir(tmp, { recursive: true });
    await writeFile(path.join(tmp, "draft.json"), `${JSON.stringify(pkg.draft, null, 2)}\n`);
    await writeFile(path.join(tmp, "entry-summary.pdf"), pkg.pdf);
    await writeFile(path.join(tmp, "audit.json"), `${JSON.stringify(pkg.auditExcerpt, null, 2)}\n`);
    const manifest = {
      draftId: pkg.draftId,
      version: pkg.version,
      contentHash: pkg.contentHash,
      canonicalDraftSha256: pkg.contentHash,
      approval: pkg.approval,
      status: "exported",
      note: "Exported for filing by the broker's ABI software. Tollgate has not transmitted this entry to CBP.",
    };
    await writeFile(path.join(tmp, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(path.join(tmp, "draft.canonical.json"), canonicalJson(pkg.draft));
    await rename(tmp, dir);
    return { location: dir, status: "exported" };
  }
}
