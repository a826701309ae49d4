import { beforeAll, describe, expect, it } from "vitest";
import { loadSchedule } from "../../src/knowledge/schedule.ts";
import { loadDutyData } from "../../src/knowledge/duty-data.ts";
import { calculateDutyTool, createCalculateDutyTool, type CalculateDutyContext } from "../../src/tools/calculate-duty.ts";
import { NotFoundError } from "../../src/errors.ts";

let ctx: CalculateDutyContext;
beforeAll(() => {
  ctx = { schedule: loadSchedule("knowledge"), dutyData: loadDutyData("knowledge"), clock: () => new Date("2026-11-21T10:00:00Z") };
});

describe("calculateDutyTool", () => {
  it("calculates a two-line entry with euro values converted at the given rate", async () => {
    const r = await calculateDutyTool(
      {
        lines: [
          { hts: "5212.11.1010", origin: "KE", value: "10000", currency: "EUR", fxRate: "1.08" },
          { hts: "2204.21.5005", origin: "KE", value: 2000, qty: "1000:liters" },
        ],
        entryDate: "2025-12-01",
        mode: "vessel",
      },
      ctx,
    );
    // 10,000 EUR x 1.08 = 10,800.00 USD; 16.5% = 1,782.00; wine 63.00; MPF 0.3464% x 12,800 = 44.34; HMF 0.125% = 16.00.
    expect(r.lines[0]!.value).toBe("10800.00");
    expect(r.lines[0]!.fx).toMatchObject({ currency: "EUR", rate: "1.08" });
    expect(r.totals).toMatchObject({ value: "12800.00", duty: "1845.00", mpf: "44.34", hmf: "16.00", total: "1905.34" });
  });

  it("refuses an unknown code with a NotFoundError naming the revision", async () => {
    await expect(calculateDutyTool({ lines: [{ hts: "6110.20.2075", origin: "CN", value: 1 }] }, ctx)).rejects.toThrow(NotFoundError);
  });
});

describe("calculate_duty wrapper", () => {
  it("returns totals text plus JSON, and a refusal as text the model can relay", async () => {
    const t = createCalculateDutyTool(ctx);
    expect(t.name).toBe("calculate_duty");
    const ok = String(await t.invoke({ lines: [{ hts: "5212.11.1010", origin: "KE", value: 1000 }], entryDate: "2025-12-01", mode: "air" }));
    expect(ok).toMatch(/^Entry 2025-12-01 .*duty \$165\.00, MPF \$33\.58/);
    const refused = String(await t.invoke({ lines: [{ hts: "2204.21.5005", origin: "KE", value: 1000 }] }));
    expect(refused).toMatch(/^Could not calculate duty: .*give the quantity in liters/);
  });
});
