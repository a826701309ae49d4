import { describe, expect, it } from "vitest";
import { contentUnit, parseQuantity, quantityIn, unitKey } from "../../../src/domain/quantity.ts";
import { loadSchedule } from "../../../src/knowledge/schedule.ts";

describe("schedule units", () => {
  const schedule = loadSchedule("knowledge");
  it("knows every unit of quantity the schedule prints", () => {
    const unknown = new Set<string>();
    for (const l of schedule.lines) for (const u of l.units) if (u !== "X" && unitKey(u) === null) unknown.add(u);
    expect([...unknown]).toEqual([]);
  });
  it("splits 'No. and kg' into two reporting units", () => {
    const twoUnit = schedule.lines.find((l) => l.digits === "3922100000");
    expect(twoUnit?.units).toEqual(["No.", "kg"]);
  });
  it("keeps content masses apart from gross masses", () => {
    const gross = [parseQuantity("500:kg")];
    expect(quantityIn(gross, "Cu kg")).toBeNull();
    expect(quantityIn([parseQuantity("2500:Au g")], "Au g")!.toString()).toBe("2500");
    expect(quantityIn([parseQuantity("2.5:kg Au")], "Au g")!.toString()).toBe("2500");
    expect(quantityIn([parseQuantity("3:t adw")], "t adw")!.toString()).toBe("3");
    expect(quantityIn([parseQuantity("12:Dz Pcs")], "No.")!.toString()).toBe("144");
    expect(quantityIn([parseQuantity("2:thousand m3")], "m3")!.toString()).toBe("2000");
    expect(quantityIn([parseQuantity("1:square")], "m2")!.toString()).toBe("9.290304");
  });
  it("measures 'per kg on lead content' in kilograms of lead", () => {
    expect(contentUnit("kg", "on lead content")).toBe("Pb kg");
    expect(contentUnit("kg", "of total sugars")).toBe("kg ttl sug");
    expect(contentUnit("kg", "on drained weight")).toBeNull();
  });
});
