/**
 * Duty coverage evaluation (`npm run eval:duty`): every declarable 10-digit line of the schedule for ten
 * origins, computed as a broker would enter it (customs value 1,000 USD, the quantity in each reporting
 * unit the line prints, no metal-content value, vessel, entry date 2026-11-20). Each (line, origin) pair
 * is one of:
 *   - complete: a duty with nothing left to a broker;
 *   - question: the engine asks a precise question about a fact only the importer knows (a certification,
 *     an end use, the components of a set) and gives the rate for each answer;
 *   - refusal: an error, a manual rate or a review flag that is not such a question, by cause.
 * Also runs the golden cases (test/domain/duty/golden-cases.ts) and, when the tracker comparison module
 * is present, the comparison with the Yale Budget Lab tracker. Writes evals/reports/duty.md and .json.
 */
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../src/config.ts";
import { loadSchedule } from "../src/knowledge/schedule.ts";
import { loadDutyData } from "../src/knowledge/duty-data.ts";
import { calculateDuty, calculateDutyReference } from "../src/domain/duty/calculate.ts";
import { CASES } from "../test/domain/duty/golden-chapter99-cases.ts";
import { TollgateError } from "../src/errors.ts";
import type { DutyDeps, DutyLineResult } from "../src/domain/duty/types.ts";

import { ENTRY_DATE, ORIGINS, reportedQuantities } from "./duty-common.ts";

export type Outcome = { kind: "complete" } | { kind: "question"; cause: string } | { kind: "refusal"; cause: string };


