/**
 * Plain-text rendering of a duty result for people (CLI, e-mail, chat): per line the HTS line, each
 * amount with its rate, basis and source, then entry totals, fees and warnings. Channels print it;
 * they do not compute anything.
 */
import { Dec, formatUsd } from "../money.ts";
import type { DutyLineResult, DutyResult } from "./types.ts";

const usd = (s: string): string => formatUsd(new Dec(s));

function lineText(l: DutyLineResult): string[] {
  const out: string[] = [];
  const fx = l.fx ? ` (${l.currency} at ${l.fx.rate} USD, ${l.fx.source})` : "";
  const qty = l.quantities.length ? `  qty ${l.quantities.join(", ")}` : "";
  out.push(`Line ${l.index}${l.id ? ` [${l.id}]` : ""}  HTS ${l.hts}  origin ${l.origin}  value ${usd(l.value)}${fx}${qty}`);
  out.push(`  ${l.description}`);
  out.push(`  Rates printed: General "${l.rates.general}" | Special "${l.rates.special}" | Column 2 "${l.rates.column2}"`);
  for (const c of l.components) {
    const head = c.heading ? `${c.heading} ${c.label}` : c.label;
    out.push(`  ${head}: ${c.rate} -> ${c.basis} = ${usd(c.amount)}`);
    out.push(`      source: ${c.citation}`);
  }
  if (l.program) out.push(`  Program ${l.program.symbol}: ${l.program.applies ? "applied" : "not applied"}. ${l.program.reason}${l.program.verify ? ` Verify: ${l.program.verify}` : ""}`);
  for (const p of l.eligiblePrograms) {
    out.push(`  Could claim ${p.symbol} (${p.name}): rate ${p.rate}${p.saving !== null ? `, saving ${usd(p.saving)}` : ""}${p.verify ? ` (verify: ${p.verify})` : ""}`);
  }
  out.push(`  Line duty: ${usd(l.amount)}${l.needsManualRate ? "  ** needs manual rate **" : ""}${l.needsReview ? "  ** needs review **" : ""}`);
  for (const n of l.notes) out.push(`  note: ${n}`);
  return out;
}

/** Renders a result as a breakdown a broker can read. */
export function formatDutyText(r: DutyResult): string {
  const out: string[] = [];
  out.push(`Duty calculation: entry date ${r.entryDate}, HTSUS ${r.revision}, ${r.entryType} entry, mode ${r.mode ?? "not given"}`);
  out.push("");
  for (const l of r.lines) out.push(...lineText(l), "");
  const byType = Object.entries(r.totals.dutyByType).map(([k, v]) => `${k} ${usd(v)}`).join("; ");
  out.push("Entry totals");
  out.push(`  Value:  ${usd(r.totals.value)}`);
  out.push(`  Duty:   ${usd(r.totals.duty)}${byType ? `  (${byType})` : ""}`);
  out.push(`  MPF:    ${usd(r.totals.mpf)}  ${r.fees.mpf.basis}${r.fees.mpf.citation ? ` [${r.fees.mpf.citation}]` : ""}`);
  out.push(`  HMF:    ${usd(r.totals.hmf)}  ${r.fees.hmf.basis}${r.fees.hmf.citation ? ` [${r.fees.hmf.citation}]` : ""}`);
  out.push(`  Total:  ${usd(r.totals.total)}   effective duty rate ${r.totals.effectiveRate}${r.complete ? "" : "   (INCOMPLETE: see warnings)"}`);
  if (r.warnings.length) {
    out.push("", "Warnings");
    for (const w of r.warnings) out.push(`  - ${w}`);
  }
  return out.join("\n");
}
