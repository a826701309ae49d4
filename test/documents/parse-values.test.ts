import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDates, inferContext, parseDate, parseNumber } from "../../src/documents/parse-values.ts";

describe("number parsing in international formats", () => {
  it.each([
    ["1.234,56", 1234.56],
    ["1,234.56", 1234.56],
    ["1 234,56", 1234.56],
    ["1'234.50", 1234.5],
    ["$6,043.40", 6043.4],
    ["€ 2.321,00", 2321],
    ["45,93", 45.93],
    ["1.234.567", 1234567],
    ["(12.50)", -12.5],
    ["0", 0],
  ])("%s -> %d", (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it("resolves an ambiguous single separator from the document's convention", () => {
    expect(parseNumber("54,910")).toBe(54910);
    expect(parseNumber("54,910", { decimalComma: true })).toBe(54.91);
    expect(parseNumber("1.000", { decimalComma: true })).toBe(1000);
  });

  it("rejects text that is not a number", () => {
    expect(parseNumber("abc")).toBeNull();
    expect(parseNumber("12/03/2026")).toBeNull();
  });

  it("round-trips any amount written in US or European style", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_00 }), (cents) => {
        const v = cents / 100;
        const us = v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        const de = v.toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        expect(parseNumber(us)).toBeCloseTo(v, 2);
        expect(parseNumber(de, { decimalComma: true })).toBeCloseTo(v, 2);
      }),
      { numRuns: 300 },
    );
  });
});

describe("date parsing", () => {
  it.each([
    ["July 10, 2026", "2026-07-10"],
    ["August 3 , 2014", "2014-08-03"],
    ["10 July 2026", "2026-07-10"],
    ["19 april 2014", "2014-04-19"],
    ["29 maart 2014", "2014-03-29"],
    ["7. Mai 2014", "2014-05-07"],
    ["du 02 Juillet 2015", "2015-07-02"],
    ["2021-01-01", "2021-01-01"],
    ["28/11/2022", "2022-11-28"],
    ["03/20/2023", "2023-03-20"],
    ["21.05.14", "2014-05-21"],
  ])("%s -> %s", (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it("reads 12/03/2026 day-first or month-first from context and flags the guess", () => {
    expect(parseDate("12/03/2026", { dayFirst: true })).toBe("2026-03-12");
    expect(parseDate("12/03/2026", { dayFirst: false })).toBe("2026-12-03");
    expect(findDates("12/03/2026")[0]!.ambiguous).toBe(true);
    // Another date in the same document with a day above 12 settles the order.
    const ctx = inferContext("Invoice date 12/03/2026\nDue 28/03/2026");
    expect(ctx.dayFirst).toBe(true);
    expect(parseDate("12/03/2026", ctx)).toBe("2026-03-12");
  });

  it("rejects impossible dates", () => {
    expect(parseDate("31/02/2026")).toBeNull();
    expect(parseDate("no date here")).toBeNull();
  });
});