/** A short cause for a warning or error text: the measure id, the unit, or the first words. */
function causeOf(text: string): string {
  const review = /Needs manual review \(([^,]+), ([^)]+)\)/.exec(text);
  if (review) return `review ${review[2]}`;
  const unit = /Unit "([^"]+)"/.exec(text);
  if (unit) return `unit not known: ${unit[1]}`;
  const manual = /Needs manual rate: \S+ ([^"]+)"([^"]*)": (.*)$/.exec(text);
  if (manual) return `manual rate: ${manual[3]!.replace(/\d[\d.,]*/g, "n").slice(0, 90)}`;
  return text.replace(/ from [A-Z]{2} /g, " from <origin> ").replace(/\d{4}\.\d{2}\.\d{2,4}/g, "<hts>").replace(/\d[\d.,]*/g, "n").slice(0, 90);
}

/** Classifies one computed line. */
export function classify(line: DutyLineResult): Outcome {
  // A rate that is another provision's, asked for as the components or the article's code.
  const asked = (line.questions ?? []).find((q) => ["components", "article", "polarity", "partValues"].includes(q.topic));
  if (asked) return { kind: "question", cause: `${asked.topic}: ${asked.question.replace(/^\S+ /, "").replace(/\d[\d.]*/g, "n").slice(0, 80)}` };
  if (line.needsManualRate) {
    const w = line.warnings.find((x) => x.startsWith("Needs manual rate")) ?? "manual rate";
    return { kind: "refusal", cause: causeOf(w) };
  }
  if (line.needsReview) {
    const q = (line.questions ?? [])[0];
    if (q) return { kind: "question", cause: q.topic };
    const w = line.warnings.find((x) => x.startsWith("Needs manual review")) ?? line.warnings[0] ?? "review";
    return { kind: "refusal", cause: causeOf(w) };
  }
  if ((line.questions ?? []).length > 0) return { kind: "question", cause: line.questions![0]!.topic };
  return { kind: "complete" };
}

export interface Coverage {
  pairs: number;
  complete: number;
  questions: number;
  refusals: number;
  byCause: Map<string, { kind: string; count: number; example: string }>;
  byOrigin: Map<string, { pairs: number; complete: number; questions: number }>;
  seconds: number;
}

/** Runs every declarable 10-digit line for every origin. */
export function runCoverage(deps: DutyDeps, origins: readonly string[] = ORIGINS, date = ENTRY_DATE): Coverage {
  const lines = deps.schedule.lines.filter((l) => l.level === 10 && !l.digits.startsWith("99") && l.rateSource !== null);
  const cov: Coverage = { pairs: 0, complete: 0, questions: 0, refusals: 0, byCause: new Map(), byOrigin: new Map(), seconds: 0 };
  const t0 = process.hrtime.bigint();
  for (const origin of origins) {
    const o = { pairs: 0, complete: 0, questions: 0 };
    cov.byOrigin.set(origin, o);
    for (const l of lines) {
      let outcome: Outcome;
      try {
        const r = calculateDuty({ lines: [{ hts: l.code, origin, value: "1000", qty: reportedQuantities(l.units) }], entryDate: date, mode: "vessel" }, deps);
        outcome = classify(r.lines[0]!);
      } catch (err) {
        const code = err instanceof TollgateError ? err.code : "exception";
        // A quantity in a unit the line does not report (the lead content of a copper ore): only the importer has it.
        const unit = code === "quantity_missing" ? /charged per (.+?): give/.exec((err as Error).message) : null;
        if (unit) outcome = { kind: "question", cause: `quantity in ${unit[1]} (content the importer declares)` };
        else outcome = { kind: "refusal", cause: `${code}: ${causeOf((err as Error).message)}` };
      }
      cov.pairs++;
      o.pairs++;
      if (outcome.kind === "complete") {
        cov.complete++;
        o.complete++;
        continue;
      }
      if (outcome.kind === "question") {
        cov.questions++;
        o.questions++;
      } else cov.refusals++;
      const key = `${outcome.kind}|${outcome.cause}`;
      const c = cov.byCause.get(key);
      if (c) c.count++;
      else cov.byCause.set(key, { kind: outcome.kind, count: 1, example: `${l.code} ${origin}` });
    }
  }
  cov.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return cov;
}

const pct = (n: number, d: number) => (d === 0 ? "-" : `${((100 * n) / d).toFixed(2)}%`);

export function coverageMarkdown(cov: Coverage): string {
  const out: string[] = [];
  out.push(`| figure | value |`, `|---|---|`);
  out.push(`| (line, origin) pairs | ${cov.pairs} |`);
  out.push(`| complete duty | ${cov.complete} (${pct(cov.complete, cov.pairs)}) |`);
  out.push(`| precise importer-only question | ${cov.questions} (${pct(cov.questions, cov.pairs)}) |`);
  out.push(`| **complete or precise question** | **${pct(cov.complete + cov.questions, cov.pairs)}** (target >= 99.9%) |`);
  out.push(`| refusals / manual / unresolved review | ${cov.refusals} (${pct(cov.refusals, cov.pairs)}) |`);
  out.push(`| run time | ${cov.seconds.toFixed(1)} s |`, "");
  out.push(`| origin | pairs | complete | questions |`, `|---|---|---|---|`);
  for (const [o, v] of cov.byOrigin) out.push(`| ${o} | ${v.pairs} | ${pct(v.complete, v.pairs)} | ${pct(v.questions, v.pairs)} |`);
  out.push("", `| kind | cause | pairs | example |`, `|---|---|---|---|`);
  const rows = [...cov.byCause.entries()].sort((a, b) => b[1].count - a[1].count);
  for (const [key, v] of rows) out.push(`| ${v.kind} | ${key.slice(key.indexOf("|") + 1).replace(/\|/g, "/")} | ${v.count} | ${v.example} |`);
  return out.join("\n");
}

async function main(): Promise<void> {
  const knowledge = path.join(PROJECT_ROOT, "knowledge");
  const deps: DutyDeps = { schedule: loadSchedule(knowledge), dutyData: loadDutyData(knowledge), clock: () => new Date(`${ENTRY_DATE}T00:00:00Z`) };
  const cov = runCoverage(deps);
  const sections: string[] = [
    "# Duty engine: coverage, tracker comparison, golden cases",
    "",
    `Generated by \`npm run eval:duty\` (evals/duty-eval.ts). Every declarable 10-digit line of ${deps.schedule.revision} (chapter 99 excluded) x origins ${ORIGINS.join(", ")}; customs value 1,000 USD, 10 of each reporting unit the line prints, no metal-content value, vessel, entry ${ENTRY_DATE}.`,
    "",
    "## Coverage",
    "",
    coverageMarkdown(cov),
    "",
    "A question is a duty computed under the answer the law presumes absent a claim, with the heading and rate of each answer. From 2026-04-06 the note 16 metals headings (9903.82.02-.19) turn on three such facts: whether the metal was melted or smelted in the United States (`us-metal`, 16(e)) or, for UK goods, in the UK (`uk-metal`, 16(d)), and, outside chapters 72-76, whether the metal is at least 15% of the article's weight (`metal-weight`, 16(c)). Listed auto and MHDV part provisions that the schedule describes as general articles (8471, pumps, filters, bearings) are computed as not vehicle parts until the importer says they are (notes 33(g), 38(i) make the part an element of the scope, not a certified claim).",
  ];
  // Golden cases worked by hand from the legal text, through both arithmetic paths.
  let goldenOk = 0;
  const goldenFail: string[] = [];
  for (const c of CASES) {
    const request = { lines: [{ value: 10000, ...c.line }], entryDate: c.entryDate ?? "2026-11-20" };
    const ok = [calculateDuty(request, deps), calculateDutyReference(request, deps)].every((r) => {
      const l = r.lines[0]!;
      return JSON.stringify(l.chapter99.map((x) => [x.heading, x.amount])) === JSON.stringify(c.ch99) && l.amount === c.total;
    });
    if (ok) goldenOk++;
    else goldenFail.push(c.name);
  }
  sections.push("", "## Golden cases", "", `${goldenOk} of ${CASES.length} golden cases (test/domain/duty/golden-chapter99-cases.ts, one per measure family and country deal, each citing its U.S. note and heading) agree to the cent on every chapter 99 amount and the line total, on both arithmetic paths.`);
  for (const f of goldenFail) sections.push(`- FAILS: ${f}`);
  const extras = path.join(PROJECT_ROOT, "evals", "duty-eval-extra.ts");
  const json: Record<string, unknown> = {
    pairs: cov.pairs,
    complete: cov.complete,
    questions: cov.questions,
    refusals: cov.refusals,
    completeOrQuestion: (cov.complete + cov.questions) / cov.pairs,
    golden: { passed: goldenOk, total: CASES.length },
    byCause: Object.fromEntries([...cov.byCause].map(([k, v]) => [k, v.count])),
  };
  if (fs.existsSync(extras)) {
    const mod = (await import(extras)) as { extraSections: (deps: DutyDeps) => Promise<{ markdown: string; json: Record<string, unknown> }> };
    const x = await mod.extraSections(deps);
    sections.push("", x.markdown);
    Object.assign(json, x.json);
  }
  const reports = path.join(PROJECT_ROOT, "evals", "reports");
  fs.writeFileSync(path.join(reports, "duty.md"), sections.join("\n") + "\n");
  fs.writeFileSync(path.join(reports, "duty.json"), JSON.stringify(json, null, 2) + "\n");
  console.log(coverageMarkdown(cov).split("\n").slice(0, 8).join("\n"));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await main();
