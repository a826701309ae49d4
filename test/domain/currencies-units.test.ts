import { describe, expect, it } from "vitest";
import { parseCurrency } from "../../src/domain/currencies.ts";
import { normaliseUnit, toKilograms } from "../../src/domain/units.ts";
import { testConfig } from "../documents/helpers.ts";

const dir = testConfig().knowledgeDir;

describe("currency normalisation", () => {
  it.each([
    ["USD", "USD"],
    ["usd", "USD"],
    ["US$", "USD"],
    ["€ 4,24", "EUR"],
    ["Euro", "EUR"],
    ["Rs 1939", "INR"],
    ["316,83 PLN", "PLN"],
    ["RMB", "CNY"],
    ["Total EUR 34,73", "EUR"],
  ])("%s -> %s", (text, code) => {
    expect(parseCurrency(text, dir)).toBe(code);
  });

  it("treats a bare $ as the caller's default and rejects non-currencies", () => {
    expect(parseCurrency("$12.00", dir, "CAD")).toBe("CAD");
    expect(parseCurrency("Net 30", dir)).toBeNull();
    expect(parseCurrency("XYZ", dir)).toBeNull();
  });
});

describe("unit normalisation to HTS spellings", () => {
  it.each([
    ["pcs", "No."],
    ["PCS", "No."],
    ["pieces", "No."],
    ["units", "No."],
    ["ea", "No."],
    ["KGS", "kg"],
    ["g", "g"],
    ["MT", "t"],
    ["dozen", "doz."],
    ["pairs", "pairs"],
    ["dozen pairs", "doz. prs."],
    ["L", "liters"],
    ["litres", "liters"],
    ["m", "m"],
    ["sq m", "m2"],
    ["CBM", "m3"],
  ])("%s -> %s", (raw, code) => {
    expect(normaliseUnit(raw)).toEqual({ code, raw });
  });

  it("returns null for words that are not units and converts weights to kg", () => {
    expect(normaliseUnit("GB")).toBeNull();
    expect(normaliseUnit("")).toBeNull();
    expect(toKilograms(1000, "g")).toBe(1);
    expect(toKilograms(100, "lbs")).toBeCloseTo(45.359, 3);
    expect(toKilograms(2, "pcs")).toBeNull();
  });
});
