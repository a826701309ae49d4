import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { crossCheckDocuments } from "../../src/documents/cross-check.ts";
import { extractDocument } from "../../src/documents/extract.ts";
import type { BillOfLadingData, PackingListData } from "../../src/documents/schemas.ts";
import { DOCS, testConfig, textPdf } from "./helpers.ts";

const config = testConfig();
const synthetic = (name: string) => fs.readFileSync(path.join(DOCS, "synthetic", name), "utf8");

// Synthetic documents (written for Tollgate; there are no public samples with ground truth).
describe("packing lists", () => {
  it("reads columns by their header words, as text and as a generated PDF", async () => {
    const text = synthetic("packing_list_1.txt");
    for (const input of [{ text }, { bytes: await textPdf(text) }]) {
      const r = await extractDocument(input, { config });
      expect(r.type).toBe("packing_list");
      const pl = r.data as PackingListData;
      expect(pl.shipper.country).toBe("VN");
      expect(pl.date).toBe("2026-09-14");
      expect(pl.lineItems.map((l) => [l.partNumber, l.quantity, l.cartons, l.netWeightKg, l.grossWeightKg, l.dimensions])).toEqual([
        ["HT-100", 2400, 60, 720, 780, "60x40x35 cm"],
        ["HT-220", 4800, 40, 384, 424, "60x40x30 cm"],
        ["HT-310", 600, 50, 540.5, 595, "70x50x40 cm"],
      ]);
      expect(pl.totals).toMatchObject({ cartons: 150, quantity: 7800, netWeightKg: 1644.5, grossWeightKg: 1799 });
      // The unit printed in the header ("Qty (pcs)") applies to every row.
      expect(pl.lineItems[0]).toMatchObject({ unit: "No.", unitRaw: "pcs" });
      expect(r.warnings).toEqual([]);
    }
  });

  it("handles another column order, European numbers and labelled totals; warns when totals disagree", async () => {
    const text = synthetic("packing_list_2.txt").replace("Total gross weight: 1.770,50 kg", "Total gross weight: 1.790,50 kg");
    const r = await extractDocument({ text }, { config });
    const pl = r.data as PackingListData;
    expect(pl.lineItems.map((l) => [l.cartons, l.quantity, l.netWeightKg, l.grossWeightKg])).toEqual([
      [25, 500, 1250, 1325.5],
      [10, 1000, 410, 445],
    ]);
    expect(pl.totals).toMatchObject({ cartons: 35, netWeightKg: 1660, grossWeightKg: 1790.5 });
    expect(r.warnings).toEqual([expect.stringMatching(/grossWeightKg.*1790\.5/)]);
  });
});

describe("bills of lading and waybills", () => {
  it("reads an ocean B/L with containers, seals, ports, parties and dates", async () => {
    const r = await extractDocument({ bytes: await textPdf(synthetic("bill_of_lading_1.txt")) }, { config });
    expect(r.type).toBe("bill_of_lading");
    const bl = r.data as BillOfLadingData;
    expect(bl).toMatchObject({
      billOfLadingNumber: "MAEU240917553",
      carrier: { name: "Maersk A/S", scac: "MAEU" },
      vessel: "MAERSK ESSEX",
      voyage: "438E",
      portOfLoading: "Cai Mep, Vietnam",
      portOfDischarge: "Long Beach, CA",
      placeOfReceipt: "Ho Chi Minh City",
      containers: [{ number: "MSKU1234565", seal: "ML-778812" }],
      packages: 150,
      packageKind: "CARTONS",
      grossWeightKg: 1799,
      volumeM3: 18.5,
      onBoardDate: "2026-09-20",
      dateOfIssue: "2026-09-21",
      freightTerms: "prepaid",
    });
    expect(bl.notifyParty.name).toBe("Pacific Customs Brokers LLC");
    expect(r.provenance["containers[0].number"]!.source!.text).toContain("MSKU1234565");
  });

  it("reads a sea waybill with vessel/voyage on one line and several containers", async () => {
    const r = await extractDocument({ text: synthetic("bill_of_lading_2.txt") }, { config });
    const bl = r.data as BillOfLadingData;
    expect(bl.documentKind).toBe("sea_waybill");
    expect(bl).toMatchObject({ vessel: "COSCO SHIPPING ARIES", voyage: "062W", packages: 24, grossWeightKg: 8420, freightTerms: "collect", onBoardDate: "2026-10-02" });
    expect(bl.containers).toEqual([
      { number: "CSNU7212347", seal: "CS0098812", sizeType: "40HC" },
      { number: "TGHU8830016", seal: "CS0098813", sizeType: "40HC" },
    ]);
  });

  it("reads an air waybill in pounds", async () => {
    const text = [
      "AIR WAYBILL",
      "AWB No: 176-82231145",
      "Shipper's Name and Address: Penang Precision Sdn Bhd, Bayan Lepas, Penang, Malaysia",
      "Consignee's Name and Address: Midwest Controls Corp., 77 Elm St, Columbus, OH 43215, USA",
      "Airport of Departure: Penang (PEN)        Airport of Destination: Chicago O'Hare (ORD)",
      "Flight/Date: EK 343 / 14-OCT-2026",
      "No. of Pieces: 12 CASES      Gross Weight: 1,102 lbs",
      "Executed on: 14 October 2026 at Penang",
    ].join("\n");
    const r = await extractDocument({ text }, { config });
    const bl = r.data as BillOfLadingData;
    expect(bl.documentKind).toBe("air_waybill");
    expect(bl).toMatchObject({ billOfLadingNumber: "176-82231145", portOfLoading: "Penang (PEN)", portOfDischarge: "Chicago O'Hare (ORD)", packages: 12, dateOfIssue: "2026-10-14" });
    expect(bl.flight).toBe("EK 343");
    expect(bl.grossWeightKg).toBeCloseTo(499.87, 1);
    expect(bl.shipper.country).toBe("MY");
  });
});

describe("cross-document checks", () => {
  it("lists differences between an invoice, its packing list and its bill of lading", async () => {
    const invoice = [
      "COMMERCIAL INVOICE",
      "Seller: Saigon Home Textiles Co., Ltd., Ho Chi Minh City, Vietnam",
      "Buyer: Harbor Linen Imports Inc., Long Beach, CA 90802, USA",
      "Invoice No: SHT-2026-0917",
      "Description            Qty      Unit Price    Amount",
      "Cotton bath towels     2,400    2.10          5,040.00",
      "Cotton hand towels     4,800    0.90          4,320.00",
      "Terry bathrobes        500      11.00         5,500.00",
      "Total                                         14,860.00",
    ].join("\n");
    const docs = [
      await extractDocument({ text: invoice, filename: "invoice.txt" }, { config }),
      await extractDocument({ text: synthetic("packing_list_1.txt"), filename: "packing-list.txt" }, { config }),
      await extractDocument({ text: synthetic("bill_of_lading_1.txt").replace("1,799.00 KGS", "1,850.00 KGS"), filename: "bl.txt" }, { config }),
    ];
    const { differences, checked } = crossCheckDocuments(docs);
    expect(checked.length).toBeGreaterThan(4);
    expect(differences.map((d) => d.field).sort()).toEqual(["grossWeightKg", "quantity"]);
    expect(differences.find((d) => d.field === "quantity")!.values).toEqual([7700, 7800]);
    expect(differences.find((d) => d.field === "grossWeightKg")!.message).toMatch(/packing-list\.txt.*1799.*bl\.txt.*1850/);
  });
});
