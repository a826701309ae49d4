/**
 * Entry-level fees: the Merchandise Processing Fee (formal entries: a percentage of the entry's total
 * value bounded by the fiscal year's minimum and maximum; informal entries: a flat fee) and the Harbor
 * Maintenance Fee (vessel shipments only). Fees are computed on the entry, not per line, and rounded
 * to cents once. The US federal fiscal year starts on October 1; a fiscal year with no figures on file
 * uses the latest earlier year's, with a warning.
 */
import { Dec, ZERO, formatUsd, roundCents, percentOf } from "./money.ts";

/** One fee row of knowledge/fees.csv. */
export interface FeeRow {
  fee: "mpf_formal" | "mpf_informal" | "hmf";
  /** Fiscal year, or null for a statutory rate that does not change by year. */
  fiscalYear: number | null;
  effectiveFrom: string;
  ratePercent: Dec | null;
  amount: Dec | null;
  minimum: Dec | null;
  maximum: Dec | null;
  citation: string;
  status: string;
}

/** Modes of transport; HMF applies to vessel shipments only. */
export const MODES = ["vessel", "air", "truck", "rail", "mail", "other"] as const;
/** A mode of transport. */
export type Mode = (typeof MODES)[number];

/** A computed fee with how it was computed. */
export interface FeeAmount {
  amount: Dec;
  /** e.g. "0.3464% of $10,000.00 = $34.64, within FY2026 min $33.58 / max $651.50". */
  basis: string;
  citation: string;
  fiscalYear?: number;
}

/** All fees of an entry. */
export interface EntryFees {
  mpf: FeeAmount;
  hmf: FeeAmount;
  warnings: string[];
}

/** The US federal fiscal year of a date (FY2027 began 2026-10-01). */
export function fiscalYear(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 10 ? year + 1 : year;
}

// Fee rows sorted newest fiscal year first, per fee, computed once per loaded table.
const sortedCache = new WeakMap<readonly FeeRow[], Map<string, FeeRow[]>>();

function rowForYear(rows: readonly FeeRow[], fee: FeeRow["fee"], fy: number): { row: FeeRow; exact: boolean } | null {
  let byFee = sortedCache.get(rows);
  if (!byFee) {
    byFee = new Map();
    for (const r of rows) if (r.fiscalYear !== null) byFee.set(r.fee, [...(byFee.get(r.fee) ?? []), r]);
    for (const list of byFee.values()) list.sort((a, b) => b.fiscalYear! - a.fiscalYear!);
    sortedCache.set(rows, byFee);
  }
  const row = byFee.get(fee)?.find((r) => r.fiscalYear! <= fy);
  return row ? { row, exact: row.fiscalYear === fy } : null;
}

const boundsCache = new WeakMap<FeeRow, string>();
/** "FY2026 min $33.58, max $651.50", formatted once per row. */
function boundsText(row: FeeRow): string {
  let text = boundsCache.get(row);
  if (text === undefined) {
    text = `FY${row.fiscalYear} min ${formatUsd(row.minimum ?? ZERO)}, max ${formatUsd(row.maximum ?? ZERO)}`;
    boundsCache.set(row, text);
  }
  return text;
}

/** Inputs of {@link computeFees}. */
export interface FeeInputs {
  /** Entry value that MPF is charged on (lines exempt from MPF already left out). */
  mpfValue: Dec;
  /** Entry value that HMF is charged on. */
  hmfValue: Dec;
  entryDate: string;
  mode: Mode;
  entryType: "formal" | "informal";
}

/** Computes MPF and HMF for an entry. */
export function computeFees(rows: readonly FeeRow[], input: FeeInputs): EntryFees {
  const warnings: string[] = [];
  const fy = fiscalYear(input.entryDate);
  let mpf: FeeAmount;
  const kind = input.entryType === "informal" ? "mpf_informal" : "mpf_formal";
  const found = rowForYear(rows, kind, fy);
  if (!found) {
    warnings.push(`No ${kind === "mpf_informal" ? "informal" : "formal"}-entry MPF figures on file for FY${fy} or earlier; MPF not computed.`);
    mpf = { amount: ZERO, basis: "not computed", citation: "" };
  } else {
    const { row, exact } = found;
    if (!exact) {
      warnings.push(
        `MPF figures for FY${fy} (entry date ${input.entryDate}) are not on file; used FY${row.fiscalYear}'s (the latest known). Check CBP's published FY${fy} figures.`,
      );
    }
    if (row.status !== "confirmed") warnings.push(`The FY${row.fiscalYear} MPF figures are marked "${row.status}" in knowledge/fees.csv.`);
    if (kind === "mpf_informal") {
      mpf = { amount: row.amount!, basis: `flat informal-entry fee (FY${row.fiscalYear})`, citation: row.citation, fiscalYear: row.fiscalYear! };
    } else {
      const raw = percentOf(input.mpfValue, row.ratePercent!);
      let amount = raw;
      let bound = "";
      if (row.minimum && amount.lt(row.minimum)) {
        amount = row.minimum;
        bound = ", raised to the minimum";
      } else if (row.maximum && amount.gt(row.maximum)) {
        amount = row.maximum;
        bound = ", capped at the maximum";
      }
      amount = roundCents(amount);
      mpf = {
        amount,
        basis: `${row.ratePercent!.toString()}% of ${formatUsd(input.mpfValue)} = ${formatUsd(roundCents(raw))}${bound} (${boundsText(row)})`,
        citation: row.citation,
        fiscalYear: row.fiscalYear!,
      };
    }
  }
  let hmf: FeeAmount = { amount: ZERO, basis: `not charged: mode ${input.mode} (HMF applies to vessel shipments only)`, citation: "" };
  const hmfRow = rows.find((r) => r.fee === "hmf" && r.effectiveFrom <= input.entryDate);
  if (input.mode === "vessel" && hmfRow) {
    const amount = roundCents(percentOf(input.hmfValue, hmfRow.ratePercent!));
    hmf = { amount, basis: `${hmfRow.ratePercent!.toString()}% of ${formatUsd(input.hmfValue)}`, citation: hmfRow.citation };
  }
  return { mpf, hmf, warnings };
}

/** Constructs Dec from an optional CSV cell. */
export function decOrNull(cell: string | undefined): Dec | null {
  return cell === undefined || cell.trim() === "" ? null : new Dec(cell.trim());
}
