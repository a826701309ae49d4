/**
 * The chapter 99 part of a line: every measure in force on the entry date for the line and origin,
 * in exact fixed point (see money.ts), each amount rounded once to cents. Split from calculate-line.ts,
 * which calls it after the base duty; the decimal.js twin is in reference-line.ts.
 */
import { InputError } from "../../errors.ts";
import type { DutyData } from "../../knowledge/duty-data.ts";
import { addFixed, centsOfFixed, compareFixed, formatCents, formatPercent, mulFixed, need, safeSum, usdCents, type Fixed } from "../money.ts";
import { exclusionOn, type Measure } from "../measures.ts";
import { fullValueWarning, metalValueUnused, usContentQuestion } from "./metal-content.ts";
import { exclusionsOf, measureFacts, type LinePlan } from "./line-plan.ts";
import type { Chapter99Line, DutyComponent, DutyLineInput, DutyQuestion } from "./types.ts";
import { charges, questionWarning, selectForLine } from "./conditions.ts";

export { charges };

/** What the measures need from the line being calculated; components and duty types are appended to. */
export interface MeasureContext {
  data: DutyData;
  plan: LinePlan;
  origin: string;
  date: string;
  input: DutyLineInput;
  fxRate: Fixed;
  valueCents: number;
  /** valueCents as formatCents prints it. */
  valueText: string;
  /** The base duty, unrounded, or null when it needs a manual rate. */
  base: Fixed | null;
  warnings: string[];
  notes: string[];
  components: DutyComponent[];
  types: string[];
  typeCents: number[];
}

