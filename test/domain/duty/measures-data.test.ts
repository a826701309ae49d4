/** Updating, adding or ending a measure is a data change: these tests edit a temp copy of measures.csv only. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSchedule, type Schedule } from "../../../src/knowledge/schedule.ts";
import { loadDutyData } from "../../../src/knowledge/duty-data.ts";
import { calculateDuty } from "../../../src/domain/duty/calculate.ts";
import { DataError } from "../../../src/errors.ts";

let schedule: Schedule;
let original: string;
beforeAll(() => {
  schedule = loadSchedule("knowledge");
  original = readFileSync("knowledge/measures/measures.csv", "utf8");
});

function withMeasures(edit: (csv: string) => string) {
  const dir = mkdtempSync(path.join(tmpdir(), "tollgate-measures-"));
  const file = path.join(dir, "measures.csv");
  writeFileSync(file, edit(original));
  return loadDutyData("knowledge", { measuresFile: file });
}

const req = { lines: [{ hts: "2805.11.0000", origin: "CN", value: 10000 }], entryDate: "2026-11-21" };
const clock = () => new Date("2026-11-21T00:00:00Z");
const heading = (dutyData: ReturnType<typeof loadDutyData>, h: string) =>
  calculateDuty(req, { schedule, dutyData, clock }).lines[0]!.chapter99.find((c) => c.heading === h);

describe("measures are data", () => {
  it("changing a rate in the table changes the duty", () => {
    const data = withMeasures((csv) => csv.replace(/^(s301-88-03,9903\.88\.03,[^,]*,[^,]*,CN,,)25,/m, "$135,"));
    expect(heading(data, "9903.88.03")?.amount).toBe("3500.00");
  });

  it("ending a measure before the entry date removes it", () => {
    const data = withMeasures((csv) => csv.replace(/^(s301-88-03,.*?,value,2019-05-10,)/m, "$12026-11-01"));
    expect(heading(data, "9903.88.03")).toBeUndefined();
  });

  it("adding a row adds a measure with its heading and amount", () => {
    const row = "test-new,9903.99.99,Test program,prefix:2805,CN,,3,value,2026-11-01,,,,Test citation,yes,added by test\n";
    const data = withMeasures((csv) => csv + row);
    expect(heading(data, "9903.99.99")).toMatchObject({ amount: "300.00", program: "Test program", citation: "Test citation" });
  });

  it("a malformed row is a DataError naming the file and row", () => {
    expect(() => withMeasures((csv) => csv + "bad,9903.99.98,X,all,CN,,ten,value,2026-01-01,,,,c,yes,\n")).toThrow(DataError);
  });
});

describe("the table's own consistency", () => {
  // U.S. notes 20 and 31 give each statistical line to one Section 301 heading, and note 16(a) makes 9903.82.02-.19
  // mutually exclusive: no line of the schedule may be charged two of them on one date, whatever the answers.
  it("no statistical line matches two Section 301 headings, nor two unconditional note 16 headings, on one date", () => {
    const data = loadDutyData("knowledge");
    const stacked: string[] = [];
    for (const l of schedule.lines) {
      if (l.level !== 10) continue;
      for (const date of ["2026-04-01", "2026-11-20"]) {
        const ms = data.measures.match(l.digits, "CN", date).map((m) => m.measure);
        const s301 = ms.filter((m) => m.program.startsWith("Section 301"));
        const n16 = ms.filter((m) => m.heading.startsWith("9903.82.") && !m.condition && m.heading !== "9903.82.03");
        if (s301.length > 1 || n16.length > 1) stacked.push(`${l.code} ${date}: ${[...s301, ...n16].map((m) => m.heading).join(" + ")}`);
      }
    }
    expect(stacked).toEqual([]);
  });
});
