/**
 * Clarifying questions for a low-confidence classification. The facts that decide between two
 * candidates are the ones their schedule paths disagree on, so we walk the paths (heading >
 * subheading > ... > line, unnumbered superior rows included) to the first segment where they
 * differ and phrase a question from what those segments talk about.
 */
import type { HtsLine } from "./schedule.ts";

interface Topic {
  test: RegExp;
  question: string;
}

/** Distinctions the schedule draws again and again, and the question that settles each. */
const TOPICS: Topic[] = [
  { test: /knitted|crocheted|woven|\bnonwoven/i, question: "Is the fabric knitted or crocheted, or woven (or nonwoven)?" },
  { test: /\bmen'?s|boys'?|women'?s|girls'?|babies'|unisex/i, question: "Is it for men or boys, or for women or girls (or babies)?" },
  {
    test: /\bof cotton|\bof wool|fine animal hair|synthetic fib|artificial fib|man-made fib|\bof silk|\bof flax|vegetable (?:textile )?fib|by weight/i,
    question: "What is the fibre content by weight (which fibre predominates)?",
  },
  { test: /\bleather|\brubber|\bplastics?\b|textile materials|\bof wood|\bof glass|\bceramic|\bporcelain|\bof paper/i, question: "What is the constituent material (e.g. plastics, rubber, leather, textile, wood, metal)?" },
  { test: /\bsteel|\biron\b|\balumin|\bcopper|\bzinc|\bnickel|\bbase metal|\bprecious metal|\bsilver|\bgold/i, question: "Which metal is it made of?" },
  { test: /\bvalued|\bvalue\b/i, question: "What is the unit value (the value thresholds in the schedule differ)?" },
  { test: /exceeding|not over|\bover\b|less than|more than|\bkg\b|\bcm\b|\bmm\b|\bkw\b|\bvolts?\b|\bcc\b|\bpercent|%/i, question: "What are the measured quantities the schedule thresholds refer to (size, weight, power, content by percent)?" },
  { test: /\bfrozen|\bfresh|\bchilled|\bdried|\bcooked|\bprepared|\bpreserved/i, question: "In what condition is it presented (fresh, chilled, frozen, dried, prepared or preserved)?" },
  { test: /\bparts?\b|\baccessor/i, question: "Is it a complete article or a part or accessory of one (and of what)?" },
  { test: /\bretail sale|\bput up|\bsets?\b/i, question: "How is it put up: in a set, for retail sale, or in bulk?" },
  { test: /\belectric|\bbattery|\bmotor|\bpowered|\bhand tools?/i, question: "How is it powered or operated (electric motor, battery, manual)?" },
];

function segments(line: HtsLine): string[] {
  return [...line.ancestors, line.description].map((s) => s.replace(/:$/, "").trim());
}

/** Where two paths first differ (index into their segments), or -1 when one contains the other. */
function divergence(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i]!.toLowerCase() !== b[i]!.toLowerCase()) return i;
  return -1;
}

/** The words of a topic that a segment mentions, e.g. {"men's"} or {"knitted", "crocheted"}. */
function mentions(topic: Topic, segment: string): string {
  const re = new RegExp(topic.test.source, "gi");
  return [...new Set([...segment.matchAll(re)].map((m) => m[0].toLowerCase().replace(/'s?$/, "")))].sort().join("|");
}

/** A topic decides between two segments only when they mention it differently. */
function deciding(a: string, b: string): Topic | undefined {
  return TOPICS.find((t) => mentions(t, a) !== mentions(t, b));
}

function short(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * Questions that would decide between the given candidates (best first), from where their paths
 * differ. Returns at most three, most decisive (earliest divergence) first.
 */
export function clarifyingQuestions(candidates: readonly HtsLine[]): string[] {
  const top = candidates[0];
  if (!top) return [];
  const questions: string[] = [];
  const add = (q: string) => {
    if (!questions.includes(q)) questions.push(q);
  };
  const topSegs = segments(top);
  const compared = new Set<string>();
  for (const other of candidates.slice(1)) {
    const otherSegs = segments(other);
    let at = divergence(topSegs, otherSegs);
    if (at < 0) at = Math.min(topSegs.length, otherSegs.length) - 1;
    const a = topSegs[at] ?? top.description;
    const b = otherSegs[at] ?? other.description;
    // Two candidates that part from the top one at the same point raise the same question.
    if (compared.has(`${at}|${b.toLowerCase()}`)) continue;
    compared.add(`${at}|${b.toLowerCase()}`);
    const topic = deciding(a, b);
    if (top.digits.slice(0, 4) !== other.digits.slice(0, 4)) {
      add(`Which heading describes the product: ${top.code.slice(0, 4)} "${short(topSegs[0]!)}" or ${other.code.slice(0, 4)} "${short(otherSegs[0]!)}"? Tell us what it is, what it is made of and what it is used for.`);
      if (topic) add(topic.question);
    } else if (topic) {
      add(topic.question);
    } else {
      add(`Does "${short(a)}" (${top.code}) or "${short(b)}" (${other.code}) describe the product better?`);
    }
  }
  return questions.slice(0, 3);
}
