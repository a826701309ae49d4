/**
 * Chapter 99 rows that turn on a fact only the importer knows (whether a part qualifies under USMCA, whether
 * a cabinet is wooden, whether a UK car is entered within the quota). Each such row names a question of
 * knowledge/measures/questions.csv and the answer it applies under; the rows of both answers are in the
 * table. With the answer given (`answers` on the line), the matching rows apply. Without it, the rows of
 * the assumed answer apply (the treatment absent a claim or certification) and the line carries the
 * question with the heading and rate each answer leads to.
 */
import type { Measure, MeasureMatch, MeasureQuestion } from "../measures.ts";
import { measureFacts } from "./line-plan.ts";
import type { DutyLineInput, DutyQuestion } from "./types.ts";

/** The answer given on the line for a question key, or undefined. */
export function answerOf(input: DutyLineInput, key: string): boolean | undefined {
  const a = input.answers?.[key];
  if (a === undefined || a === null) return undefined;
  if (typeof a === "boolean") return a;
  const t = String(a).trim().toLowerCase();
  if (t === "yes" || t === "true" || t === "y") return true;
  if (t === "no" || t === "false" || t === "n") return false;
  return undefined;
}

/**
 * The answer given for a question: in `answers`, or "yes" when the line gives the input the question names as
 * implying it (a U.S. content value is given only for a vehicle whose U.S. content was approved).
 */
function givenAnswer(input: DutyLineInput, key: string, questions: ReadonlyMap<string, MeasureQuestion>): boolean | undefined {
  const a = answerOf(input, key);
  if (a !== undefined) return a;
  const implied = questions.get(key)?.impliedBy;
  return implied && input[implied] !== undefined ? true : undefined;
}

/**
 * Keeps the unconditional matches and the conditional ones whose answer holds, and returns the questions
 * left open (none when every answer was given). Matches are returned in their order.
 */
export function selectByAnswers(
  matches: readonly MeasureMatch[],
  input: DutyLineInput,
  questions: ReadonlyMap<string, MeasureQuestion>,
): { matches: MeasureMatch[]; questions: DutyQuestion[] } {
  let conditional = false;
  for (const m of matches) if (m.measure.condition) conditional = true;
  if (!conditional) return { matches: matches as MeasureMatch[], questions: NONE };
  const kept: MeasureMatch[] = [];
  const open = new Map<string, { q: MeasureQuestion; assumed: boolean; yes: string[]; no: string[] }>();
  for (const m of matches) {
    const conds = m.measure.condition;
    if (!conds) {
      kept.push(m);
      continue;
    }
    let holds = true;
    for (const c of conds) if (c.answer !== (givenAnswer(input, c.key, questions) ?? assumedOn(m, c.key, questions))) holds = false;
    // A row's rate is listed under an open question's answer when the row's other conditions hold.
    for (const c of conds) {
      if (givenAnswer(input, c.key, questions) !== undefined) continue;
      let others = true;
      for (const d of conds) if (d !== c && d.answer !== (givenAnswer(input, d.key, questions) ?? assumedOn(m, d.key, questions))) others = false;
      // A question is open only when some row's other conditions hold (a UK article declared UK-melted is not
      // asked about U.S.-melted metal, which changes nothing for it).
      if (!others) continue;
      let o = open.get(c.key);
      if (!o) open.set(c.key, (o = { q: questions.get(c.key)!, assumed: assumedOn(m, c.key, questions), yes: [], no: [] }));
      (c.answer ? o.yes : o.no).push(measureFacts(m.measure).headingRate);
    }
    if (holds) kept.push(m);
  }
  const out: DutyQuestion[] = [];
  for (const { q, assumed, yes, no } of open.values()) {
    out.push({
      topic: q.key,
      question: q.question,
      answers: [
        { answer: "yes", rate: yes.length ? yes.join("; ") : "no additional duty under these headings" },
        { answer: "no", rate: no.length ? no.join("; ") : "no additional duty under these headings" },
      ],
      assumed: assumed ? "yes" : "no",
    });
  }
  return { matches: kept, questions: out };
}

/**
 * Whether a measure charges, and so displaces measures that except its goods: not a "review" row, nor a 0%
 * heading reported for goods outside a program (9903.94.06, 9903.76.04: other measures apply to them as usual).
 */
export function charges(m: Measure): boolean {
  return m.rate.kind !== "review" && !(m.rate.kind === "percent" && m.rate.percent.isZero());
}

/**
 * {@link selectByAnswers}, with the questions of rows another charging program displaces left out: a bus of
 * note 38 is not subject to the note 16 metals duties, so note 16's questions are not asked about it.
 */
export function selectForLine(
  matches: readonly MeasureMatch[],
  input: DutyLineInput,
  questions: ReadonlyMap<string, MeasureQuestion>,
): { matches: MeasureMatch[]; questions: DutyQuestion[] } {
  const first = selectByAnswers(matches, input, questions);
  if (first.questions.length === 0) return first;
  const charging = new Set<string>();
  for (const m of first.matches) if (charges(m.measure)) charging.add(m.measure.program);
  const live = matches.filter((m) => !m.measure.excludedByPrograms.some((p) => p !== m.measure.program && charging.has(p)));
  if (live.length === matches.length) return first;
  return { matches: first.matches, questions: selectByAnswers(live, input, questions).questions };
}

/** The answer a row assumes for a question when none is given: the row's own, else the question's. */
function assumedOn(m: MeasureMatch, key: string, questions: ReadonlyMap<string, MeasureQuestion>): boolean {
  return m.measure.assume?.get(key) ?? questions.get(key)!.assumed;
}

/** The warning text of an open question. */
export function questionWarning(q: DutyQuestion): string {
  return `Question for the importer (${q.topic}): ${q.question} Computed as "${q.assumed}" (give answers.${q.topic}). If yes: ${q.answers[0]!.rate}. If no: ${q.answers[1]!.rate}.`;
}

const NONE: DutyQuestion[] = [];
