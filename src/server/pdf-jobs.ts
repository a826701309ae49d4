/**
 * Draft PDFs as queued jobs. Rendering a 7501 PDF is slow next to a page load, so it runs on the
 * queue (any replica; retried with backoff) and the result is kept in the database, one per draft
 * version and status (the status is printed on the page). A filing that pauses for approval has its
 * PDF rendered at once, so the broker who opens the draft finds it ready. A request for a PDF that
 * is not ready enqueues the job and waits for it; should the queue be too busy to finish within the
 * wait, the request answers "still rendering, retry shortly" rather than rendering it itself.
 */
import type { ApprovalNotifier, JobQueue } from "../agent/ports.ts";
import { renderDraftPdf } from "../filing/pdf.ts";
import type { DraftRecord, Store } from "../store/index.ts";
import type { Logger } from "./channel.ts";
import { awaitJobResult } from "./jobs.ts";

/** The queue name of PDF renders. */
export const PDF_JOB = "tollgate.pdf";

/** Which PDF to render. */
export interface PdfJobPayload {
  draftId: string;
  version: number;
  status: string;
  contentHash: string;
}

/** What a PDF request gets. */
export type PdfAnswer = { kind: "pdf"; pdf: Buffer } | { kind: "rendering" } | { kind: "failed"; error: string };

/** How long a request waits for its render by default. */
export const PDF_WAIT_MS = 20_000;

interface Deps {
  store: Pick<Store, "drafts" | "draftPdfs">;
  queue: JobQueue;
}

/** Registers the PDF worker on this process. */
export async function registerPdfJob(deps: Deps): Promise<void> {
  const { store } = deps;
  await deps.queue.work<PdfJobPayload>(
    PDF_JOB,
    async (p) => {
      if ((await store.draftPdfs.get(p.draftId, p.version, p.status))?.pdf) return;
      const d = await store.drafts.get(p.draftId, p.version);
      const pdf = await renderDraftPdf(d.content, { draftId: d.id, version: d.version, status: p.status, contentHash: d.contentHash });
      await store.draftPdfs.put(d.id, d.version, p.status, d.contentHash, pdf);
    },
    {
      retryLimit: 2,
      retryDelaySeconds: 1,
      onFailed: async (payload, error) => {
        const p = payload as PdfJobPayload;
        await store.draftPdfs.putError(p.draftId, p.version, p.status, p.contentHash, error.message);
      },
    },
  );
}

/** Enqueues the render of a draft version's PDF as it stands now. */
export async function enqueuePdf(queue: JobQueue, d: Pick<DraftRecord, "id" | "version" | "status" | "contentHash">): Promise<void> {
  await queue.enqueue<PdfJobPayload>(PDF_JOB, { draftId: d.id, version: d.version, status: d.status, contentHash: d.contentHash });
}

/** The PDF of a draft version: the one kept, or one rendered now by a queued job this waits for. */
export async function draftPdf(deps: Deps, d: DraftRecord, opts: { waitMs?: number; pollMs?: number } = {}): Promise<PdfAnswer> {
  const kept = await deps.store.draftPdfs.get(d.id, d.version, d.status);
  if (kept?.pdf) return { kind: "pdf", pdf: kept.pdf };
  // A failure is answered once; the next request tries again.
  if (kept?.error) await deps.store.draftPdfs.clearError(d.id, d.version, d.status);
  await enqueuePdf(deps.queue, d);
  const got = await awaitJobResult<PdfAnswer>(
    async () => {
      const row = await deps.store.draftPdfs.get(d.id, d.version, d.status);
      if (row?.pdf) return { kind: "pdf", pdf: row.pdf };
      if (row?.error) return { kind: "failed", error: row.error };
      return undefined;
    },
    { waitMs: opts.waitMs ?? PDF_WAIT_MS, pollMs: opts.pollMs },
  );
  return got ?? { kind: "rendering" };
}

/** A notifier that has the PDF of a draft waiting for approval rendered before a broker opens it. */
export function pdfPrerender(deps: Deps, log: Logger): ApprovalNotifier {
  return {
    channel: "web",
    async notify(notice) {
      const d = await deps.store.drafts.get(notice.draftId, notice.version);
      await enqueuePdf(deps.queue, d).catch((err: unknown) => log.warn({ err, draftId: d.id }, "could not enqueue the PDF render"));
    },
  };
}
