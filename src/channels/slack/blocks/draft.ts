/**
 * A draft entry summary as a card a broker reads at a glance: status, the lines (code, chapter 99
 * numbers, value, duty), the totals of blocks 35-40, the warnings grouped by kind, and a "View in
 * console" link when the console's URL is configured.
 */
import type { KnownBlock } from "./kit.ts";
import type { EntryWarning } from "../../../domain/entry/model.ts";
import type { DraftRecord } from "../../../store/index.ts";
import { contextBlock, escapeMrkdwn, headerBlock, usd } from "./text.ts";

/** How many lines a card lists before summarising the rest. */
const MAX_LINES = 10;

const WARNING_TITLES: Record<EntryWarning["code"], string> = {
  missing_data: "Missing data",
  pga: "Partner agencies (PGA)",
  adcvd: "AD/CVD",
  low_confidence: "Low-confidence classification",
  duty: "Duty",
  invalid_hts: "Invalid HTS",
};

/** The console page of a draft version. */
export function consoleDraftUrl(consoleUrl: string, draftId: string, version: number): string {
  return `${consoleUrl.replace(/\/+$/, "")}/drafts/${encodeURIComponent(draftId)}?version=${version}`;
}

/** Warnings grouped by kind, as one mrkdwn text. */
export function warningsText(warnings: readonly EntryWarning[], perKind = 4): string {
  const groups = new Map<EntryWarning["code"], EntryWarning[]>();
  for (const w of warnings) groups.set(w.code, [...(groups.get(w.code) ?? []), w]);
  const out: string[] = [];
  for (const [code, ws] of groups) {
    out.push(`*${WARNING_TITLES[code] ?? code}* (${ws.length})`);
    for (const w of ws.slice(0, perKind)) out.push(`• ${w.line !== undefined ? `line ${w.line}: ` : ""}${escapeMrkdwn(w.message)}`);
    if (ws.length > perKind) out.push(`• … ${ws.length - perKind} more`);
  }
  return out.join("\n").slice(0, 3000);
}

/** The totals of a draft as section fields. */
export function totalsFields(d: DraftRecord): Array<{ type: "mrkdwn"; text: string }> {
  const t = d.content.totals;
  return [
    { type: "mrkdwn", text: `*Entered value*\n${usd(t.enteredValue)}` },
    { type: "mrkdwn", text: `*Duty*\n${usd(t.duty)}` },
    { type: "mrkdwn", text: `*Tax*\n${usd(t.tax)}` },
    { type: "mrkdwn", text: `*Other fees*\n${usd(t.other)}` },
    { type: "mrkdwn", text: `*Total*\n${usd(t.total)}` },
  ];
}

/** The lines of a draft as one mrkdwn list. */
function linesText(d: DraftRecord): string {
  const lines = d.content.lines;
  const out = lines.slice(0, MAX_LINES).map((l) => {
    const ch99 = l.chapter99.map((c) => `+ \`${c.heading}\` ${usd(c.amount)}`).join(" ");
    return `*${l.lineNumber}.* \`${l.hts ?? "no code"}\` ${escapeMrkdwn(l.description.slice(0, 80))} · ${usd(l.enteredValue)} · duty ${usd(l.duty)}${ch99 ? ` ${ch99}` : ""}`;
  });
  if (lines.length > MAX_LINES) out.push(`… ${lines.length - MAX_LINES} more lines`);
  return (out.join("\n") || "No lines.").slice(0, 3000);
}

/** Blocks of a draft summary card. */
export function draftBlocks(d: DraftRecord, consoleUrl?: string): KnownBlock[] {
  const h = d.content.header;
  const blocks: KnownBlock[] = [
    headerBlock(`Entry summary draft ${d.id} v${d.version}`),
    contextBlock(
      [`Status *${d.status.replace(/_/g, " ")}*`, `entry type ${h.entryType}`, h.portOfEntry ? `port ${escapeMrkdwn(h.portOfEntry)}` : "no port of entry", `hash \`${d.contentHash.slice(0, 12)}\``].join(" · "),
    ),
    { type: "section", text: { type: "mrkdwn", text: linesText(d) } },
    { type: "section", fields: totalsFields(d) },
  ];
  if (d.content.warnings.length > 0) blocks.push({ type: "section", text: { type: "mrkdwn", text: warningsText(d.content.warnings) } });
  if (consoleUrl) {
    blocks.push({
      type: "actions",
      block_id: "tollgate_draft_links",
      elements: [{ type: "button", action_id: "tollgate_open_console", text: { type: "plain_text", text: "View in console" }, url: consoleDraftUrl(consoleUrl, d.id, d.version) }],
    });
  }
  return blocks;
}
