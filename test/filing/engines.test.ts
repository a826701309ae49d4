import { beforeAll, describe, expect, it } from "vitest";
import { Decimal } from "decimal.js";
import { loadCountries } from "../../src/domain/countries.ts";
import { buildEntryDraft } from "../../src/filing/draft-builder.ts";
import { draftBuilderDeps } from "../../src/filing/engines.ts";
import { loadReferenceData } from "../../src/filing/reference-data.ts";
import { loadDutyData } from "../../src/knowledge/duty-data.ts";
import { loadSchedule } from "../../src/knowledge/schedule.ts";
import type { EntryDraft } from "../../src/domain/entry/model.ts";
import { bolDoc, invoiceDoc, KNOWLEDGE_DIR } from "./fixtures.ts";

describe("draft with the real duty engine", () => {
  let draft: EntryDraft;
  beforeAll(async () => {
    const schedule = loadSchedule(KNOWLEDGE_DIR);
    const deps = draftBuilderDeps({
      schedule,
      dutyData: loadDutyData(KNOWLEDGE_DIR),
      countries: loadCountries(KNOWLEDGE_DIR),
      reference: loadReferenceData(KNOWLEDGE_DIR),
      clock: () => new Date("2026-11-20T12:00:00Z"),
    });
    // No classifier here: the codes come from the invoice. Line 2 has no value, so the duty request
    // has two lines while the draft has three.
    const inv = invoiceDoc();
    const codes = ["6110.20.2079", "2106.90.9987", "9403.60.8093"];
    const items = (inv.extracted.lineItems as Array<Record<string, unknown>>).map((l, i) =>
      i === 1 ? { ...l, amount: null, unitPrice: null } : { ...l, htsCode: codes[i] },
    );
    inv.extracted = { ...inv.extracted, lineItems: items };
    draft = await buildEntryDraft({ documents: [inv, bolDoc()] }, deps);
  });

  it("splits each line's duty into the base rate and its chapter 99 rows, and totals add up", () => {
    const pullover = draft.lines[0]!;
    expect(pullover).toMatchObject({ hts: "6110.20.2079", rate: "16.5%", duty: "2475.00" });
    const lineTotals = draft.lines.flatMap((l) => [l.duty, ...l.chapter99.map((c) => c.amount)]).filter((x): x is string => x !== null);
    expect(lineTotals.reduce((a, x) => a.plus(x), new Decimal(0)).toFixed(2)).toBe(draft.totals.duty);
    expect(new Decimal(draft.totals.duty).plus(draft.totals.other).toFixed(2)).toBe(draft.totals.total);
    expect(draft.fees.map((f) => f.code)).toEqual(["499", "501"]);
    expect(draft.lines[1]!.duty).toBeNull();
  });

  it("numbers the engine's line warnings by the draft's lines, not the request's", () => {
    // 9403.60.8093 is a note 37(f) line: whether it is a wooden kitchen cabinet or vanity is asked of the importer.
    const manual = draft.warnings.filter((w) => w.code === "duty" && /Question for the importer \(wood-cabinet\)/.test(w.message));
    expect(manual.length).toBeGreaterThan(0);
    expect(manual.every((w) => w.line === 3 && w.message.startsWith("Line 3:"))).toBe(true);
    expect(draft.warnings.some((w) => w.code === "duty" && /covers 2 of 3 lines/.test(w.message))).toBe(true);
  });
});
