/**
 * Duty engine throughput for `npm run bench`: lines calculated per second on one core after load, over a
 * fixed, seeded mix of real declarable lines, origins (Column 2 Russia among them), entry dates, program
 * claims and euro invoices (one-line requests through the public `calculateDuty`, as the batch CLI and the
 * tool call it), plus load time and rate-parser coverage. The mix actually computed is reported.
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { loadSchedule } from "../../src/knowledge/schedule.ts";
import { loadDutyData } from "../../src/knowledge/duty-data.ts";
import { calculateDuty } from "../../src/domain/duty/calculate.ts";
import { preparePlans } from "../../src/domain/duty/line-plan.ts";
import { parseRate, parseSpecial } from "../../src/domain/rates/parse-rate.ts";
import type { DutyRequest } from "../../src/domain/duty/types.ts";
import type { BenchResult } from "../bench.ts";

/** Small deterministic PRNG so every run measures the same mix. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function bench(): Promise<BenchResult> {
  const t0 = performance.now();
  const schedule = loadSchedule("knowledge");
  const t1 = performance.now();
  const dutyData = loadDutyData("knowledge");
  const t2 = performance.now();
  const deps = { schedule, dutyData, clock: () => new Date("2026-11-21T00:00:00Z") };
  // Part of load: every declarable line's parsed rates, measure and program candidates (line-plan.ts).
  const plans = preparePlans(deps);
  const t2b = performance.now();

  // Parser coverage over every printed rate text.
  const cov = { general: [0, 0], special: [0, 0], column2: [0, 0] };
  for (const l of schedule.lines) {
    if (l.rateSource !== l.digits) continue;
    for (const col of ["general", "column2"] as const) {
      const text = l.rates[col];
      if (!text) continue;
      cov[col][0]++;
      if (parseRate(text).kind !== "unparsed") cov[col][1]++;
    }
    if (l.rates.special) {
      const p = parseSpecial(l.rates.special);
      cov.special[0]++;
      if (!p.unparsed && p.groups.every((g) => g.rate.kind !== "unparsed")) cov.special[1]++;
    }
  }

  const rand = mulberry32(20261121);
  const pool = schedule.lines.filter((l) => l.level === 10 && !l.digits.startsWith("98") && !l.digits.startsWith("99"));
  // Ten trading partners plus Russia (Column 2 rates); every origin's lines meet its chapter 99 measures.
  const origins = ["CN", "DE", "VN", "MX", "KR", "JP", "IN", "KE", "GB", "CA", "RU"];
  const dates = ["2025-12-01", "2026-05-01", "2026-11-21"];
  const requests: DutyRequest[] = [];
  const mix = { claims: 0, foreignCurrency: 0 };
  for (let i = 0; i < 20000; i++) {
    const line = pool[Math.floor(rand() * pool.length)]!;
    const origin = origins[i % origins.length]!;
    const unit = line.units[0] ?? "kg";
    const qty = [`${1 + Math.floor(rand() * 5000)}:${unit === "X" ? "No." : unit}`, `${1 + Math.floor(rand() * 5000)}:kg`];
    // Brokers claim a trade agreement when the line lists one the origin belongs to: do so on three lines in four.
    const listed = parseSpecial(line.rates.special).groups.flatMap((g) => g.programs);
    const claimable = listed.find((sym) => {
      const p = dutyData.programs.get(sym);
      return p !== undefined && p.partners !== null && p.partners !== "*" && p.partners.has(origin);
    });
    const program = claimable !== undefined && rand() < 0.75 ? claimable : undefined;
    // One invoice in ten is in euros, converted at the rates file's rate.
    const currency = i % 10 === 3 ? "EUR" : undefined;
    if (program) mix.claims++;
    if (currency) mix.foreignCurrency++;
    requests.push({
      lines: [
        {
          hts: line.code,
          origin,
          value: (100 + Math.floor(rand() * 1_000_000) / 100).toFixed(2),
          qty,
          metalValue: "100",
          ...(program ? { program } : {}),
          ...(currency ? { currency } : {}),
        },
      ],
      entryDate: dates[i % dates.length]!,
      mode: i % 2 ? "vessel" : "air",
    });
  }
  // First pass: JIT warm-up; timed on its own and reported, not hidden.
  // Refusals (units the mix cannot supply) are counted, not hidden.
  let refused = 0;
  const shape = { free: 0, adValorem: 0, specific: 0, compound: 0, other: 0, chapter99: 0, column2: 0, special: 0 };
  const cpuFirst0 = process.cpuUsage();
  const tFirst = performance.now();
  for (const r of requests) {
    try {
      const out = calculateDuty(r, deps);
      const l = out.lines[0]!;
      const kinds = l.components.filter((c) => c.kind !== "chapter99").map((c) => c.basis);
      const basis = kinds[0] ?? "";
      if (basis === "Free") shape.free++;
      else if (basis.includes(" + ")) shape.compound++;
      else if (/^[\d.]+% x \$/.test(basis)) shape.adValorem++;
      else if (basis.startsWith("$")) shape.specific++;
      else shape.other++;
      if (l.chapter99.length > 0) shape.chapter99++;
      if (l.rateColumn === "column2") shape.column2++;
      if (l.rateColumn === "special") shape.special++;
    } catch {
      refused++;
    }
  }
  const firstSeconds = (performance.now() - tFirst) / 1000;
  const firstCpu = process.cpuUsage(cpuFirst0);
  const firstPerCpuSecond = Math.round(requests.length / ((firstCpu.user + firstCpu.system) / 1e6));
  // Every timed call's result is kept until the pass ends, so nothing can be optimised away.
  let produced = 0;
  const passes = 3;
  const cpu0 = process.cpuUsage();
  const t3 = performance.now();
  // Each pass is also timed on its own: on shared cores the spread shows how much the machine's load moved the figure.
  const perPass: number[] = [];
  for (let p = 0; p < passes; p++) {
    const cpuPass = process.cpuUsage();
    for (const r of requests) {
      try {
        produced += calculateDuty(r, deps).lines.length;
      } catch {
        // counted in the first pass
      }
    }
    const c = process.cpuUsage(cpuPass);
    perPass.push(Math.round(requests.length / ((c.user + c.system) / 1e6)));
  }
  const elapsed = (performance.now() - t3) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // CPU time is what "one core" means on a shared machine: wall time also counts time other processes held the core.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const linesPerSecond = Math.round((requests.length * passes) / elapsed);
  const linesPerCpuSecond = Math.round((requests.length * passes) / cpuSeconds);
  const pct = (a: number[]) => `${a[1]}/${a[0]} (${((100 * a[1]!) / a[0]!).toFixed(2)}%)`;
  const json = {
    scheduleLoadMs: Math.round(t1 - t0),
    dutyDataLoadMs: Math.round(t2 - t1),
    linePlansMs: Math.round(t2b - t2),
    linePlans: plans,
    measures: dutyData.measures.measures.length,
    lines: requests.length * passes,
    refusedPerPass: refused,
    resultsProduced: produced,
    mix: { ...shape, programClaims: mix.claims, foreignCurrency: mix.foreignCurrency },
    firstPassSeconds: Number(firstSeconds.toFixed(3)),
    firstPassLinesPerCpuSecond: firstPerCpuSecond,
    seconds: Number(elapsed.toFixed(3)),
    cpuSeconds: Number(cpuSeconds.toFixed(3)),
    linesPerSecond,
    linesPerCpuSecond,
    linesPerCpuSecondByPass: perPass,
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
    target: 100000,
    parserCoverage: cov,
  };
  const markdown = [
    `| figure | value |`,
    `|---|---|`,
    `| schedule load | ${json.scheduleLoadMs} ms |`,
    `| duty tables load (${json.measures} measures + lists) | ${json.dutyDataLoadMs} ms |`,
    `| line plans (parsed rates, measure and program candidates) for ${plans} lines | ${json.linePlansMs} ms |`,
    `| lines calculated (one-line requests, seeded mix of ${pool.length} declarable lines, ${origins.length} origins, 3 dates) | ${json.lines} |`,
    `| mix per pass: base rate free / ad valorem / specific / compound / manual | ${shape.free} / ${shape.adValorem} / ${shape.specific} / ${shape.compound} / ${shape.other} |`,
    `| mix per pass: with chapter 99 amounts / Column 2 (RU) / program claims applied (of ${mix.claims} claimed) / EUR invoices | ${shape.chapter99} / ${shape.column2} / ${shape.special} / ${mix.foreignCurrency} |`,
    `| refused per pass (quantity unit not supplied by the mix) | ${refused} of ${requests.length} |`,
    `| first pass (JIT warm-up), lines per CPU-second | ${firstPerCpuSecond} |`,
    `| lines per second, wall clock (machine load average ${json.loadAverage1m} on shared cores) | ${linesPerSecond} |`,
    `| **lines per CPU-second (one core, after load)** | **${linesPerCpuSecond}** (target >= 100,000) |`,
    `| lines per CPU-second of each timed pass | ${perPass.join(" / ")} |`,
    `| parser coverage General | ${pct(cov.general)} |`,
    `| parser coverage Special | ${pct(cov.special)} |`,
    `| parser coverage Column 2 | ${pct(cov.column2)} |`,
  ].join("\n");
  return { title: "Duty engine", markdown, json };
}