/** Applies the chapter 99 measures to a line, returning its chapter 99 lines and whether one needs review. */
export function applyMeasures(ctx: MeasureContext): { lines: Chapter99Line[]; review: boolean; questions: DutyQuestion[] } {
  const { plan, origin, date, input, valueCents, warnings, notes } = ctx;
  const line = plan.line;
  const selected = selectForLine(ctx.data.measures.matchFrom(plan.measures, line.digits, origin, date), input, ctx.data.questions);
  const found = selected.matches;
  for (const q of selected.questions) warnings.push(questionWarning(q));
  const out: Chapter99Line[] = [];
  let questions = selected.questions;
  let usedMetal = false;
  let review = false;
  // Only measures that charge something displace others; a coverage-list "review" row is not proof the measure applies.
  const charging: string[] = [];
  for (const m of found) if (charges(m.measure)) charging.push(m.measure.program);
  for (const { measure: m, entry } of found) {
    let displacedBy: string | undefined;
    for (const p of m.excludedByPrograms) if (p !== m.program && charging.includes(p)) displacedBy ??= p;
    if (displacedBy) {
      notes.push(`${m.heading} (${m.program}) not applied: goods subject to ${displacedBy} are excepted from it.`);
      continue;
    }
    const exclusion = m.exclusionLists.length === 0 ? null : exclusionOn(exclusionsOf(plan, m), date);
    if (exclusion) {
      add(ctx, out, m, "excluded", ZERO_FIXED, `exclusion of ${m.heading} through ${exclusion.entry.effectiveTo ?? "open"}`, exclusion.entry.heading ?? m.heading);
      warnings.push(
        `${m.program} ${m.heading} not charged: ${line.code} is listed under exclusion ${exclusion.entry.heading ?? ""} (in effect through ${exclusion.entry.effectiveTo ?? "?"}); the exclusion covers only products matching its description in the U.S. note: confirm the goods match.`,
      );
      continue;
    }
    if (entry?.partial) warnings.push(`${m.program} ${m.heading}: coverage of ${line.code.slice(0, 10)} is limited to certain statistical lines or product descriptions; verify the goods are covered.`);
    const facts = measureFacts(m);
    const { percent, rateText } = facts;
    switch (m.rate.kind) {
      case "percent": {
        if (m.basis === "content" && input.metalValue === undefined) {
          warnings.push(fullValueWarning(m, line.code));
          add(ctx, out, m, rateText, percentOfCents(valueCents, need(percent)), `${facts.valuePrefix}${ctx.valueText} (full value: metal content not declared)`);
        } else if (m.basis === "non-us-content") {
          // U.S. notes 33(d), 38(d): the rate applies to the value less the approved U.S. content; asked for while not given.
          if (input.usContentValue === undefined) {
            const q = usContentQuestion(m, line.code);
            questions = [...questions, q];
            warnings.push(`Question for the importer (${q.topic}): ${q.question}`);
            add(ctx, out, m, rateText, percentOfCents(valueCents, need(percent)), `${facts.valuePrefix}${ctx.valueText} (full value: U.S. content not given)`);
          } else {
            const us = usdCents(input.usContentValue, "usContentValue", ctx.fxRate);
            if (us > valueCents) throw new InputError(`usContentValue (${formatCents(us)} USD) cannot exceed the line value (${formatCents(valueCents)} USD).`, "invalid_number");
            const nonUs = valueCents - us;
            add(ctx, out, m, rateText, percentOfCents(nonUs, need(percent)), `${rateText} x $${formatCents(nonUs)} (value less U.S. content $${formatCents(us)})`);
          }
        } else if (m.basis === "content") {
          usedMetal = true;
          const metal = usdCents(input.metalValue!, "metalValue", ctx.fxRate);
          if (metal > valueCents) throw new InputError(`metalValue (${formatCents(metal)} USD) cannot exceed the line value (${formatCents(valueCents)} USD).`, "invalid_number");
          add(ctx, out, m, rateText, percentOfCents(metal, need(percent)), `${rateText} x $${formatCents(metal)} (metal content)`);
        } else {
          add(ctx, out, m, rateText, percentOfCents(valueCents, need(percent)), facts.valuePrefix + ctx.valueText);
        }
        break;
      }
      case "floor":
      case "floorMet": {
        if (ctx.base === null) {
          review = true;
          warnings.push(facts.needsBase);
          break;
        }
        const floor = percentOfCents(valueCents, need(percent));
        const below = need(compareFixed(ctx.base, floor)) < 0;
        if (m.rate.kind === "floor" && below) {
          add(ctx, out, m, rateText, need(addFixed(floor, { m: -ctx.base.m, s: ctx.base.s })), `${formatPercent(m.rate.percent)} x $${ctx.valueText} less column 1 duty`);
        }
        if (m.rate.kind === "floorMet" && !below && valueCents !== 0) add(ctx, out, m, rateText, ZERO_FIXED, "column 1 duty already at or above the floor");
        break;
      }
      case "review":
        review = true;
        warnings.push(facts.review);
        break;
    }
  }
  // Said only where a metals measure charged the line on its full value, the case where the content was meant for it.
  if (input.metalValue !== undefined && !usedMetal && out.some((l) => l.program === "Section 232")) notes.push(metalValueUnused(date));
  return { lines: out, review, questions };
}

const ZERO_FIXED: Fixed = { m: 0, s: 0 };

/** Reports a chapter 99 amount, rounded once to cents, on the line (a module function: no closure per line). */
function add(ctx: MeasureContext, out: Chapter99Line[], m: Measure, rate: string, amount: Fixed, basis: string, heading = m.heading): void {
  // Unconfirmed figures are flagged only for measures actually reported on the line.
  const unconfirmed = measureFacts(m).unconfirmed;
  if (unconfirmed !== null) ctx.warnings.push(unconfirmed);
  const cents = need(centsOfFixed(amount));
  const text = formatCents(cents);
  out.push({ heading, rate, amount: text, program: m.program, basis, citation: m.citation, measureId: m.id });
  ctx.components.push({ kind: "chapter99", label: m.program, heading, rate, basis, amount: text, citation: m.citation });
  const at = ctx.types.indexOf(m.program);
  if (at < 0) {
    ctx.types.push(m.program);
    ctx.typeCents.push(cents);
  } else ctx.typeCents[at] = need(safeSum(ctx.typeCents[at]!, cents));
}

/** `percent` % of an amount in cents, unrounded: cents / 100 x percent / 100. */
function percentOfCents(cents: number, percent: Fixed): Fixed {
  return need(mulFixed({ m: cents, s: 4 }, percent));
}
