/**
 * Request and result types of the duty engine. Results carry money as decimal strings in USD
 * ("1234.56"): the contract scripts and the agent read, and what the entry draft copies.
 */
import type { Schedule } from "../../knowledge/schedule.ts";
import type { DutyData } from "../../knowledge/duty-data.ts";
import type { Mode } from "../fees.ts";

/** One line to calculate. `value` (and `metalValue`, `usContentValue`) are in `currency` (default USD). */
export interface DutyLineInput {
  /** Caller's id, echoed in the result (batch lines). */
  id?: string;
  hts: string;
  /** ISO 3166-1 alpha-2 country of origin. */
  origin: string;
  value: string | number;
  /** "n:unit", or several for lines with two units ("12:doz", "3.5:kg"). */
  qty?: string | string[];
  /** Claimed special program indicator (SPI), e.g. "KR", "S", "A". */
  program?: string;
  /** Value of the metal content, for measures levied on it (Section 232 derivatives, copper). */
  metalValue?: string | number;
  /**
   * U.S. content value of a USMCA vehicle whose U.S. content the Secretary of Commerce approved (U.S. notes 33(d),
   * 38(d)): headings 9903.94.03 and 9903.74.03 are charged on the value less it.
   */
  usContentValue?: string | number;
  currency?: string;
  /** USD per unit of `currency`; overrides the rates file. */
  fxRate?: string | number;
  description?: string;
  /** Articles of an ensemble or set whose rate is "the rate applicable to each garment/article": HTS and value of each. */
  components?: { hts: string; value: string | number; qty?: string | string[] }[];
  /** The article a part or accessory belongs to, for rates "of the article of which it is a part or accessory". */
  articleHts?: string;
  /** Polarity of raw sugar in degrees (lab certificate), for the chapter 17 polarity scale. */
  polarity?: string | number;
  /** Values of the parts a rate is levied on ("rifle", "telescopic sight", "lead content"), in the line's currency. */
  partValues?: Record<string, string | number>;
  /** Answers to the importer-only questions chapter 99 rows turn on (knowledge/measures/questions.csv), by key. */
  answers?: Record<string, boolean | string>;
}

/** Entry type: formal (MPF ad valorem with min/max) or informal (flat MPF). */
export type EntryType = "formal" | "informal";

/** A calculation request: one or many lines plus entry-level fields. */
export interface DutyRequest {
  lines: DutyLineInput[];
  /** YYYY-MM-DD; defaults to today by the injected clock. */
  entryDate?: string;
  mode?: Mode;
  entryType?: EntryType;
}

/** What the engine needs, passed explicitly. */
export interface DutyDeps {
  schedule: Schedule;
  dutyData: DutyData;
  /** Today, for the default entry date. */
  clock: () => Date;
}

/** One computed amount of a line, traced to its source. */
export interface DutyComponent {
  kind: "mfn" | "program" | "column2" | "chapter99";
  label: string;
  /** Rate text as printed in the schedule or the measures table. */
  rate: string;
  /** What the rate was applied to, e.g. "6.5% x $10000.00". */
  basis: string;
  amount: string;
  /** Legal source: HTS line and revision, chapter 99 heading and note, program statute. */
  citation: string;
  heading?: string;
}

/** A chapter 99 heading to report with the line. */
export interface Chapter99Line {
  heading: string;
  /** "25%", "floor 15%", "excluded", "review". */
  rate: string;
  amount: string;
  program: string;
  basis: string;
  citation: string;
  measureId: string;
}

/** A program the origin could claim on the line, with what it would save. */
export interface ProgramOption {
  symbol: string;
  name: string;
  rate: string;
  /** MFN duty minus the program's duty, or null when one of them cannot be computed. */
  saving: string | null;
  verify?: string;
}

/** The result for one line. */
export interface DutyLineResult {
  index: number;
  id?: string;
  hts: string;
  description: string;
  revision: string;
  origin: string;
  /** Customs value in USD. */
  value: string;
  currency: string;
  fx?: { currency: string; rate: string; source: string };
  quantities: string[];
  rateColumn: "general" | "special" | "column2";
  /** Rate texts of the line as printed. */
  rates: { general: string; special: string; column2: string };
  components: DutyComponent[];
  chapter99: Chapter99Line[];
  program?: { symbol: string; applies: boolean; reason: string; verify?: string };
  eligiblePrograms: ProgramOption[];
  /** The line's total duty (rounded components summed). */
  amount: string;
  needsManualRate: boolean;
  /** A chapter 99 measure may apply but cannot be computed from data (see warnings). */
  needsReview: boolean;
  warnings: string[];
  notes: string[];
  /** Facts only the importer knows that would change the duty, each with the rate for each answer. */
  questions?: DutyQuestion[];
}

/** A precise question to the importer: the duty computed assumes `assumed`; each answer gives its rate. */
export interface DutyQuestion {
  /** Short key of what is asked ("232 auto parts: USMCA content"), for grouping. */
  topic: string;
  question: string;
  answers: { answer: string; rate: string }[];
  /** The answer the computed duty assumes, when one is assumed. */
  assumed?: string;
}

/** Entry totals, USD decimal strings. */
export interface DutyTotals {
  value: string;
  duty: string;
  /** Duty by type: "MFN" (or the base column) and each chapter 99 program. */
  dutyByType: Record<string, string>;
  mpf: string;
  hmf: string;
  total: string;
  /** Duty as a percentage of value, e.g. "32.5000%". */
  effectiveRate: string;
}

/** The result of a calculation. */
export interface DutyResult {
  entryDate: string;
  mode: Mode | null;
  entryType: EntryType;
  revision: string;
  lines: DutyLineResult[];
  totals: DutyTotals;
  fees: { mpf: { amount: string; basis: string; citation: string }; hmf: { amount: string; basis: string; citation: string } };
  /** False when a line needs a manual rate or review: the totals then leave that part out. */
  complete: boolean;
  warnings: string[];
}
