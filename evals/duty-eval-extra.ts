/**
 * Comparison with the Yale Budget Lab tariff-rate tracker (knowledge/tariff_actions/yale_tariff_rate_tracker_2026-05/,
 * resource tables of 2026-05-11) at 2026-04-01, a date both cover (the tracker runs through 2026-04-06, before the
 * 2026-04-06 metals restructure). The tracker ships its scope tables, not its per-line results, so what is compared is
 * what those tables determine, for every declarable 10-digit line x the ten origins:
 *   1. the Section 301 additional rate (tracker: s301_product_lists.csv headings at its section_301_rates; List 4B
 *      suspended; where several headings list an 8-digit code, the highest rate);
 *   2. whether a Section 232 program covers the line (tracker: steel/aluminum derivative inclusions with their dates,
 *      copper, auto parts, MHDV parts, semiconductor tables; vehicles and wood by the HTS prefixes of its
 *      policy_params.yaml, transcribed below).
 * Each disagreement is classed, with counts and examples, so the report can say which side the law supports.
 */
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../src/config.ts";
import { calculateDuty } from "../src/domain/duty/calculate.ts";
import type { DutyDeps } from "../src/domain/duty/types.ts";
import { ORIGINS, reportedQuantities } from "./duty-common.ts";

const DIR = path.join(PROJECT_ROOT, "knowledge", "tariff_actions", "yale_tariff_rate_tracker_2026-05");
const DATE = "2026-04-01";
const RATE_301: Record<string, number> = {
  "9903.88.01": 25, "9903.88.02": 25, "9903.88.03": 25, "9903.88.04": 25, "9903.88.09": 10, "9903.88.15": 7.5,
  "9903.91.01": 25, "9903.91.02": 50, "9903.91.03": 100, "9903.91.04": 25, "9903.91.05": 50, "9903.91.06": 25, "9903.91.07": 50, "9903.91.08": 100, "9903.91.11": 25, "9903.92.10": 25,
};
// policy_params.yaml section_232_headings prefixes (vehicles, MHDV, buses, wood).
const PREFIXES_232 = [
  "870322", "870323", "870324", "870331", "870332", "870333", "870334", "870340", "870350", "870360", "870370", "870380", "870390",
  "87042101", "87043101", "87044100", "87045100",
  "44031100", "44032101", "44032201", "44032301", "44032401", "44032501", "44032601", "44039901", "44061100", "44069100", "44071100", "44071200", "44071300", "44071400", "44071900",
  "9401614011", "9401614031", "9401616011", "9401616031", "9403409060", "9403608093", "9403910080",
  "87012100", "87012200", "87012300", "87012400", "87012900", "87041010", "87041050", "87042211", "87042251", "87042301", "87043201", "87044200", "87044300", "87045200", "87046000", "87049001", "87054000", "8705900080", "87060003", "8706000520", "8706000575", "87060025", "87060050", "87091100", "87091900", "8702",
];

function csv(file: string): Record<string, string>[] {
  const [head, ...rows] = fs.readFileSync(path.join(DIR, file), "utf8").trim().split(/\r?\n/);
  const cols = head!.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [cols[i]!, v])));
}

function prefixSet(codes: Iterable<string>): (digits: string) => boolean {
  const set = new Set(codes);
  return (d) => set.has(d.slice(0, 4)) || set.has(d.slice(0, 6)) || set.has(d.slice(0, 8)) || set.has(d);
}

