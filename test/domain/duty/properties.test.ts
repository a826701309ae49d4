/** Property tests of the engine and fees over random values, quantities and real schedule lines. */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSchedule, type HtsLine, type Schedule } from "../../../src/knowledge/schedule.ts";
import { loadDutyData, type DutyData } from "../../../src/knowledge/duty-data.ts";
import { calculateDuty } from "../../../src/domain/duty/calculate.ts";
import { computeFees, fiscalYear } from "../../../src/domain/fees.ts";
import { Dec, roundCents } from "../../../src/domain/money.ts";
import type { DutyDeps } from "../../../src/domain/duty/types.ts";

let deps: DutyDeps;
let data: DutyData;
let lines: HtsLine[];
beforeAll(() => {
  const schedule: Schedule = loadSchedule("knowledge");
  data = loadDutyData("knowledge");
  deps = { schedule, dutyData: data, clock: () => new Date("2026-11-21T00:00:00Z") };
  // Declarable lines of chapters 01-97 whose General rate is free, ad valorem, per kg or kg + ad valorem (a real mix).
  // Column 2 (for the Russian origin) must be of the same kinds, so a kg quantity is all any line needs.
  const kinds = /^(Free|[\d.]+%|[\d.]+¢\/kg|\$[\d.]+\/kg)( \+ [\d.]+%)?$/;
  lines = schedule.lines.filter(
    (l) => l.level === 10 && !l.digits.startsWith("98") && !l.digits.startsWith("99") && kinds.test(l.rates.general) && kinds.test(l.rates.column2),
  );
});

const origins = ["CN", "DE", "KE", "VN", "KR", "MX", "GB", "RU", "JP", "BR"];
const cents = fc.integer({ min: 0, max: 500_000_000 }).map((c) => new Dec(c).div(100).toFixed(2));

function duty(line: HtsLine, origin: string, value: string, kg: number, date: string) {
  return calculateDuty({ lines: [{ hts: line.code, origin, value, qty: `${kg}:kg`, metalValue: "0" }], entryDate: date, mode: "vessel" }, deps);
}

describe("engine properties", () => {
  const arb = fc.record({
    i: fc.nat(),
    origin: fc.constantFrom(...origins),
    value: cents,
    more: cents,
    kg: fc.integer({ min: 0, max: 100000 }),
    date: fc.constantFrom("2024-01-15", "2025-06-30", "2026-03-01", "2026-10-01", "2026-11-21"),
  });

  it("never gives a negative amount, and totals are sums of rounded lines", () => {
    fc.assert(
      fc.property(arb, ({ i, origin, value, kg, date }) => {
        const line = lines[i % lines.length]!;
        const r = duty(line, origin, value, kg, date);
        for (const l of r.lines) {
          expect(new Dec(l.amount).isNegative()).toBe(false);
          for (const c of l.components) expect(new Dec(c.amount).isNegative()).toBe(false);
          const sum = l.components.reduce((s, c) => s.add(c.amount), new Dec(0));
          expect(sum.toFixed(2)).toBe(l.amount);
        }
        expect(new Dec(r.totals.total).toFixed(2)).toBe(new Dec(r.totals.duty).add(r.totals.mpf).add(r.totals.hmf).toFixed(2));
      }),
      { numRuns: 300 },
    );
  });

  it("is monotone in value: more value never means less duty or fees", () => {
    fc.assert(
      fc.property(arb, ({ i, origin, value, more, kg, date }) => {
        const line = lines[i % lines.length]!;
        const a = duty(line, origin, value, kg, date);
        const b = duty(line, origin, new Dec(value).add(more).toFixed(2), kg, date);
        expect(new Dec(b.totals.duty).gte(a.totals.duty)).toBe(true);
        expect(new Dec(b.totals.total).gte(a.totals.total)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("fee properties", () => {
  it("MPF stays within the fiscal year's bounds and HMF is zero unless vessel", () => {
    fc.assert(
      fc.property(cents, fc.constantFrom("2019-01-01", "2021-10-01", "2025-09-30", "2026-05-05", "2026-11-21"), fc.constantFrom("vessel", "air", "truck"), (value, date, mode) => {
        const f = computeFees(data.fees, { mpfValue: new Dec(value), hmfValue: new Dec(value), entryDate: date, mode: mode as "vessel", entryType: "formal" });
        const row = data.fees.filter((r) => r.fee === "mpf_formal" && r.fiscalYear !== null && r.fiscalYear <= fiscalYear(date)).sort((x, y) => y.fiscalYear! - x.fiscalYear!)[0]!;
        expect(f.mpf.amount.gte(row.minimum!) && f.mpf.amount.lte(row.maximum!)).toBe(true);
        if (mode !== "vessel") expect(f.hmf.amount.isZero()).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("rounding is stable: rounding a rounded amount changes nothing, and halves round up", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 9999 }), (whole, frac) => {
        const x = new Dec(`${whole}.${String(frac).padStart(4, "0")}`);
        const once = roundCents(x);
        expect(roundCents(once).eq(once)).toBe(true);
        expect(once.sub(x).abs().lte("0.005")).toBe(true);
      }),
    );
    expect(roundCents(new Dec("0.005")).toFixed(2)).toBe("0.01");
    expect(roundCents(new Dec("2.675")).toFixed(2)).toBe("2.68");
  });
});
