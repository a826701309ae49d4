/**
 * Section 232 duties levied on the value of the metal content (steel, aluminum and copper derivatives)
 * when the importer has not declared that value. CBP's instructions for the derivatives charged on
 * content (CSMS #64348411, steel, and #64348288, aluminum, March 2025) are that the duty is charged on
 * the value of the steel or aluminum content when it is known and on the full value of the article when
 * it is not. The engine does the same (copper, whose heading 9903.78.01 is also levied on content, is
 * treated alike) and warns that declaring the content value would lower the duty.
 */
import type { Measure } from "../measures.ts";
import { describeMeasureRate } from "./line-plan.ts";
import type { DutyQuestion } from "./types.ts";

export const METAL_CONTENT_GUIDANCE = "CBP CSMS #64348411 (steel) and #64348288 (aluminum): content value if known, full value if not";

/** The warning for a content-based measure charged on the full value. */
export function fullValueWarning(m: Measure, code: string): string {
  const metal = /copper/i.test(m.id + m.notes) ? "copper" : /alu/i.test(m.id) ? "aluminum" : "steel";
  return `${m.program} ${m.heading} on ${code} is levied on the value of the ${metal} content, which was not declared: charged on the full value as CBP requires when the content value is unknown (${METAL_CONTENT_GUIDANCE}). Declaring the ${metal} content value (metalValue) would lower this duty.`;
}

/** The question a measure charged on the non-U.S. content asks while the U.S. content value is not given. */
export function usContentQuestion(m: Measure, code: string): DutyQuestion {
  return {
    topic: "usContentValue",
    question: `${m.heading} charges ${describeMeasureRate(m)} on the non-U.S. content of ${code} (value less the U.S. content the Secretary of Commerce approved, ${m.citation.replace(/^.*?(U\.S\. note \d+).*$/, "$1")}(d)): give usContentValue; charged on the full value until it is given.`,
    answers: [{ answer: "usContentValue given", rate: `${describeMeasureRate(m)} x (value - usContentValue)` }],
  };
}

/** The note for a metal content value given on a line whose metals duty is on the full value (note 16 from 2026-04-06). */
export function metalValueUnused(date: string): string {
  let text = unusedByDate.get(date);
  if (text === undefined) {
    text = `metalValue was not used: the Section 232 metals measures in force on ${date} for this line are not levied on the metal content (the U.S. note 16 headings in force from 2026-04-06 are charged on the full customs value).`;
    if (unusedByDate.size < 10_000) unusedByDate.set(date, text);
  }
  return text;
}
const unusedByDate = new Map<string, string>();