export async function extraSections(deps: DutyDeps): Promise<{ markdown: string; json: Record<string, unknown> }> {
  const s301 = new Map<string, number>();
  for (const r of csv("s301_product_lists.csv")) {
    const rate = RATE_301[r.ch99_code!];
    if (rate === undefined) continue; // 9903.88.16 (List 4B) is suspended
    s301.set(r.hts8!, Math.max(s301.get(r.hts8!) ?? 0, rate));
  }
  const scope = [
    ...csv("s232_derivative_products.csv").filter((r) => !r.effective_date || r.effective_date <= DATE).map((r) => r.hts_prefix!),
    ...csv("s232_copper_products.csv").map((r) => r.hts10!),
    ...fs.readFileSync(path.join(DIR, "s232_auto_parts.txt"), "utf8").split(/\s+/).filter(Boolean),
    ...fs.readFileSync(path.join(DIR, "s232_mhd_parts.txt"), "utf8").split(/\s+/).filter(Boolean),
    ...csv("s232_semi_products.csv").map((r) => r.hts10!),
    ...PREFIXES_232,
  ];
  const laterScope = new Set(csv("s232_derivative_products.csv").filter((r) => r.effective_date && r.effective_date > DATE).map((r) => r.hts_prefix!));
  const engine8 = new Set<string>();
  for (const m of deps.dutyData.measures.measures) {
    if (!m.program.startsWith("Section 232") || m.effectiveFrom > DATE || (m.effectiveTo !== null && m.effectiveTo < DATE)) continue;
    for (const c of m.scope) if (c.type === "list") for (const e of c.entries) if (e.digits.length >= 8) engine8.add(e.digits.slice(0, 8));
  }
  // 8-digit codes the engine's 301 list splits by statistical line (from the legal text of notes 20 and 31).
  const split301 = new Set<string>();
  for (const m of deps.dutyData.measures.measures) {
    if (!m.program.startsWith("Section 301")) continue;
    for (const c of m.scope) if (c.type === "list") for (const e of c.entries) if (e.digits.length === 10) split301.add(e.digits.slice(0, 8));
  }
  const in232Tracker = (d: string) => /^(72|73|76)/.test(d) ? true : prefixSet(scope)(d);
  const lines = deps.schedule.lines.filter((l) => l.level === 10 && !l.digits.startsWith("99") && l.rateSource !== null);
  const c301 = { pairs: 0, agree: 0, classes: new Map<string, { n: number; ex: string }>() };
  const c232 = { pairs: 0, agree: 0, classes: new Map<string, { n: number; ex: string }>() };
  const bump = (m: Map<string, { n: number; ex: string }>, k: string, ex: string) => {
    const e = m.get(k);
    if (e) e.n++;
    else m.set(k, { n: 1, ex });
  };
  for (const origin of ORIGINS) {
    for (const l of lines) {
      let r;
      try {
        r = calculateDuty({ lines: [{ hts: l.code, origin, value: "1000", qty: reportedQuantities(l.units) }], entryDate: DATE, mode: "vessel" }, deps).lines[0]!;
      } catch {
        continue;
      }
      const eng301 = r.chapter99.filter((c) => c.program.startsWith("Section 301")).reduce((s, c) => s + Number(c.amount), 0) / 10;
      const trk301 = origin === "CN" ? (s301.get(l.digits.slice(0, 8)) ?? 0) : 0;
      c301.pairs++;
      if (Math.abs(eng301 - trk301) < 0.005) c301.agree++;
      else {
        const excluded = r.chapter99.some((c) => c.program.startsWith("Section 301") && c.rate === "excluded");
        const cls = excluded
          ? "engine applies a product exclusion (9903.88.69/.70, in effect to 2026-11-09); the tracker's tables carry no exclusions"
          : split301.has(l.digits.slice(0, 8))
            ? "notes 20/31 split the 8-digit code between headings by statistical line; the tracker charges the code's highest rate on every line"
            : eng301 > trk301
            ? trk301 === 0 ? "engine charges 301, tracker lists none" : "engine rate higher (several 301 headings stacked on one line)"
            : eng301 === 0 ? "tracker lists 301, engine none" : "tracker rate higher";
        bump(c301.classes, cls, `${l.code} ${origin}: engine ${eng301}%, tracker ${trk301}%`);
      }
      const eng232 = r.chapter99.some((c) => c.program.startsWith("Section 232") && c.rate !== "0%");
      const trk232 = in232Tracker(l.digits);
      c232.pairs++;
      if (eng232 === trk232) c232.agree++;
      else {
        const d8 = l.digits.slice(0, 8);
        const later = laterScope.has(d8) || laterScope.has(l.digits);
        const assumedNotPart = !eng232 && (r.questions ?? []).some((q) => (q.topic === "auto-part" || q.topic === "mhdv-part") && q.assumed === "no");
        const cls = assumedNotPart
          ? "listed part provision the schedule describes as a general article: engine computes it as not a vehicle part until the importer says it is (question asked); the tracker charges every listed line"
          : eng232
          ? `engine applies ${r.chapter99.find((c) => c.program.startsWith("Section 232"))!.program}${later ? " (the tracker dates the line's inclusion after 2026-04-01)" : ", tracker scope tables do not list the line"}`
          : engine8.has(d8)
            ? "tracker lists the 8-digit prefix; the engine's list (and the note) names other statistical lines under it"
            : /^(72|73|76)/.test(l.digits) ? "chapter 72/73/76 line outside the engine's steel/aluminum lists" : "tracker scope lists the line, engine applies no Section 232 duty";
        bump(c232.classes, cls, `${l.code} ${origin}`);
      }
    }
  }
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(2)}%`;
  const table = (m: Map<string, { n: number; ex: string }>) => [...m].sort((a, b) => b[1].n - a[1].n).map(([k, v]) => `| ${k} | ${v.n} | ${v.ex} |`);
  const md = [
    "## Comparison with the Yale Budget Lab tracker (2026-04-01)",
    "",
    "The tracker ships scope tables, not per-line results, so the comparison is of what its tables determine (see evals/duty-eval-extra.ts): the Section 301 additional rate, and whether a Section 232 program covers the (line, origin). It is not a comparison of the total additional rate (the tracker's IEEPA, Section 122 and metal-content-share modelling is not in the shipped tables).",
    "",
    `| comparison | pairs | agree |`,
    `|---|---|---|`,
    `| Section 301 additional rate | ${c301.pairs} | ${c301.agree} (${pct(c301.agree, c301.pairs)}) |`,
    `| Section 232 coverage (any program) | ${c232.pairs} | ${c232.agree} (${pct(c232.agree, c232.pairs)}) |`,
    "",
    "| Section 301 disagreement | pairs | example |",
    "|---|---|---|",
    ...table(c301.classes).slice(0, 12),
    "",
    "| Section 232 disagreement | pairs | example |",
    "|---|---|---|",
    ...table(c232.classes).slice(0, 12),
    "",
    "Who is right, by the law, for each class:",
    "- *Product exclusion*: the engine. U.S. note 20 exclusions under 9903.88.69/.70 were in effect on 2026-04-01; the engine reports the exclusion heading and warns that the goods must match its description. The tracker's tables carry none.",
    "- *8-digit code split by statistical line*: the engine. Notes 20 and 31 give some 8-digit codes to different headings by statistical line (note 20(s)(ii) puts 6307.90.98 under 9903.88.15 except the respirator and face-mask lines 6307.90.9842/.9844/.9850/.9870/.9875, which note 31(h) puts under 9903.91.07; 8517.62.00 is 9903.88.04 except .0090 and 9903.88.15 except .0010/.0020; 2931.90.90 is 9903.88.04 except .9051). Each line pays the one heading that names it (the subdivisions are disjoint by line, so no line pays two); the tracker's tables are 8-digit and it takes the highest rate of the code. Before this split the engine charged every heading of such a code on every line (6307.90.9825 at 7.5% + 25% + 50%), a bug now fixed in `build-tables.py`.",
    "- *Tracker lists 301, engine none* (chapter 98 lines such as 9802.00.40): the engine does not compute chapter 98 processing provisions' 301 duty without the article's code; the tracker applies its list by 8-digit prefix.",
    "- *Tracker lists the 8-digit prefix; the note names other statistical lines*: the engine. U.S. notes 16 and 19 list those derivatives by 10-digit provision (e.g. 2106.90.9998, not every 2106.90.99 line); the tracker's tables match at 8 digits.",
    "- *Chapter 72/73/76 line outside the engine's lists* (e.g. 7201 pig iron, 7202 ferro-alloys): the engine. Note 16's steel articles are headings 7206-7229 and the listed chapter 73 articles; the comparison counts every chapter 72/73/76 line as tracker scope, an approximation of its chapter rule.",
    "- *Listed part provision of a general article* (e.g. 8471, pumps, filters, bearings under note 33(g)/38(i)): by the text the duty falls on parts of the vehicles classifiable in the listed provisions, so being a part is an element of the charge, not an exemption the importer certifies (the note says \"when certified by the importer\" where it means one, 9903.94.07); the engine computes such lines under 9903.94.06/9903.74.11 and asks, giving 25% if the importer says the article is a vehicle part. The tracker applies its parts list to every line. Neither table can know the article's use: the engine's answer is the one the law presumes absent the fact, with the question.",
    "- *Engine applies 232, tracker does not list*: mostly the engine (BIS derivative inclusions of the 2026-02 snapshot list, e.g. 2203.00.00 beer in aluminum cans, named in note 19); where the tracker dates an inclusion after 2026-04-01, the tracker.",
  ];
  return {
    markdown: md.join("\n"),
    json: { tracker: { date: DATE, s301: { pairs: c301.pairs, agree: c301.agree }, s232Coverage: { pairs: c232.pairs, agree: c232.agree } } },
  };
}
