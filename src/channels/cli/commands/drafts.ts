/**
 * `tollgate drafts ...`: list and show entry drafts, write a draft's 7501 PDF, and the CLI's explicit
 * approval actions. `approve` and `reject` act as `cli:<user>` and go through the same approval
 * service as every other channel; a user who is not in TOLLGATE_BROKERS is refused (exit 2).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { approveDraft, rejectDraft, type Actor } from "../../../agent/approval.ts";
import { resumeWaitingThread } from "../../../agent/assistant.ts";
import { InputError, isUserError } from "../../../errors.ts";
import { OutboxFilingAdapter } from "../../../filing/adapter.ts";
import { draftView } from "../../../filing/draft-service.ts";
import { fileDraft } from "../../../filing/file-draft.ts";
import { renderDraftPdf } from "../../../filing/pdf.ts";
import { openStore, type DraftRecord, type Store } from "../../../store/index.ts";
import type { CliCommand, CliContext } from "../io.ts";

const USAGE = [
  "tollgate drafts list [--thread <id>] [--json]",
  "tollgate drafts show <id> [--version N] [--json] [--pdf <out.pdf>]",
  "tollgate drafts approve <id> [--version N] --as <user>",
  'tollgate drafts reject <id> [--version N] --as <user> --reason "<why>"',
  "tollgate drafts file <id> --version N --as <user>",
].join("\n");

const OPTIONS = {
  json: { type: "boolean" },
  version: { type: "string" },
  pdf: { type: "string" },
  as: { type: "string" },
  reason: { type: "string" },
  thread: { type: "string" },
} as const;

function parseVersion(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new InputError(`--version must be a positive whole number, got "${raw}".`, "usage");
  return n;
}

function cliActor(user: string | undefined): Actor {
  if (!user || user.trim() === "") throw new InputError(`Say who is acting with --as <user> (the CLI identity is cli:<user>).\nUsage:\n${USAGE}`, "usage");
  return { channel: "cli", identity: user.trim() };
}

/** The row `drafts list --json` prints for a draft (the API's GET /api/drafts answers the same). */
export function summaryRow(d: DraftRecord): Record<string, unknown> {
  return {
    id: d.id,
    version: d.version,
    status: d.status,
    threadId: d.threadId,
    lines: d.content.lines.length,
    total: d.content.totals.total,
    warnings: d.content.warnings.length,
    updatedAt: d.updatedAt,
  };
}

function printDraft(ctx: CliContext, view: Record<string, unknown>, d: DraftRecord): void {
  const h = d.content.header;
  const out = [
    `Draft ${d.id} version ${d.version} [${d.status}]  content SHA-256 ${d.contentHash}`,
    `Entry type ${h.entryType} | port ${h.portOfEntry ?? "?"} | B/L ${h.billOfLading ?? "?"} | carrier ${h.importingCarrier ?? "?"} | mode ${h.modeOfTransport ?? "?"}`,
    `Importer ${h.importerOfRecord?.name ?? "?"} (${h.importerNumber ?? "number ?"}) | origin ${h.countryOfOrigin ?? "?"} | MID ${h.manufacturerId ?? "?"}`,
    "",
  ];
  for (const l of d.content.lines) {
    out.push(`${String(l.lineNumber).padStart(3)}. ${l.hts ?? "(no HTS)"}  ${l.description}`);
    out.push(`     value ${l.enteredValue ?? "?"}  qty ${l.netQuantity ? `${l.netQuantity.value} ${l.netQuantity.unit}` : "?"}  rate ${l.rate ?? "?"}  duty ${l.duty ?? "?"}`);
    for (const c of l.chapter99) out.push(`     + ${c.heading} ${c.rate} ${c.amount}`);
  }
  const t = d.content.totals;
  out.push("", ...d.content.fees.map((f) => `${f.code} ${f.name}: ${f.amount}`));
  out.push(`Entered value ${t.enteredValue} | duty ${t.duty} | other ${t.other} | total ${t.total}`);
  const decision = view.decision as { decision: string; by: string; reason: string | null } | null;
  if (decision) out.push(`Last decision: ${decision.decision} by ${decision.by}${decision.reason ? ` (${decision.reason})` : ""}`);
  if (d.content.warnings.length) out.push("", "Warnings:", ...d.content.warnings.map((w) => `  - [${w.code}] ${w.message}`));
  if (d.content.notes.length) out.push("", "Notes:", ...d.content.notes.map((n) => `  - ${n}`));
  ctx.io.stdout(out.join("\n"));
}

