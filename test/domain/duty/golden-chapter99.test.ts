/**
 * Golden cases worked by hand from the legal text of chapter 99 (HTSUS 2026 Revision 6: U.S. notes 16, 19, 33, 36,
 * 37, 38, 39, 52 and their 9903 headings) and the General rates of HTSUS 2026 Revision 4. Customs value $10,000
 * unless said; entry 2026-11-20. Each case gives the note and heading it follows and the arithmetic, and checks
 * every chapter 99 amount and the line total to the cent.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadSchedule } from "../../../src/knowledge/schedule.ts";
import { loadDutyData } from "../../../src/knowledge/duty-data.ts";
import { calculateDuty, calculateDutyReference } from "../../../src/domain/duty/calculate.ts";
import type { DutyDeps } from "../../../src/domain/duty/types.ts";
import { CASES } from "./golden-chapter99-cases.ts";

let deps: DutyDeps;
beforeAll(() => {
  deps = { schedule: loadSchedule("knowledge"), dutyData: loadDutyData("knowledge"), clock: () => new Date("2026-11-20T12:00:00Z") };
});

describe("golden cases from the chapter 99 legal text", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const request = { lines: [{ value: 10000, ...c.line }], entryDate: c.entryDate ?? "2026-11-20" };
      for (const r of [calculateDuty(request, deps), calculateDutyReference(request, deps)]) {
        const l = r.lines[0]!;
        expect(l.chapter99.map((x) => [x.heading, x.amount])).toEqual(c.ch99);
        expect(l.amount).toBe(c.total);
        expect(l.needsManualRate).toBe(false);
        expect((l.questions ?? []).map((q) => q.topic).sort()).toEqual([...(c.questions ?? [])].sort());
      }
    });
  }

  it("an open question gives the heading and rate of each answer", () => {
    const r = calculateDuty({ lines: [{ hts: "8703.23.0190", origin: "GB", value: 10000, qty: "1:No." }], entryDate: "2026-11-20" }, deps);
    const q = r.lines[0]!.questions![0]!;
    expect(q.answers).toEqual([
      { answer: "yes", rate: "9903.94.31 7.5%" },
      { answer: "no", rate: "9903.94.01 25%" },
    ]);
    expect(r.lines[0]!.warnings.join(" ")).toMatch(/Question for the importer \(uk-auto-quota\).*If yes: 9903\.94\.31 7\.5%\. If no: 9903\.94\.01 25%/);
  });

  it("a rate of another provision asks for exactly what it needs", () => {
    const ens = calculateDuty({ lines: [{ hts: "6103.22.0010", origin: "IN", value: 10000, qty: ["1:doz.", "3:kg"] }], entryDate: "2026-11-20" }, deps).lines[0]!;
    expect(ens.needsManualRate).toBe(true);
    expect(ens.questions![0]!.question).toMatch(/give components, the HTS number and value of each article of the ensemble/);
    const part = calculateDuty({ lines: [{ hts: "9005.90.4000", origin: "IN", value: 10000, qty: "1:No." }], entryDate: "2026-11-20" }, deps).lines[0]!;
    expect(part.questions![0]!.question).toMatch(/give articleHts, the HTS number of the article of which it is a part or accessory/);
    const withCode = calculateDuty({ lines: [{ hts: "9005.90.4000", origin: "IN", value: 10000, qty: "1:No.", articleHts: "9005.10.0020" }], entryDate: "2026-11-20" }, deps).lines[0]!;
    expect(withCode.components[0]).toMatchObject({ kind: "mfn", amount: "0.00" });
    expect(withCode.needsManualRate).toBe(false);
  });
});

describe("grouped warnings", () => {
  it("a warning several lines share is given once with their line numbers", () => {
    const line = { hts: "7408.11.6000", origin: "IN", value: 10000, qty: "100:kg" };
    // Copper 9903.78.01 (in force to 2026-04-05) is levied on the copper content: undeclared, the full value is charged.
    const r = calculateDuty({ lines: [line, { ...line, value: 5000 }, { hts: "4407.11.0001", origin: "BR", value: 1000, qty: "1:m3" }], entryDate: "2026-04-01" }, deps);
    const full = r.warnings.filter((w) => /charged on the full value/.test(w));
    expect(full).toHaveLength(1);
    expect(full[0]).toMatch(/^Lines 1, 2: /);
  });
});
