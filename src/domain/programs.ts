/**
 * Special tariff programs (the symbols of the Special column). A claimed program applies only when the
 * line lists its symbol, the program is in force on the entry date and the origin is a partner; where
 * the partner list is not known as data (GSP, AGOA, CBERA, ...) the engine says eligibility must be
 * verified instead of guessing. The table is knowledge/programs.csv.
 */
import type { SpecialRate } from "./rates/rate-types.ts";

/** One program of knowledge/programs.csv. */
export interface Program {
  symbol: string;
  name: string;
  /** ISO alpha-2 partner codes; "*" for any origin; null when the list is not known as data. */
  partners: "*" | ReadonlySet<string> | null;
  status: "active" | "lapsed" | "ended" | "verify";
  effectiveFrom: string;
  /** Last day in force, or null while open-ended. */
  effectiveTo: string | null;
  /** Whether originating goods are exempt from MPF: "yes", "no" or "verify". */
  mpfExempt: "yes" | "no" | "verify";
  legalReference: string;
  notes: string;
}

/** The outcome of checking a program for a line. */
export interface ProgramAssessment {
  symbol: string;
  name?: string;
  applies: boolean;
  /** Why it applies or not, in a sentence a broker can read. */
  reason: string;
  /** The Special-column rate group that would apply. */
  group?: SpecialRate;
  /** Set when the program applies only if a fact the data lacks is verified. */
  verify?: string;
  program?: Program;
}

/** The Special group listing a symbol; a bare claim "A" also matches a printed "A*" or "A+". */
export function findGroup(groups: readonly SpecialRate[], symbol: string): { group: SpecialRate; printed: string } | null {
  for (const group of groups) if (group.programs.includes(symbol)) return { group, printed: symbol };
  if (!/[*+]$/.test(symbol)) {
    for (const group of groups) {
      const printed = group.programs.find((p) => p === `${symbol}*` || p === `${symbol}+`);
      if (printed) return { group, printed };
    }
  }
  return null;
}

/** Checks a claimed program for a line (its Special groups), origin and entry date. */
export function assessProgram(
  programs: ReadonlyMap<string, Program>,
  claimed: string,
  groups: readonly SpecialRate[],
  origin: string,
  date: string,
): ProgramAssessment {
  const symbol = claimed.trim().toUpperCase();
  const found = findGroup(groups, symbol);
  const program = programs.get(found?.printed ?? symbol) ?? programs.get(symbol);
  if (!program) return { symbol, applies: false, reason: `"${symbol}" is not a special program indicator Tollgate knows (see knowledge/programs.csv).` };
  // Built without object spreads: a claim is assessed on every line that makes one.
  const printed = found?.printed ?? symbol;
  const no = (reason: string): ProgramAssessment => ({ symbol: printed, name: program.name, program, applies: false, reason });
  if (!found) {
    const listed = [...new Set(groups.flatMap((g) => g.programs))];
    return no(`${program.name} (${symbol}) is not listed in this line's Special column${listed.length ? ` (it lists ${listed.join(", ")})` : " (the column is empty)"}.`);
  }
  if (program.effectiveFrom > date) return no(`${program.name} was not in force on ${date} (from ${program.effectiveFrom}).`);
  if (program.effectiveTo !== null && date > program.effectiveTo) {
    return no(`${program.name} ${program.status === "lapsed" ? "lapsed" : "ended"} on ${program.effectiveTo}; it gives no preference on ${date}.`);
  }
  if (program.partners !== "*" && program.partners !== null && !program.partners.has(origin)) {
    return no(`Origin ${origin} is not a partner of ${program.name} (partners: ${[...program.partners].join(", ")}).`);
  }
  const result: ProgramAssessment = {
    symbol: printed,
    name: program.name,
    program,
    group: found.group,
    applies: true,
    reason: `${program.name} (${printed}) is listed for this line and ${origin} qualifies as origin; the goods must meet its rules of origin and documentation.`,
  };
  if (program.partners === null || program.status === "verify" || printed !== symbol) {
    const checks: string[] = [];
    if (program.partners === null) checks.push(`the beneficiary list of ${program.name} is not available as data: verify that ${origin} is a beneficiary on ${date}`);
    if (program.status === "verify") checks.push(`verify that ${program.name} is authorized on ${date}`);
    if (printed !== symbol) checks.push(`the line prints "${printed}", which excludes certain beneficiaries for this subheading`);
    result.verify = `${checks.join("; ")}.`;
  }
  return result;
}

