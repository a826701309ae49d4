/**
 * Puts a duty calculation on a draft: each line's rate, duty and chapter 99 additions (blocks 29,
 * 33, 34), the MPF and HMF (block 39 fee summary) and the totals (blocks 35-40). The calculation
 * itself is the duty engine's, passed in as a function so drafting does not depend on how it is
 * built; lines without an HTS number or a value are left out and keep null duty (they already carry
 * missing-data warnings). Money is added with decimal.js, never binary floats.
 */
import { groupWarnings, type LineWarnings } from "../domain/duty/group-warnings.ts";
import { Decimal } from "decimal.js";
import type { EntryDraft, EntryWarning } from "../domain/entry/model.ts";
import { isUserError } from "../errors.ts";

/** One line of a duty request, as the `calculate_duty` tool takes it. */
export interface DutyRequestLine {
  hts: string;
  origin: string;
  value: string;
  qty?: string;
  currency?: string;
}

/** A duty request. */
export interface DutyRequest {
  lines: DutyRequestLine[];
  entryDate?: string;
  mode?: string;
  /** Informal entries (type 11) pay a flat MPF. */
  entryType?: "formal" | "informal";
}

/** The parts of the duty engine's result the draft uses. Amounts are decimal strings. */
export interface DutyResultLike {
  lines: Array<{
    hts: string;
    /** Total duty of the line, chapter 99 amounts included. */
    amount: string;
    rate?: string;
    chapter99?: Array<{ heading: string; rate: string; amount: string }>;
    /** Problems with this line (manual rate needed, measure unconfirmed, AD/CVD exposure). */
    warnings?: string[];
  }>;
  totals: { duty: string; mpf: string; hmf: string; total: string };
  /** Entry-level warnings (fees, totals); line warnings belong on the lines. */
  warnings?: string[];
}

/** The duty engine, injected. */
export type CalculateDutyFn = (request: DutyRequest) => Promise<DutyResultLike>;

const MODE_BY_CODE: Record<string, string> = { "10": "vessel", "11": "vessel", "12": "vessel", "40": "air", "41": "air", "30": "truck", "31": "truck", "20": "rail", "21": "rail" };

/** Builds the request for the draft's complete lines; `index[i]` is the draft line of request line i. */
export function dutyRequestFor(draft: EntryDraft): { request: DutyRequest; index: number[] } {
  const index: number[] = [];
  const lines: DutyRequestLine[] = [];
  draft.lines.forEach((l, i) => {
    if (l.hts === null || l.enteredValue === null || l.countryOfOrigin === null) return;
    index.push(i);
    lines.push({
      hts: l.hts,
      origin: l.countryOfOrigin,
      value: l.enteredValue,
      ...(l.netQuantity ? { qty: `${l.netQuantity.value}:${l.netQuantity.unit}` } : {}),
      currency: "USD",
    });
  });
  const mode = draft.header.modeOfTransport ? MODE_BY_CODE[draft.header.modeOfTransport] : undefined;
  return {
    request: {
      lines,
      ...(draft.header.entryDate ? { entryDate: draft.header.entryDate } : {}),
      ...(mode ? { mode } : {}),
      entryType: draft.header.entryType === "11" ? "informal" : "formal",
    },
    index,
  };
}

const sum = (xs: Array<string | null>): Decimal => xs.reduce((acc: Decimal, x) => (x === null ? acc : acc.plus(x)), new Decimal(0));
const money = (d: Decimal): string => d.toFixed(2, Decimal.ROUND_HALF_UP);

/**
 * Recalculates duty and fees. Returns the updated draft and the warnings the calculation produced
 * (a refused calculation becomes a `duty` warning, with duty left blank, so drafting still works).
 */
export async function applyDuty(draft: EntryDraft, calculateDuty: CalculateDutyFn): Promise<{ draft: EntryDraft; warnings: EntryWarning[] }> {
  const { request, index } = dutyRequestFor(draft);
  const warnings: EntryWarning[] = [];
  const lines = draft.lines.map((l) => ({ ...l, duty: null as string | null, chapter99: [] as EntryDraft["lines"][number]["chapter99"] }));
  let fees: EntryDraft["fees"] = [];
  if (request.lines.length > 0) {
    try {
      const result = await calculateDuty(request);
      const perLine: LineWarnings[] = [];
      const lineTexts = new Set<string>();
      result.lines.forEach((r, i) => {
        const target = lines[index[i]!];
        if (!target) return;
        target.chapter99 = (r.chapter99 ?? []).map((c) => ({ heading: c.heading, rate: c.rate, amount: money(new Decimal(c.amount)) }));
        // Block 34 shows the base duty beside the line and each chapter 99 amount on its own row.
        const extra = sum(target.chapter99.map((c) => c.amount));
        target.duty = money(new Decimal(r.amount).minus(extra));
        if (r.rate) target.rate = r.rate;
        // AD/CVD exposure is reported by the draft review with the case named; skip the engine's copy.
        perLine.push({ line: target.lineNumber, warnings: (r.warnings ?? []).filter((x) => !/^AD\/CVD exposure/i.test(x)) });
        for (const w of r.warnings ?? []) lineTexts.add(w);
      });
      // A warning several lines share is given once with their numbers.
      for (const g of groupWarnings(perLine)) warnings.push({ code: "duty", line: g.lines[0]!, message: g.text });
      fees = [
        { code: "499", name: "Merchandise Processing Fee", amount: money(new Decimal(result.totals.mpf)) },
        { code: "501", name: "Harbor Maintenance Fee", amount: money(new Decimal(result.totals.hmf)) },
      ].filter((f) => !new Decimal(f.amount).isZero());
      // Entry-level warnings only: the result's line warnings were grouped above with the draft's line numbers.
      for (const w of result.warnings ?? []) if (!lineTexts.has(w) && !/^Lines? \d/.test(w)) warnings.push({ code: "duty", message: w });
    } catch (err) {
      if (!isUserError(err)) throw err;
      warnings.push({ code: "duty", message: `Duty was not calculated: ${err.message}` });
    }
  }
  if (index.length < draft.lines.length) {
    warnings.push({ code: "duty", message: `Duty covers ${index.length} of ${draft.lines.length} lines; lines without an HTS number, origin or value are not calculated.` });
  }
  const duty = sum(lines.flatMap((l) => [l.duty, ...l.chapter99.map((c) => c.amount)]));
  const other = sum(fees.map((f) => f.amount));
  return {
    draft: {
      ...draft,
      lines,
      fees,
      totals: {
        enteredValue: money(sum(lines.map((l) => l.enteredValue))),
        duty: money(duty),
        tax: "0.00",
        other: money(other),
        total: money(duty.plus(other)),
      },
    },
    warnings,
  };
}
