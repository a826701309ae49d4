import { beforeAll, describe, expect, it } from "vitest";
import { EntryDraftSchema, type EntryDraft } from "../../src/domain/entry/model.ts";
import { buildEntryDraft, type DraftBuilderDeps } from "../../src/filing/draft-builder.ts";
import { InputError } from "../../src/errors.ts";
import type { ClassificationRecord } from "../../src/store/index.ts";
import type { DutyRequest } from "../../src/filing/duty-apply.ts";
import { bolDoc, builderDeps, fakeDuty, invoiceDoc } from "./fixtures.ts";

const vanityChoice: ClassificationRecord = {
  id: "c1", threadId: "t1", description: "Wooden bathroom vanity cabinet", origin: "CN", hts: "9403.60.8093",
  confidence: 0.45, result: {}, createdAt: "2026-11-20T10:02:00.000Z",
};

describe("draft builder", () => {
  let deps: DraftBuilderDeps;
  let draft: EntryDraft;
  beforeAll(async () => {
    deps = await builderDeps();
    draft = await buildEntryDraft({ documents: [invoiceDoc(), bolDoc()], classifications: [vanityChoice] }, deps);
  });

  it("fills the header from the invoice and bill of lading, with a MID built from the seller", () => {
    expect(EntryDraftSchema.parse(draft)).toBeTruthy();
    expect(draft.header).toMatchObject({
      entryType: "01",
      billOfLading: "MAEU123456789",
      importingCarrier: "MAERSK EMDEN",
      modeOfTransport: "11",
      exportDate: "2026-10-25",
      foreignPortOfLading: "Ho Chi Minh City",
      usPortOfUnlading: "Los Angeles",
      manufacturerId: "VNSAIGAR120HOC",
      exportingCountry: "VN",
      countryOfOrigin: "MULTI",
      referenceNumber: "INV-2026-0042",
      importerOfRecord: { name: "Pacific Apparel LLC" },
    });
  });

  it("takes each line's HTS from the thread's choice, the invoice or the classifier, in the HTS unit", () => {
    expect(draft.lines.map((l) => [l.hts, l.classification?.source])).toEqual([
      ["6110.20.2079", "classify_product"],
      ["2106.90.9987", "invoice"],
      ["9403.60.8093", "classification chosen in thread"],
    ]);
    expect(draft.lines[0]!.netQuantity).toEqual({ value: "100", unit: "doz." });
    expect(draft.lines[1]!.netQuantity).toEqual({ value: "500", unit: "kg" });
    expect(draft.lines[2]!.countryOfOrigin).toBe("CN");
  });

  it("puts the duty, chapter 99 additions, fees and totals on the draft in decimal", () => {
    expect(draft.lines[0]).toMatchObject({ rate: "16.5%", duty: "2475.00", enteredValue: "15000.00" });
    expect(draft.lines[2]!.chapter99).toEqual([{ heading: "9903.88.03", rate: "25%", amount: "1500.00" }]);
    expect(draft.fees.map((f) => [f.code, f.amount])).toEqual([["499", "86.60"], ["501", "31.25"]]);
    expect(draft.totals).toEqual({ enteredValue: "25000.00", duty: "4231.00", tax: "0.00", other: "117.85", total: "4348.85" });
  });

  it("warns about data the broker must supply", () => {
    const missing = draft.warnings.filter((w) => w.code === "missing_data").map((w) => w.field);
    expect(missing).toEqual(expect.arrayContaining(["header.portOfEntry", "header.importerNumber", "header.entryDate", "header.importDate", "lines[1].relationship"]));
    expect(missing).not.toContain("header.billOfLading");
  });

  it("warns about partner-agency flags, AD/CVD exposure and low-confidence classifications", () => {
    const pga = draft.warnings.filter((w) => w.code === "pga");
    // The pullover line has no flags; tea is flagged for FDA/USDA, the wooden vanity for the Lacey Act and EPA.
    expect(pga.map((w) => w.line)).toEqual([2, 3]);
    expect(pga[0]!.message).toMatch(/Food and Drug Administration/);
    expect(pga[1]!.message).toMatch(/Lacey Act.*Environmental Protection Agency/);
    expect(draft.lines[1]!.pgaFlags).toEqual(["AM7", "AQ1", "FD4"]);
    const adcvd = draft.warnings.filter((w) => w.code === "adcvd");
    expect(adcvd.map((w) => w.line)).toEqual([3]);
    expect(adcvd[0]!.message).toMatch(/Wooden Cabinets and Vanities/);
    const low = draft.warnings.filter((w) => w.code === "low_confidence");
    expect(low.map((w) => w.line).sort()).toEqual([2, 3]);
    expect(low.find((w) => w.line === 3)!.message).toMatch(/0\.45/);
  });

  it("takes the net quantity in kg from an invoice quantity counted by weight when no net weight is printed", async () => {
    const tea = { description: "Herbal tea, infusion of mixed herbs", quantity: 1000, unit: "lb", unitRaw: "lbs", unitPrice: 4, amount: 4000,
      htsCode: "2106.90.9987", partNumber: null, countryOfOrigin: null, netWeightKg: null, grossWeightKg: null };
    const d = await buildEntryDraft({ documents: [invoiceDoc({ lineItems: [tea] })] }, deps);
    expect(d.lines[0]!.netQuantity).toEqual({ value: "453.6", unit: "kg" });
  });

  it("leaves values blank with a note when the invoice is not in dollars", async () => {
    const d = await buildEntryDraft({ documents: [invoiceDoc({ currency: "EUR" })] }, deps);
    expect(d.lines.every((l) => l.enteredValue === null && l.duty === null)).toBe(true);
    expect(d.notes.join(" ")).toMatch(/in EUR: convert/);
    expect(d.warnings.filter((w) => w.field?.endsWith("enteredValue"))).toHaveLength(3);
  });

  it("drafts a small shipment as an informal entry (11) and asks the engine for informal fees", async () => {
    const items = (invoiceDoc().extracted.lineItems as Array<Record<string, unknown>>).slice(0, 1).map((l) => ({ ...l, quantity: 100, amount: 1250 }));
    const requests: DutyRequest[] = [];
    const d = await buildEntryDraft(
      { documents: [invoiceDoc({ lineItems: items })] },
      { ...deps, calculateDuty: async (r) => (requests.push(r), fakeDuty(r)) },
    );
    expect(d.header.entryType).toBe("11");
    expect(requests[0]!.entryType).toBe("informal");
    expect(d.notes.join(" ")).toMatch(/informal entry limit/);
    // The full three-line shipment ($25,000) stays formal.
    expect(draft.header.entryType).toBe("01");
  });

  it("still drafts when the duty engine refuses, and says why", async () => {
    const d = await buildEntryDraft(
      { documents: [invoiceDoc(), bolDoc()] },
      { ...deps, calculateDuty: async () => { throw new InputError("no rate for entry date"); } },
    );
    expect(d.lines[0]!.duty).toBeNull();
    expect(d.warnings.find((w) => w.code === "duty")?.message).toMatch(/no rate for entry date/);
    expect(d.totals.total).toBe("0.00");
  });
});