async function run(sub: string, id: string | undefined, values: Record<string, string | boolean | undefined>, store: Store, ctx: CliContext): Promise<number> {
  const deps = { store, brokers: ctx.config.brokers };
  const need = (): string => {
    if (!id) throw new InputError(`Give the draft id.\nUsage:\n${USAGE}`, "usage");
    return id;
  };
  switch (sub) {
    case "list": {
      const drafts = await store.drafts.list(values.thread ? { threadId: String(values.thread) } : {});
      if (values.json) ctx.io.stdout(JSON.stringify(drafts.map(summaryRow), null, 2));
      else if (drafts.length === 0) ctx.io.stdout("No drafts.");
      else ctx.io.stdout(drafts.map((d) => `${d.id}  v${d.version}  ${d.status.padEnd(17)} ${d.content.lines.length} lines  total ${d.content.totals.total}  ${d.content.warnings.length} warnings`).join("\n"));
      return 0;
    }
    case "show": {
      const d = await store.drafts.get(need(), parseVersion(values.version as string | undefined));
      const view = await draftView(store, d);
      if (values.pdf) {
        const file = path.resolve(String(values.pdf));
        await writeFile(file, await renderDraftPdf(d.content, { draftId: d.id, version: d.version, status: d.status, contentHash: d.contentHash }));
        ctx.io.stderr(`Wrote ${file}`);
      }
      if (values.json) ctx.io.stdout(JSON.stringify(view, null, 2));
      else if (!values.pdf) printDraft(ctx, view, d);
      return 0;
    }
    case "approve": {
      const r = await approveDraft(deps, { draftId: need(), version: parseVersion(values.version as string | undefined), actor: cliActor(values.as as string | undefined) });
      ctx.io.stdout(`Approved draft ${r.draft.id} version ${r.draft.version} (content SHA-256 ${r.approval.contentHash}) as cli:${r.approval.actorIdentity}.`);
      const resumed = await resumeWaitingThread(ctx.config, store, r, { channel: "cli", identity: r.approval.actorIdentity });
      if (resumed) ctx.io.stdout(`\nThread ${resumed.threadId} resumed:\n${resumed.text}`);
      return 0;
    }
    case "reject": {
      const reason = typeof values.reason === "string" ? values.reason : "";
      const r = await rejectDraft(deps, { draftId: need(), version: parseVersion(values.version as string | undefined), actor: cliActor(values.as as string | undefined), reason });
      ctx.io.stdout(`Rejected draft ${r.draft.id} version ${r.draft.version}: ${r.reason}`);
      const resumed = await resumeWaitingThread(ctx.config, store, r, { channel: "cli", identity: r.approval.actorIdentity });
      if (resumed) ctx.io.stdout(`\nThread ${resumed.threadId} resumed:\n${resumed.text}`);
      return 0;
    }
    case "file": {
      const version = parseVersion(values.version as string | undefined);
      if (version === undefined) throw new InputError("Give the exact approved version with --version N.", "usage");
      const actor = cliActor(values.as as string | undefined);
      const adapter = new OutboxFilingAdapter(path.join(ctx.config.dataDir, "outbox"));
      const r = await fileDraft({ ...deps, adapter }, { draftId: need(), version, actor });
      ctx.io.stdout(r.message);
      return 0;
    }
    default:
      throw new InputError(`Unknown drafts subcommand "${sub}".\nUsage:\n${USAGE}`, "usage");
  }
}

const command: CliCommand = {
  summary: "List, show (JSON or 7501 PDF), approve, reject and file entry drafts.",
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
    const [sub, id] = positionals;
    if (!sub) throw new InputError(`Give a subcommand.\nUsage:\n${USAGE}`, "usage");
    const store = await openStore(ctx.config);
    try {
      return await run(sub, id, values, store, ctx);
    } catch (err) {
      // A refusal (not a broker, stale approval, missing reason) is reported plainly with a non-zero exit.
      if (!isUserError(err)) throw err;
      ctx.io.stderr(`Refused: ${err.message}`);
      return 2;
    } finally {
      await store.close();
    }
  },
};

export default command;
