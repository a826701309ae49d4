/**
 * Structured forms of the rate texts printed in the schedule's General, Special and Column 2 columns.
 * Every text parses to one of these; a text the parser cannot model becomes `{ kind: "unparsed" }`,
 * which the duty engine reports as "needs manual rate" instead of treating it as zero.
 */
import type { Dec } from "../money.ts";

/** A percentage of a value: the customs value, or a named part of it ("on the case", "on the value of the lead content"). */
export interface AdValoremTerm {
  type: "adValorem";
  percent: Dec;
  /** The part of the article the percentage is levied on when it is not the whole value, as printed. */
  on?: string;
}

/** An amount per unit of quantity ("2.2¢/kg", "$5.10/doz.", "30¢ each"), in US dollars. */
export interface SpecificTerm {
  type: "specific";
  /** Dollars per unit (cents already divided by 100). */
  amount: Dec;
  /** Schedule unit spelling the quantity must be in: kg, g, t, liters, pf.liters, No., doz., pairs, m2, bbl, ... */
  unit: string;
  /** Quantity qualifier as printed ("on drained weight", "of total sugars", "on copper content", "over 7"). */
  on?: string;
}

/**
 * Raw sugar polarity scale (chapter 17): `base` per kg less `perDegree` per kg for each degree under 100
 * degrees, but not less than `floor` per kg.
 */
export interface PolarityTerm {
  type: "polarity";
  base: Dec;
  perDegree: Dec;
  floor: Dec;
  unit: string;
}

/** One summand of a rate. */
export type RateTerm = AdValoremTerm | SpecificTerm | PolarityTerm;

/** A parsed rate text. */
export type RateExpr =
  | { kind: "free"; text: string; note?: string }
  /** Sum of terms ("37.5¢/kg + 14.9%"), optionally bounded ("but not less than ..."). */
  | { kind: "formula"; text: string; terms: RateTerm[]; minimum?: RateTerm[]; maximum?: RateTerm[]; note?: string }
  /**
   * Chapter 99 form: "The duty provided in the applicable subheading + 25%". `percent` is added to the
   * underlying duty (0 for a bare "The duty provided in the applicable subheading"; negative for
   * "minus 0.5%"); `on` names a content basis ("steel content").
   */
  | { kind: "additional"; text: string; percent: Dec; on?: string; base?: string }
  /** Chapter 99 "No change": the underlying rate stands. */
  | { kind: "noChange"; text: string }
  /** The rate is that of another provision ("The rate applicable to the natural juice in heading 2009"). */
  | { kind: "reference"; text: string; to: string }
  /** Could not be modelled: needs a manual rate. */
  | { kind: "unparsed"; text: string };

/** One rate of the Special column with the program symbols it applies to. */
export interface SpecialRate {
  rate: RateExpr;
  /** Program symbols as printed ("A*", "S+", "KR"); empty when the column prints a rate without a list. */
  programs: string[];
}

/** All three columns of a line, parsed. */
export interface ParsedRates {
  general: RateExpr | null;
  special: SpecialRate[];
  /** Set when the Special column held text outside any recognised rate/program group. */
  specialUnparsed?: string;
  column2: RateExpr | null;
}
