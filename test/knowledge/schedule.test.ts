import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildSchedule, loadSchedule, type Schedule } from "../../src/knowledge/schedule.ts";
import { parseCsv } from "../../src/knowledge/csv.ts";

let schedule: Schedule;
beforeAll(() => {
  schedule = loadSchedule(loadConfig({}).knowledgeDir);
});

describe("loaded HTSUS schedule", () => {
  it("holds every numbered line of the revision", () => {
    expect(schedule.revision).toBe("2026 Revision 4");
    expect(schedule.lines.filter((l) => l.level === 10)).toHaveLength(19_856);
    expect(schedule.lines.filter((l) => l.level === 8)).toHaveLength(6_897);
    expect(schedule.lines.filter((l) => l.level === 4)).toHaveLength(961);
  });

  it("accepts a code in any common format and names the revision", () => {
    for (const input of ["6110.30.3020", "6110303020", "6110.30.30.20", " 6110 30 30 20 "]) {
      const v = schedule.validate(input);
      expect(v.valid).toBe(true);
      expect(v.code).toBe("6110.30.3020");
      expect(v.declarable).toBe(true);
      expect(v.revision).toBe("2026 Revision 4");
    }
  });

  it("rejects codes that are not lines of the revision, and text that is not a code", () => {
    expect(schedule.validate("6110.30.3099")).toMatchObject({ valid: false, code: "6110.30.3099" });
    expect(schedule.validate("sweater").valid).toBe(false);
    expect(schedule.validate("61103").valid).toBe(false);
  });

  it("keeps unnumbered superior rows in the path so a bare 'Other' keeps its meaning", () => {
    const line = schedule.get("6110.30.3020")!;
    expect(line.description).toBe("Women's (646)");
    expect(line.ancestors).toContain("Of man-made fibers:");
    expect(line.ancestors).toContain("Sweaters:");
    expect(line.pathText.startsWith("Sweaters, pullovers, sweatshirts")).toBe(true);
    expect(line.units).toEqual(["doz.", "kg"]);
  });

  it("gives statistical lines the rates of their 8-digit tariff line", () => {
    const line = schedule.get("6110.30.3020")!;
    expect(line.rates.general).toBe("32%");
    expect(line.rates.column2).toBe("90%");
    expect(line.rateSource).toBe("61103030");
    // A 10-digit line that prints its own rates keeps them.
    const asses = schedule.get("0101.30.00.00")!;
    expect(asses.rates.general).toBe("6.8%");
    expect(asses.rateSource).toBe("0101300000");
  });

  it("links lines into a hierarchy", () => {
    const lineage = schedule.lineage("6110303020").map((l) => l.code);
    expect(lineage).toEqual(["6110", "6110.30", "6110.30.30", "6110.30.3020"]);
    expect(schedule.children("61103030").map((l) => l.code)).toContain("6110.30.3020");
    expect(schedule.declarableUnder("6110.30").length).toBeGreaterThan(20);
  });
});

describe("buildSchedule", () => {
  it("does not carry superior rows of one heading into the next", () => {
    const csv = [
      "HTS Number,Indent,Description,Unit of Quantity,General Rate of Duty,Special Rate of Duty,Column 2 Rate of Duty,Quota Quantity,Additional Duties",
      '"0101","0","Horses:","","","","","",""',
      '"","1","Of cotton:","","","","","",""',
      '"0101.21.00","2","Purebred","","Free","","Free","",""',
      '"0102","0","Bovine:","","","","","",""',
      '"0102.21.00","1","Purebred","[""m²""]","5%","","20%","",""',
      '"0102.21.00.10","2","Males","[""No.""]","","","","",""',
    ].join("\n");
    const s = buildSchedule(parseCsv(csv), "test", "test");
    expect(s.get("0102.21.00")!.ancestors).toEqual(["Bovine:"]);
    expect(s.get("0102.21.00")!.units).toEqual(["m2"]);
    expect(s.get("0102.21.00.10")!.rates.general).toBe("5%");
    expect(s.get("0101.21.00")!.pathText).toBe("Horses: > Of cotton: > Purebred");
  });
});
