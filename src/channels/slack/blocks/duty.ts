/**
 * A duty calculation as a compact table: one row per line with its base duty, the chapter 99 lines
 * under it (heading, rate, amount), then the entry totals and fees, and the warnings. Amounts are
 * the engine's decimal strings, shown unchanged (only digit grouping is added).
 */
import type { KnownBlock } from "./kit.ts";
import { Decimal } from "decimal.js";
import type { DutyResult } from "../../../domain/duty/types.ts";
import { contextBlock, escapeMrkdwn, headerBlock, usd } from "./text.ts";

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function padStart(s: string, n: number): string {
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}

/** The monospace table of lines and their chapter 99 lines. */
export function dutyTable(r: Pick<DutyResult, "lines">): string {
  const rows: string[] = [`${pad("#", 3)}${pad("HTS", 14)}${pad("Orig", 5)}${padStart("Value", 14)}${padStart("Rate", 12)}${padStart("Duty", 13)}`];
  for (const l of r.lines) {
    const base = l.components.filter((c) => c.kind !== "chapter99");
    const baseDuty = base.reduce((text, c) => (text === "" ? c.rate : `${text} + ${c.rate}`), "");
    const baseAmount = base.reduce((sum, c) => sum.plus(c.amount), new Decimal(0)).toFixed(2);
    rows.push(`${pad(String(l.index + 1), 3)}${pad(l.hts, 14)}${pad(l.origin, 5)}${padStart(usd(l.value), 14)}${padStart(baseDuty.slice(0, 11) || "—", 12)}${padStart(usd(baseAmount), 13)}`);
    for (const c of l.chapter99) {
      rows.push(`${pad("", 3)}${pad(`+ ${c.heading}`, 19)}${pad(c.program.slice(0, 14), 14)}${padStart(c.rate.slice(0, 11), 12)}${padStart(usd(c.amount), 13)}`);
    }
    if (l.needsManualRate || l.needsReview) rows.push(`${pad("", 3)}! ${l.needsManualRate ? "needs a manual rate" : "a chapter 99 measure needs review"}`);
  }
  return rows.join("\n");
}

/** Blocks for one duty calculation. */
export function dutyBlocks(r: DutyResult): KnownBlock[] {
  const t = r.totals;
  const byType = Object.entries(t.dutyByType).map(([k, v]) => `${escapeMrkdwn(k)} ${usd(v)}`).join(", ");
  const blocks: KnownBlock[] = [
    headerBlock(`Duty for entry ${r.entryDate}`),
    { type: "section", text: { type: "mrkdwn", text: "```" + dutyTable(r).slice(0, 2990) + "```" } },
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Value*\n${usd(t.value)}` },
        { type: "mrkdwn", text: `*Duty*\n${usd(t.duty)}${byType ? ` (${byType})` : ""}`.slice(0, 2000) },
        { type: "mrkdwn", text: `*MPF*\n${usd(t.mpf)}` },
        { type: "mrkdwn", text: `*HMF*\n${usd(t.hmf)}` },
        { type: "mrkdwn", text: `*Total*\n${usd(t.total)}` },
        { type: "mrkdwn", text: `*Effective rate*\n${escapeMrkdwn(t.effectiveRate)}` },
      ],
    },
  ];
  const warnings = [...r.warnings, ...r.lines.flatMap((l) => l.warnings.map((w) => `line ${l.index + 1}: ${w}`))];
  if (!r.complete) warnings.unshift("Incomplete: the totals leave out amounts that need a manual rate or review.");
  if (warnings.length > 0) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Warnings*\n${warnings.slice(0, 10).map((w) => `• ${escapeMrkdwn(w)}`).join("\n")}`.slice(0, 3000) } });
  }
  blocks.push(contextBlock(`HTSUS ${escapeMrkdwn(r.revision)} · ${escapeMrkdwn(r.fees.mpf.citation)}`));
  return blocks;
}
