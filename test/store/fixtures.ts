/** A small, valid entry draft for store, approval and filing tests. */
import { ENTRY_SCHEMA_VERSION, type EntryDraft } from "../../src/domain/entry/model.ts";

export function sampleDraft(overrides: Partial<EntryDraft["header"]> = {}): EntryDraft {
  return {
    schemaVersion: ENTRY_SCHEMA_VERSION,
    header: {
      entryType: "01",
      portOfEntry: "2704",
      entryDate: "2026-11-20",
      importingCarrier: "MAEU",
      modeOfTransport: "11",
      countryOfOrigin: "VN",
      importDate: "2026-11-18",
      billOfLading: "MAEU123456789",
      manufacturerId: "VNSAIGAR120HOC",
      exportingCountry: "VN",
      exportDate: "2026-10-25",
      foreignPortOfLading: "Ho Chi Minh City",
      usPortOfUnlading: "Los Angeles",
      importerNumber: "12-3456789",
      referenceNumber: "INV-2026-0042",
      ultimateConsignee: { name: "Pacific Apparel LLC", address: "100 Harbor Blvd, Long Beach CA 90802", country: "US" },
      importerOfRecord: { name: "Pacific Apparel LLC", address: "100 Harbor Blvd, Long Beach CA 90802", country: "US" },
      currency: "USD",
      ...overrides,
    },
    lines: [
      {
        lineNumber: 1,
        description: "Men's knitted pullovers of cotton",
        hts: "6110.20.2079",
        chapter99: [],
        adcvdCase: null,
        countryOfOrigin: "VN",
        manufacturerId: "VNSAIGAR120HOC",
        grossWeightKg: "410",
        netQuantity: { value: "1200", unit: "doz." },
        enteredValue: "24000.00",
        relationship: "not_related",
        rate: "16.5%",
        duty: "3960.00",
        pgaFlags: [],
        classification: { confidence: 0.91, source: "classify_product" },
      },
    ],
    fees: [
      { code: "499", name: "Merchandise Processing Fee", amount: "83.14" },
      { code: "501", name: "Harbor Maintenance Fee", amount: "30.00" },
    ],
    totals: { enteredValue: "24000.00", duty: "3960.00", tax: "0.00", other: "113.14", total: "4073.14" },
    warnings: [],
    notes: [],
    sources: { htsRevision: "2026 Revision 20", documents: [], dutyCalculationId: null },
  };
}
