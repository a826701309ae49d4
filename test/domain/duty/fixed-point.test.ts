/**
 * The engine computes money in exact fixed point (money.ts) and falls back to decimal.js; these properties
 * check the fixed-point path against straightforward decimal.js computations, to the cent and to the
 * character of every basis text: the helpers, rate evaluation on random rates, values and quantities,
 * and whole requests against the decimal.js reference engine.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSchedule, type HtsLine, type Schedule } from "../../../src/knowledge/schedule.ts";
import { loadDutyData } from "../../../src/knowledge/duty-data.ts";
import { calculateDuty, calculateDutyReference } from "../../../src/domain/duty/calculate.ts";
import { addFixed, centsOfFixed, compareFixed, Dec, decOfFixed, formatCents, formatFixed, formatMoney, mulFixed, parseFixed, roundCents, type Fixed } from "../../../src/domain/money.ts";
import { parseQuantity } from "../../../src/domain/quantity.ts";
import { parseRate } from "../../../src/domain/rates/parse-rate.ts";
import { compileRate, evaluateRate, evaluateRateFixed } from "../../../src/domain/rates/evaluate-rate.ts";
import type { DutyDeps, DutyRequest } from "../../../src/domain/duty/types.ts";

const fixed = fc.record({ m: fc.integer({ min: -1e12, max: 1e12 }), s: fc.integer({ min: 0, max: 9 }) });
const asDec = (f: Fixed): Dec => new Dec(f.m).div(new Dec(10).pow(f.s));

describe("fixed-point helpers agree with decimal.js", () => {
  it("parse, add, multiply, compare, round to cents and format", () => {
    fc.assert(
      fc.property(fixed, fixed, (a, b) => {
        expect(decOfFixed(a).eq(asDec(a))).toBe(true);
        const parsed = parseFixed(asDec(a).toFixed())!;
        expect(asDec(parsed).eq(asDec(a)) && parsed.s === asDec(a).decimalPlaces()).toBe(true);
        const sum = addFixed(a, b);
        if (sum) expect(asDec(sum).eq(asDec(a).add(asDec(b)))).toBe(true);
        const product = mulFixed(a, b);
        if (product) expect(asDec(product).eq(asDec(a).mul(asDec(b)))).toBe(true);
        const order = compareFixed(a, b);
        if (order !== null) expect(order).toBe(asDec(a).comparedTo(asDec(b)));
        const cents = centsOfFixed(a);
        expect(cents).not.toBeNull();
        expect(formatCents(cents!)).toBe(formatMoney(roundCents(asDec(a))));
        expect(formatFixed(a)).toBe(asDec(a).toString());
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses (null) instead of rounding when a result leaves the safe-integer range", () => {
    expect(mulFixed({ m: 2 ** 52, s: 0 }, { m: 3, s: 0 })).toBeNull();
    expect(addFixed({ m: Number.MAX_SAFE_INTEGER, s: 0 }, { m: 1, s: 0 })).toBeNull();
    expect(parseFixed("1234567890123456")).toBeNull();
  });
});

// Rate texts of the forms the schedule prints, with random figures.
const percent = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 4 })).map(([i, f, d]) => (d === 0 ? `${i}` : `${i}.${String(f).padStart(4, "0").slice(0, d)}`));
const unit = fc.constantFrom("kg", "liter", "doz.", "each", "m2", "pf. liter", "t", "g", "1000");
const specific = fc.tuple(percent, unit, fc.boolean()).map(([n, u, cents]) => (u === "each" ? (cents ? `${n}¢ each` : `$${n} each`) : cents ? `${n}¢/${u}` : `$${n}/${u}`));
const rateText = fc.oneof(
  percent.map((p) => `${p}%`),
  specific,
  fc.tuple(specific, percent).map(([s, p]) => `${s} + ${p}%`),
  fc.constant("Free"),
);
const qtyUnit = fc.constantFrom("kg", "lb", "g", "t", "liters", "gal", "ml", "No.", "doz.", "gross", "m2", "ft2", "pf.liters", "thousands");
const quantity = fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 3 }), qtyUnit, fc.option(fc.integer({ min: 1, max: 1000 }))).map(
  ([n, d, u, abv]) => `${d === 0 ? n : (n / 10 ** d).toFixed(d)}:${u}${u === "liters" && abv !== null ? `:${abv / 10}%` : ""}`,
);

describe("rate evaluation: fixed point vs decimal.js", () => {
  it("same status, same cents (rounded once, half-up) and same basis on random rates, values and quantities", () => {
    let compared = 0;
    fc.assert(
      fc.property(rateText, fc.integer({ min: 0, max: 1e12 }), fc.array(quantity, { maxLength: 3 }), (text, valueCents, qty) => {
        const expr = parseRate(text);
        const compiled = compileRate(expr);
        if (!compiled) return;
        const quantities = qty.map(parseQuantity);
        const fast = evaluateRateFixed(compiled, valueCents, quantities);
        if (fast === undefined) return; // left the fixed range: the engine uses decimal.js
        compared++;
        const ref = evaluateRate(expr, { value: new Dec(valueCents).div(100), quantities });
        expect(fast.status).toBe(ref.status);
        if (fast.status === "ok" && ref.status === "ok") {
          expect(asDec(fast.amount).eq(ref.amount)).toBe(true);
          expect(formatCents(fast.cents)).toBe(formatMoney(roundCents(ref.amount)));
          expect(fast.basis).toBe(ref.terms.map((t) => t.basis).join(" + "));
        }
      }),
      { numRuns: 3000 },
    );
    expect(compared).toBeGreaterThan(1500);
  });
});

describe("whole requests: calculateDuty vs the decimal.js reference engine", () => {
  let deps: DutyDeps;
  let lines: HtsLine[];
  beforeAll(() => {
    const schedule: Schedule = loadSchedule("knowledge");
    deps = { schedule, dutyData: loadDutyData("knowledge"), clock: () => new Date("2026-11-21T00:00:00Z") };
    lines = schedule.lines.filter((l) => l.level === 10 && !l.digits.startsWith("99"));
  });
  const run = (f: typeof calculateDuty, r: DutyRequest): string => {
    try {
      return JSON.stringify(f(r, deps));
    } catch (err) {
      return `refused: ${(err as Error).message}`;
    }
  };

  it("gives identical results (JSON), refusals included, on random lines, origins, dates, programs and currencies", () => {
    let computed = 0;
    const line = fc.record({
      i: fc.nat(),
      origin: fc.constantFrom("CN", "DE", "VN", "MX", "KR", "JP", "IN", "KE", "GB", "CA", "RU", "AU", "IL", "CL", "BR"),
      value: fc.oneof(fc.integer({ min: 0, max: 1e10 }).map((c) => (c / 100).toFixed(2)), fc.double({ min: 0, max: 1e7, noNaN: true }).map((v) => v.toFixed(3))),
      qty: fc.array(quantity, { minLength: 1, maxLength: 3 }),
      metal: fc.option(fc.integer({ min: 0, max: 1e6 }).map(String)),
      program: fc.option(fc.constantFrom("KR", "AU", "S", "A", "IL", "CL", "JP", "CA", "MX")),
      currency: fc.option(fc.constantFrom("EUR", "JPY", "GBP")),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 3 }), fc.constantFrom("2018-09-01", "2025-03-15", "2025-12-01", "2026-05-01", "2026-11-21"), fc.constantFrom("vessel", "air", undefined), (ls, date, mode) => {
        const request: DutyRequest = {
          lines: ls.map((l) => ({
            hts: lines[l.i % lines.length]!.code,
            origin: l.origin,
            value: l.value,
            qty: l.qty,
            ...(l.metal !== null ? { metalValue: l.metal } : {}),
            ...(l.program !== null ? { program: l.program } : {}),
            ...(l.currency !== null ? { currency: l.currency } : {}),
          })),
          entryDate: date,
          ...(mode ? { mode } : {}),
        };
        const fast = run(calculateDuty, request);
        expect(fast).toBe(run(calculateDutyReference, request));
        if (!fast.startsWith("refused")) computed++;
      }),
      { numRuns: 600 },
    );
    // Most random quantities suit the line's rate; make sure the comparison is mostly of computed results.
    expect(computed).toBeGreaterThan(300);
  });

  it("hands figures beyond the fixed range to decimal.js with the same result", () => {
    const request: DutyRequest = { lines: [{ hts: "6110.20.2010", origin: "CN", value: "123456789012345.67", qty: ["1:doz.", "1:kg"] }], entryDate: "2026-11-21", mode: "vessel" };
    const result = calculateDuty(request, deps);
    expect(JSON.stringify(result)).toBe(JSON.stringify(calculateDutyReference(request, deps)));
    expect(result.lines[0]!.value).toBe("123456789012345.67");
  });
});
