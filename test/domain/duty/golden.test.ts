/**
 * Golden cases worked by hand from the rate texts of HTSUS 2026 Revision 4 and the rows of
 * knowledge/measures/measures.csv. Each expected figure is derived in the comment above it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadSchedule, type Schedule } from "../../../src/knowledge/schedule.ts";
import { loadDutyData, type DutyData } from "../../../src/knowledge/duty-data.ts";
import { calculateDuty } from "../../../src/domain/duty/calculate.ts";
import type { DutyDeps, DutyRequest } from "../../../src/domain/duty/types.ts";

let deps: DutyDeps;
beforeAll(() => {
  const schedule: Schedule = loadSchedule("knowledge");
  const dutyData: DutyData = loadDutyData("knowledge");
  deps = { schedule, dutyData, clock: () => new Date("2026-11-21T15:00:00Z") };
});
const calc = (r: DutyRequest) => calculateDuty(r, deps);

describe("base duty from the schedule's rate texts", () => {
  it("ad valorem: 5212.11.1010 at 16.5% on $10,000 from Kenya (no chapter 99 measure for KE) is $1,650.00", () => {
    const r = calc({ lines: [{ hts: "5212.11.1010", origin: "KE", value: "10000" }], entryDate: "2026-11-21", mode: "air" });
    expect(r.lines[0]!.components.map((c) => [c.kind, c.rate, c.amount])).toEqual([["mfn", "16.5%", "1650.00"]]);
    expect(r.lines[0]!.chapter99).toEqual([]);
    expect(r.totals.duty).toBe("1650.00");
  });

  it("specific: 2204.21.5005 wine at 6.3¢/liter x 1,000 liters is $63.00, and refuses without liters", () => {
    const r = calc({ lines: [{ hts: "2204.21.5005", origin: "KE", value: 5000, qty: "1000:liters" }], entryDate: "2026-11-21" });
    expect(r.lines[0]!.amount).toBe("63.00");
    // 264.172 US gallons is 1,000.000 liters (to the milliliter): same duty.
    const g = calc({ lines: [{ hts: "2204.21.5005", origin: "KE", value: 5000, qty: "264.172052:gal" }], entryDate: "2026-11-21" });
    expect(g.lines[0]!.amount).toBe("63.00");
    expect(() => calc({ lines: [{ hts: "2204.21.5005", origin: "KE", value: 5000 }] })).toThrow(/per liters: give the quantity in liters/);
  });

  it("compound: 1901.10.1600 at $1.035/kg + 14.9% on 1,000 kg worth $4,000 is $1,035.00 + $596.00 = $1,631.00", () => {
    const r = calc({ lines: [{ hts: "1901.10.1600", origin: "KE", value: 4000, qty: "2204.62262:lb" }], entryDate: "2026-11-21" });
    expect(r.lines[0]!.amount).toBe("1631.00");
  });
});

describe("quantities, manual rates and warnings", () => {
  it("proof liters from liters and strength: 2208.40.2000 at 23.7¢/pf.liter on 1,000 liters at 40% (800 pf.liters) is $189.60", () => {
    const r = calc({ lines: [{ hts: "2208.40.2000", origin: "KE", value: 6000, qty: "1000:liters:40%" }], entryDate: "2025-12-01" });
    expect(r.lines[0]!.amount).toBe("189.60");
    expect(() => calc({ lines: [{ hts: "2208.40.2000", origin: "KE", value: 6000, qty: "1000:liters" }], entryDate: "2025-12-01" })).toThrow(/pf\.liters/);
  });

  it("the raw-sugar polarity scale is flagged as needing a manual rate, never zeroed silently", () => {
    const r = calc({ lines: [{ hts: "1701.13.1000", origin: "KE", value: 10000, qty: "20000:kg" }], entryDate: "2025-12-01" });
    expect(r.lines[0]!.needsManualRate).toBe(true);
    expect(r.complete).toBe(false);
    expect(r.warnings.join(" ")).toMatch(/Needs manual rate: 1701\.13\.1000.*polarity/);
  });

  it("warns of AD/CVD exposure for wooden cabinets from China", () => {
    const r = calc({ lines: [{ hts: "9403.40.9060", origin: "CN", value: 1000 }], entryDate: "2026-11-21" });
    expect(r.warnings.join(" ")).toMatch(/AD\/CVD exposure: Wooden Cabinets and Vanities/);
  });

  it("an informal entry pays the flat informal MPF ($2.69 in FY2026)", () => {
    const r = calc({ lines: [{ hts: "5212.11.1010", origin: "KE", value: 800 }], entryDate: "2025-12-01", entryType: "informal", mode: "mail" });
    expect(r.totals).toMatchObject({ mpf: "2.69", hmf: "0.00", duty: "132.00", total: "134.69" });
  });
});

describe("special programs", () => {
  it("a KORUS claim from Korea applies (Free), and the U.S. note 52 floor for Korea brings duty to 12.5%", () => {
    const r = calc({ lines: [{ hts: "5212.11.1010", origin: "KR", value: 10000, program: "KR" }], entryDate: "2026-11-21" });
    const line = r.lines[0]!;
    expect(line.program?.applies).toBe(true);
    expect(line.rateColumn).toBe("special");
    expect(line.components[0]).toMatchObject({ kind: "program", amount: "0.00" });
    // 9903.05.71: total 12.5% when the column 1 rate is below 12.5%: 12.5% x 10,000 - 0 = 1,250.00.
    expect(line.chapter99.map((c) => [c.heading, c.amount])).toEqual([["9903.05.71", "1250.00"]]);
  });

  it("a KORUS claim on Chinese goods is refused with the reason, and MFN plus Section 301 and note 52 apply", () => {
    const r = calc({ lines: [{ hts: "5212.11.1010", origin: "CN", value: 10000, program: "KR" }], entryDate: "2026-11-21" });
    const line = r.lines[0]!;
    expect(line.program).toMatchObject({ applies: false });
    expect(line.program?.reason).toMatch(/CN is not a partner/);
    // MFN 16.5% = 1,650.00; 9903.88.03 25% = 2,500.00; 9903.05.31 12.5% = 1,250.00.
    expect(line.chapter99.map((c) => [c.heading, c.amount]).sort()).toEqual([["9903.05.31", "1250.00"], ["9903.88.03", "2500.00"]]);
    expect(line.amount).toBe("5400.00");
  });

  it("a GSP claim is refused because GSP lapsed on 2020-12-31", () => {
    const r = calc({ lines: [{ hts: "2805.11.0000", origin: "KE", value: 1000, program: "A" }], entryDate: "2026-11-21" });
    expect(r.lines[0]!.program?.applies).toBe(false);
    expect(r.lines[0]!.program?.reason).toMatch(/lapsed on 2020-12-31/);
    expect(r.lines[0]!.amount).toBe("53.00");
  });

  it("without a claim, lists the programs the origin could claim and what they save", () => {
    const r = calc({ lines: [{ hts: "5212.11.1010", origin: "MA", value: 10000 }], entryDate: "2026-11-21" });
    expect(r.lines[0]!.eligiblePrograms).toEqual([expect.objectContaining({ symbol: "MA", saving: "1650.00" })]);
  });
});

describe("chapter 99 measures by entry date", () => {
  it("Section 301 List 3 on Chinese sodium (2805.11.0000) is 25%, plus note 52's 12.5%", () => {
    const r = calc({ lines: [{ hts: "2805.11.0000", origin: "CN", value: 10000 }], entryDate: "2026-11-21" });
    // MFN 5.3% = 530.00; 9903.88.03 = 2,500.00; 9903.05.31 = 1,250.00.
    expect(r.lines[0]!.chapter99.map((c) => [c.heading, c.rate, c.amount]).sort()).toEqual([
      ["9903.05.31", "12.5%", "1250.00"],
      ["9903.88.03", "25%", "2500.00"],
    ]);
    expect(r.totals.duty).toBe("4280.00");
    expect(r.totals.dutyByType).toMatchObject({ MFN: "530.00", "Section 301 (China)": "2500.00" });
  });

  it("the same line entered while exclusion 9903.88.69 was in effect reports the exclusion and no 301 duty", () => {
    const r = calc({ lines: [{ hts: "2805.11.0000", origin: "CN", value: 10000 }], entryDate: "2026-10-01" });
    const ch99 = r.lines[0]!.chapter99;
    expect(ch99.find((c) => c.heading === "9903.88.69")).toMatchObject({ rate: "excluded", amount: "0.00" });
    expect(ch99.some((c) => c.heading === "9903.88.03")).toBe(false);
    expect(r.lines[0]!.warnings.join(" ")).toMatch(/exclusion 9903.88.69/);
  });

  it("Section 232 on a steel derivative entered before 2026-04-06 is 50% of the metal content value, and of the full value (warned) without it", () => {
    const r = calc({ lines: [{ hts: "8207.20.0070", origin: "DE", value: 10000, metalValue: 4000 }], entryDate: "2026-04-01" });
    // MFN 3.9% = 390.00; 9903.81.91: 50% x 4,000 = 2,000.00; note 52 (EU) does not apply to 232 goods.
    expect(r.lines[0]!.chapter99.map((c) => [c.heading, c.amount])).toEqual([["9903.81.91", "2000.00"]]);
    expect(r.lines[0]!.amount).toBe("2390.00");
    // Without the content value CBP charges the full value (CSMS #64348411): 50% x 10,000 = 5,000.00.
    const full = calc({ lines: [{ hts: "8207.20.0070", origin: "DE", value: 10000 }], entryDate: "2026-04-01" });
    expect(full.lines[0]!.chapter99.map((c) => [c.heading, c.amount])).toEqual([["9903.81.91", "5000.00"]]);
    expect(full.lines[0]!.warnings.join(" ")).toMatch(/Declaring the steel content value \(metalValue\) would lower this duty/);
  });

  it("from 2026-04-06 the same derivative pays on its full value under note 16(f): total duty brought to 15%", () => {
    // 9903.82.10: 15% x 10,000 - MFN 390.00 = 1,110.00, whatever metal content value is given (note 16(c): full customs value).
    const r = calc({ lines: [{ hts: "8207.20.0070", origin: "DE", value: 10000, metalValue: 4000 }], entryDate: "2026-11-21" });
    expect(r.lines[0]!.chapter99.map((c) => [c.heading, c.amount])).toEqual([["9903.82.10", "1110.00"]]);
    expect(r.lines[0]!.amount).toBe("1500.00");
    expect(r.lines[0]!.notes.join(" ")).toMatch(/metalValue was not used/);
  });

  it("the Section 122 surcharge (10%) applies on 2026-05-01 and not after it expired on 2026-07-23", () => {
    const during = calc({ lines: [{ hts: "5212.11.1010", origin: "KE", value: 10000 }], entryDate: "2026-05-01" });
    expect(during.lines[0]!.chapter99.map((c) => [c.heading, c.amount])).toEqual([["9903.03.01", "1000.00"]]);
    const after = calc({ lines: [{ hts: "5212.11.1010", origin: "KE", value: 10000 }], entryDate: "2026-08-01" });
    expect(after.lines[0]!.chapter99).toEqual([]);
  });

  it("Column 2 applies to Russian goods: 2805.11.0000 at 25%", () => {
    const r = calc({ lines: [{ hts: "2805.11.0000", origin: "RU", value: 1000 }], entryDate: "2026-11-21" });
    expect(r.lines[0]!.rateColumn).toBe("column2");
    expect(r.lines[0]!.components[0]).toMatchObject({ kind: "column2", amount: "250.00" });
  });
});

describe("fees", () => {
  it("MPF is raised to the FY2026 minimum ($33.58) on a small entry and HMF is charged only for vessel", () => {
    const vessel = calc({ lines: [{ hts: "5212.11.1010", origin: "KE", value: 5000 }], entryDate: "2025-12-01", mode: "vessel" });
    expect(vessel.totals).toMatchObject({ mpf: "33.58", hmf: "6.25", duty: "825.00", total: "864.83" });
    const air = calc({ lines: [{ hts: "5212.11.1010", origin: "KE", value: 5000 }], entryDate: "2025-12-01", mode: "air" });
    expect(air.totals.hmf).toBe("0.00");
  });

  it("MPF is capped at the maximum and is computed on the entry total, not per line", () => {
    // Two lines of $100,000: 0.3464% x 200,000 = 692.80 -> capped at 651.50 (per line it would be 2 x 346.40).
    const r = calc({
      lines: [
        { hts: "5212.11.1010", origin: "KE", value: 100000 },
        { hts: "5212.11.1010", origin: "KE", value: 100000 },
      ],
      entryDate: "2025-12-01",
      mode: "air",
    });
    expect(r.totals.mpf).toBe("651.50");
  });

  it("uses the fiscal year of the entry date, and warns when it is after the last known one", () => {
    const fy2025 = calc({ lines: [{ hts: "5212.11.1010", origin: "KE", value: 1000 }], entryDate: "2025-09-30", mode: "air" });
    expect(fy2025.totals.mpf).toBe("32.71");
    const fy2027 = calc({ lines: [{ hts: "5212.11.1010", origin: "KE", value: 1000 }], mode: "air" });
    expect(fy2027.entryDate).toBe("2026-11-21");
    expect(fy2027.totals.mpf).toBe("33.58");
    expect(fy2027.warnings.join(" ")).toMatch(/FY2027 .* not on file; used FY2026/);
  });
});