/**
 * Programs the origin could claim on a line (without a claim): listed symbols whose program is in force
 * on the date and whose known partner list includes the origin.
 */
export function eligiblePrograms(
  programs: ReadonlyMap<string, Program>,
  groups: readonly SpecialRate[],
  origin: string,
  date: string,
): ProgramAssessment[] {
  const out: ProgramAssessment[] = [];
  for (const group of groups) {
    for (const symbol of group.programs) {
      const program = programs.get(symbol);
      if (!program || program.partners === null || program.partners === "*") continue;
      if (!program.partners.has(origin)) continue;
      const a = assessProgram(programs, symbol, groups, origin, date);
      if (a.applies) out.push(a);
    }
  }
  return out;
}

/** A program symbol printed on a line whose partner list is known: the line-only part of {@link eligiblePrograms}. */
export interface ProgramCandidate {
  symbol: string;
  program: Program & { partners: ReadonlySet<string> };
  /** The group {@link assessProgram} would report (the first listing the symbol). */
  group: SpecialRate;
}

/**
 * A line's {@link ProgramCandidate}s grouped by partner country (each list in {@link eligiblePrograms}
 * order), or null when the line prints none: the engine then looks up the origin instead of testing
 * every printed program's partner list.
 */
export function candidatesByPartner(candidates: readonly ProgramCandidate[]): ReadonlyMap<string, ProgramCandidate[]> | null {
  if (candidates.length === 0) return null;
  const out = new Map<string, ProgramCandidate[]>();
  for (const c of candidates) {
    for (const country of c.program.partners) {
      const list = out.get(country);
      if (list) list.push(c);
      else out.set(country, [c]);
    }
  }
  return out;
}

/** Computes a line's {@link ProgramCandidate}s once, in the order {@link eligiblePrograms} visits them. */
export function programCandidates(programs: ReadonlyMap<string, Program>, groups: readonly SpecialRate[]): ProgramCandidate[] {
  const out: ProgramCandidate[] = [];
  for (const group of groups) {
    for (const symbol of group.programs) {
      const program = programs.get(symbol);
      if (!program || program.partners === null || program.partners === "*") continue;
      out.push({ symbol, program: program as ProgramCandidate["program"], group: findGroup(groups, symbol)!.group });
    }
  }
  return out.length === 0 ? NO_CANDIDATES : out;
}

/** Shared by the many lines printing no such program (never mutated). */
const NO_CANDIDATES: ProgramCandidate[] = [];

/**
 * {@link eligiblePrograms} from precomputed candidates: the same programs, rates and verify texts. The
 * symbol is printed on the line exactly and the partner list is known, so of assessProgram's checks only
 * the partner, the dates and the program's own status remain.
 */
export function eligibleFrom(candidates: readonly ProgramCandidate[], origin: string, date: string): { candidate: ProgramCandidate; verify?: string }[] {
  const out: { candidate: ProgramCandidate; verify?: string }[] = [];
  for (const c of candidates) {
    const p = c.program;
    if (!p.partners.has(origin) || p.effectiveFrom > date || (p.effectiveTo !== null && date > p.effectiveTo)) continue;
    out.push(p.status === "verify" ? { candidate: c, verify: `verify that ${p.name} is authorized on ${date}.` } : { candidate: c });
  }
  return out;
}
