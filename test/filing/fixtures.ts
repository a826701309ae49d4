/** Thread material and injected engines for draft-builder tests. */
import { Decimal } from "decimal.js";
import { loadCountries } from "../../src/domain/countries.ts";
import { PROJECT_ROOT } from "../../src/config.ts";
import type { DraftBuilderDeps } from "../../src/filing/draft-builder.ts";
import type { CalculateDutyFn, DutyRequest } from "../../src/filing/duty-apply.ts";
import { loadReferenceData } from "../../src/filing/reference-data.ts";
import { loadSchedule } from "../../src/knowledge/schedule.ts";
import type { DocumentRecord } from "../../src/store/index.ts";
import path from "node:path";

export const KNOWLEDGE_DIR = path.join(PROJECT_ROOT, "knowledge");

const party = (name: string, address: string, country: string) => ({ name, address, country });

export function invoiceDoc(overrides: Record<string, unknown> = {}): DocumentRecord {
  const line = (o: Record<string, unknown>) => ({
    description: null, partNumber: null, quantity: null, unit: null, unitRaw: null, unitPrice: null, amount: null,
    htsCode: null, countryOfOrigin: null, netWeightKg: null, grossWeightKg: null, ...o,
  });
  return {
    id: "doc-inv",
    threadId: "t1",
    fileHash: "h-inv",
    fileName: "invoice.pdf",
    docType: "invoice",
    provenance: {},
    createdAt: "2026-11-20T10:00:00.000Z",
    extracted: {
      type: "invoice",
      schemaVersion: 1,
      invoiceNumber: "INV-2026-0042",
      invoiceDate: "2026-10-20",
      currency: "USD",
      incoterms: "FOB",
      incotermsPlace: "Ho Chi Minh City",
      paymentTerms: null,
      seller: party("Saigon Garment Co., Ltd.", "120 Nguyen Trai Street, District 1, Ho Chi Minh City, Vietnam", "VN"),
      buyer: party("Pacific Apparel LLC", "100 Harbor Blvd, Long Beach, CA 90802", "US"),
      importerOfRecord: null,
      shipTo: null,
      countryOfOrigin: "VN",
      marks: null,
      lineItems: [
        line({ description: "Women's knitted pullovers, 100% cotton", quantity: 1200, unit: "No.", unitPrice: 12.5, amount: 15000, grossWeightKg: 410 }),
        line({ description: "Herbal tea, infusion of mixed herbs", quantity: 500, unit: "kg", unitPrice: 8, amount: 4000, htsCode: "2106.90.9987", netWeightKg: 500, grossWeightKg: 540 }),
        line({ description: "Wooden bathroom vanity cabinet", quantity: 40, unit: "No.", unitPrice: 150, amount: 6000, countryOfOrigin: "CN", grossWeightKg: 900 }),
      ],
      totals: { subtotal: 25000, freight: null, insurance: null, discount: null, otherCharges: null, tax: null, total: 25000 },
      warnings: [],
      ...overrides,
    },
  };
}

export function bolDoc(): DocumentRecord {
  return {
    id: "doc-bol",
    threadId: "t1",
    fileHash: "h-bol",
    fileName: "bol.pdf",
    docType: "bill_of_lading",
    provenance: {},
    createdAt: "2026-11-20T10:01:00.000Z",
    extracted: {
      type: "bill_of_lading",
      data: {
        type: "bill_of_lading",
        documentKind: "bill_of_lading",
        billOfLadingNumber: "MAEU123456789",
        bookingNumber: null,
        carrier: { name: "Maersk", scac: "MAEU" },
        vessel: "MAERSK EMDEN",
        voyage: "245E",
        flight: null,
        portOfLoading: "Ho Chi Minh City",
        portOfDischarge: "Los Angeles",
        placeOfReceipt: null,
        placeOfDelivery: null,
        shipper: party("Saigon Garment Co., Ltd.", "120 Nguyen Trai Street, Ho Chi Minh City", "VN"),
        consignee: party("Pacific Apparel LLC", "100 Harbor Blvd, Long Beach, CA 90802", "US"),
        notifyParty: { name: null, address: null, country: null },
        containers: [{ number: "MSKU1234565", seal: "123", sizeType: "40HC" }],
        packages: 300,
        packageKind: "cartons",
        grossWeightKg: 1850,
        volumeM3: 60,
        dateOfIssue: "2026-10-25",
        onBoardDate: "2026-10-25",
        freightTerms: "collect",
        goodsDescription: "garments, tea, furniture",
      },
    },
  };
}

/** A stand-in for the duty engine: ad valorem general rates, a 25% chapter 99 addition on Chinese goods, MPF and HMF. */
export const fakeDuty: CalculateDutyFn = async (req: DutyRequest) => {
  const schedule = await scheduleOnce();
  const lines = req.lines.map((l) => {
    const rate = schedule.get(l.hts)?.rates.general ?? "Free";
    const pct = /^([\d.]+)%$/.exec(rate)?.[1] ?? "0";
    const base = new Decimal(l.value).times(pct).div(100).toDecimalPlaces(2);
    const chapter99 = l.origin === "CN" ? [{ heading: "9903.88.03", rate: "25%", amount: new Decimal(l.value).times(0.25).toFixed(2) }] : [];
    const amount = chapter99.reduce((a, c) => a.plus(c.amount), base);
    return { hts: l.hts, amount: amount.toFixed(2), rate, chapter99 };
  });
  const value = req.lines.reduce((a, l) => a.plus(l.value), new Decimal(0));
  const duty = lines.reduce((a, l) => a.plus(l.amount), new Decimal(0));
  const mpf = Decimal.min(Decimal.max(value.times(0.003464), 33.58), 651.5).toDecimalPlaces(2);
  const hmf = req.mode === "vessel" ? value.times(0.00125).toDecimalPlaces(2) : new Decimal(0);
  return { lines, totals: { duty: duty.toFixed(2), mpf: mpf.toFixed(2), hmf: hmf.toFixed(2), total: duty.plus(mpf).plus(hmf).toFixed(2) }, warnings: [] };
};

let schedule: ReturnType<typeof loadSchedule> | undefined;
async function scheduleOnce() {
  schedule ??= loadSchedule(KNOWLEDGE_DIR);
  return schedule;
}

/** Real schedule, reference data and countries; injected classifier and duty engine. */
export async function builderDeps(overrides: Partial<DraftBuilderDeps> = {}): Promise<DraftBuilderDeps> {
  return {
    schedule: await scheduleOnce(),
    reference: loadReferenceData(KNOWLEDGE_DIR),
    countries: loadCountries(KNOWLEDGE_DIR),
    calculateDuty: fakeDuty,
    classify: async (description) => (/pullover/i.test(description) ? { hts: "6110.20.2079", confidence: 0.88, source: "classify_product" } : null),
    ...overrides,
  };
}
