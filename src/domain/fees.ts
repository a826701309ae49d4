/**
 * Entry-level fees: the Merchandise Processing Fee (formal entries: a percentage of the entry's total
 * value bounded by the fiscal year's minimum and maximum; informal entries: a flat fee) and the Harbor
 * Maintenance Fee (vessel shipments only). Fees are computed on the entry, not per line, and rounded
 * to cents once. The US federal fiscal year starts on October 1; a fiscal year with no figures on file
 * uses the latest earlier year's, with a warning.
 */
import { Dec, ZERO, centsOfFixed, compareFixed, fixedOfDec, formatCents, formatUsd, mulFixed, roundCents, percentOf, type Fixed } from "./money.ts";

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
  for (const row of byFee.get(fee) ?? []) if (row.fiscalYear! <= fy) return { row, exact: row.fiscalYear === fy };
  return null;
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

const NOT_CHARGED = Object.fromEntries(MODES.map((m) => [m, `not charged: mode ${m} (HMF applies to vessel shipments only)`])) as Record<Mode, string>;

/** {@link FeeInputs} with the values in integer cents. */
export interface FeeInputsCents extends Omit<FeeInputs, "mpfValue" | "hmfValue"> {
  mpfCents: number;
  hmfCents: number;
}

/** A fee in integer cents, with its basis text. */
export interface FeeCents {
  cents: number;
  basis: string;
  citation: string;
}

/** "$1,234.56" from integer cents, as {@link formatUsd}. */
export function formatUsdCents(cents: number): string {
  const fixed = formatCents(Math.abs(cents));
  const dot = fixed.length - 3;
  let grouped = fixed.slice(0, dot % 3 || 3);
  for (let i = dot % 3 || 3; i < dot; i += 3) grouped += `,${fixed.slice(i, i + 3)}`;
  return `${cents < 0 ? "-" : ""}$${grouped}${fixed.slice(dot)}`;
}

interface RowFixed {
  rate: Fixed | null;
  rateText: string;
  amount: Fixed | null;
  minimum: Fixed | null;
  maximum: Fixed | null;
}
const rowFixedCache = new WeakMap<FeeRow, RowFixed | null>();
/** A row's figures in fixed point, once per row; null when one is not exact cents (then decimal.js is used). */
function rowFixed(row: FeeRow): RowFixed | null {
  let r = rowFixedCache.get(row);
  if (r === undefined) {
    const cents = (d: Dec | null): Fixed | null | undefined => (d === null ? null : (fixedOfDec(d) ?? undefined));
    const [rate, amount, minimum, maximum] = [row.ratePercent === null ? null : fixedOfDec(row.ratePercent), cents(row.amount), cents(row.minimum), cents(row.maximum)];
    const exact = [amount, minimum, maximum].every((f) => f !== undefined && (f === null || f.s <= 2));
    r = exact && (row.ratePercent === null || rate) ? { rate, rateText: row.ratePercent?.toString() ?? "", amount: amount!, minimum: minimum!, maximum: maximum! } : null;
    rowFixedCache.set(row, r);
  }
  return r;
}

/**
 * {@link computeFees} on integer cents in exact fixed point: the same rows, amounts, texts and warnings.
 * Returns null when a figure leaves the fixed range; the caller then uses {@link computeFees}.
 */
export function computeFeesCents(rows: readonly FeeRow[], input: FeeInputsCents): { mpf: FeeCents; hmf: FeeCents; warnings: string[] } | null {
  const warnings: string[] = [];
  const fy = fiscalYear(input.entryDate);
  let mpf: FeeCents;
  const kind = input.entryType === "informal" ? "mpf_informal" : "mpf_formal";
  const found = rowForYear(rows, kind, fy);
  if (!found) {
    warnings.push(`No ${kind === "mpf_informal" ? "informal" : "formal"}-entry MPF figures on file for FY${fy} or earlier; MPF not computed.`);
    mpf = { cents: 0, basis: "not computed", citation: "" };
  } else {
    const { row, exact } = found;
    const f = rowFixed(row);
    if (!f) return null;
    if (!exact) {
      warnings.push(
        `MPF figures for FY${fy} (entry date ${input.entryDate}) are not on file; used FY${row.fiscalYear}'s (the latest known). Check CBP's published FY${fy} figures.`,
      );
    }
    if (row.status !== "confirmed") warnings.push(`The FY${row.fiscalYear} MPF figures are marked "${row.status}" in knowledge/fees.csv.`);
    if (kind === "mpf_informal") {
      mpf = { cents: centsOfFixed(f.amount!)!, basis: `flat informal-entry fee (FY${row.fiscalYear})`, citation: row.citation };
    } else {
      // value (cents / 100) x percent / 100, unrounded; bounded, then rounded once.
      const raw = mulFixed({ m: input.mpfCents, s: 4 }, f.rate!);
      if (!raw) return null;
      let amount = raw;
      let bound = "";
      const belowMin = f.minimum && compareFixed(raw, f.minimum);
      const aboveMax = f.maximum && compareFixed(raw, f.maximum);
      if (belowMin === null || aboveMax === null) return null;
      if (f.minimum && belowMin < 0) {
        amount = f.minimum;
        bound = ", raised to the minimum";
      } else if (f.maximum && aboveMax > 0) {
        amount = f.maximum;
        bound = ", capped at the maximum";
      }
      const cents = centsOfFixed(amount);
      const rawCents = centsOfFixed(raw);
      if (cents === null || rawCents === null) return null;
      mpf = {
        cents,
        basis: `${f.rateText}% of ${formatUsdCents(input.mpfCents)} = ${formatUsdCents(rawCents)}${bound} (${boundsText(row)})`,
        citation: row.citation,
      };
    }
  }
  let hmf: FeeCents = { cents: 0, basis: NOT_CHARGED[input.mode], citation: "" };
  const hmfRow = input.mode === "vessel" ? rows.find((r) => r.fee === "hmf" && r.effectiveFrom <= input.entryDate) : undefined;
  if (hmfRow) {
    const f = rowFixed(hmfRow);
    const raw = f && mulFixed({ m: input.hmfCents, s: 4 }, f.rate!);
    const cents = raw && centsOfFixed(raw);
    if (cents === null || cents === undefined) return null;
    hmf = { cents, basis: `${f!.rateText}% of ${formatUsdCents(input.hmfCents)}`, citation: hmfRow.citation };
  }
  return { mpf, hmf, warnings };
}

/** Constructs Dec from an optional CSV cell. */
export function decOrNull(cell: string | undefined): Dec | null {
  return cell === undefined || cell.trim() === "" ? null : new Dec(cell.trim());
}
