import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadSchedule } from "../../../src/knowledge/schedule.ts";
import { parseRate, parseSpecial } from "../../../src/domain/rates/parse-rate.ts";
import type { RateExpr } from "../../../src/domain/rates/rate-types.ts";

describe("parseRate on hand-picked texts", () => {
  it("parses free, ad valorem, specific and compound rates with amounts in dollars", () => {
    expect(parseRate("Free").kind).toBe("free");
    const av = parseRate("6.5%");
    expect(av.kind === "formula" && av.terms[0]!.type === "adValorem" && av.terms[0]!.percent.toString()).toBe("6.5");
    const cents = parseRate("2.2¢/kg");
    expect(cents.kind === "formula" && cents.terms[0]!.type === "specific" ? [cents.terms[0]!.amount.toString(), cents.terms[0]!.unit] : null).toEqual(["0.022", "kg"]);
    const dollars = parseRate("$5.10/doz.");
    expect(dollars.kind === "formula" && dollars.terms[0]!.type === "specific" ? [dollars.terms[0]!.amount.toString(), dollars.terms[0]!.unit] : null).toEqual(["5.1", "doz."]);
    const compound = parseRate("37.5¢/kg + 14.9%");
    expect(compound.kind === "formula" ? compound.terms.map((t) => t.type) : null).toEqual(["specific", "adValorem"]);
    const liters = parseRate("44¢/liter");
    expect(liters.kind === "formula" && liters.terms[0]!.type === "specific" ? liters.terms[0]!.unit : null).toBe("liters");
  });

  it("parses the sugar polarity scale with its floor", () => {
    const r = parseRate("3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg");
    expect(r.kind === "formula" && r.terms[0]!.type === "polarity" ? r.terms[0]!.floor.toString() : null).toBe("0.03143854");
  });

  it("parses chapter 99 additional duties, including content-based ones", () => {
    const plus = parseRate("The duty provided in the applicable subheading + 25%");
    expect(plus.kind === "additional" ? plus.percent.toString() : null).toBe("25");
    const content = parseRate("The duty provided in the applicable subheading + a duty of 50% upon the value of the steel content.");
    expect(content.kind === "additional" ? [content.percent.toString(), content.on] : null).toEqual(["50", "steel content"]);
  });

  it("keeps an unmodellable text raw instead of treating it as zero", () => {
    const r: RateExpr = parseRate("Twice the going rate, as the Secretary decides");
    expect(r).toEqual({ kind: "unparsed", text: "Twice the going rate, as the Secretary decides" });
  });

  it("splits the Special column into rate/program groups", () => {
    const p = parseSpecial("Free (A,AU,BH,CL,CO,D,E,IL,JO,MA,OM,P,PA,PE,S,SG) 4.3% (KR)");
    expect(p.unparsed).toBeUndefined();
    expect(p.groups.map((g) => [g.rate.kind, g.programs.length])).toEqual([["free", 16], ["formula", 1]]);
    expect(p.groups[1]!.programs).toEqual(["KR"]);
  });

  it("never throws and never returns zero-by-default for arbitrary text", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseRate(s);
        expect(["free", "formula", "additional", "noChange", "reference", "unparsed"]).toContain(r.kind);
        if (r.kind === "free") expect(/^\s*free/i.test(s)).toBe(true);
      }),
    );
  });

  it("parses any well-formed percentage or cents-per-kg rate to the same figure", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 999 }), (whole, frac) => {
        const text = `${whole}.${frac}`;
        const av = parseRate(`${text}%`);
        expect(av.kind === "formula" && av.terms[0]!.type === "adValorem" ? av.terms[0]!.percent.toString() : null).toBe(String(Number(text)));
      }),
    );
  });
});

describe("rate coverage over every rate text of the loaded schedule", () => {
  it("structures 100% of General and Column 2 texts and >= 99.5% of Special texts", () => {
    const schedule = loadSchedule("knowledge");
    const stats = { general: [0, 0], column2: [0, 0], special: [0, 0] } as Record<string, [number, number]>;
    const kinds = new Map<string, number>();
    const left: string[] = [];
    for (const line of schedule.lines) {
      if (line.rateSource !== line.digits) continue;
      for (const col of ["general", "column2"] as const) {
        const text = line.rates[col];
        if (!text) continue;
        const r = parseRate(text);
        stats[col]![0]++;
        if (r.kind !== "unparsed") stats[col]![1]++;
        else left.push(`${col} ${line.code}: ${text}`);
        const key = `${col}:${line.digits.startsWith("99") ? "ch99" : "ch01-98"}:${r.kind}`;
        kinds.set(key, (kinds.get(key) ?? 0) + 1);
      }
      if (line.rates.special) {
        const p = parseSpecial(line.rates.special);
        stats.special![0]++;
        if (!p.unparsed && p.groups.every((g) => g.rate.kind !== "unparsed")) stats.special![1]++;
        else left.push(`special ${line.code}: ${line.rates.special}`);
      }
    }
    // Printed so the counts (and what the parser left) are visible in the test log.
    console.log("rate coverage", JSON.stringify(stats), Object.fromEntries([...kinds].sort()));
    if (left.length) console.log("needs manual rate:\n" + left.join("\n"));
    expect(stats.general![1]).toBe(stats.general![0]);
    expect(stats.column2![1]).toBe(stats.column2![0]);
    expect(stats.special![1] / stats.special![0]).toBeGreaterThanOrEqual(0.995);
    // Chapter 99 measure texts are counted apart: they must be the "additional"/"noChange" form, not hidden.
    expect(kinds.get("general:ch99:additional") ?? 0).toBeGreaterThan(300);
  });
});
