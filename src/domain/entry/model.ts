/**
 * The entry summary draft: CBP Form 7501 data as a zod schema with a schema version. Field comments
 * give the 7501 block number each field fills. Money and quantities are decimal strings (never
 * binary floats); a field the documents did not supply is null and produces a `missing_data`
 * warning rather than a guess, because the broker must supply it.
 */
import { z } from "zod";

/** Version of the saved draft shape; bump it and add a migration path when the shape changes. */
export const ENTRY_SCHEMA_VERSION = 1;

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, "a decimal number as a string").describe("Decimal amount as a string");
const nullableText = z.string().nullable();

/** A party's name and address (blocks 25 and 26). */
export const PartySchema = z.object({
  name: z.string().describe("Name"),
  address: nullableText.describe("Street address, city, postal code, as one text"),
  country: nullableText.describe("ISO country code"),
});

/** Header blocks of the 7501. */
export const EntryHeaderSchema = z.object({
  entryType: z.enum(["01", "11"]).describe("Block 2: 01 formal consumption entry, 11 informal entry"),
  portOfEntry: nullableText.describe("Block 6: CBP port code (4 digits, Schedule D)"),
  entryDate: nullableText.describe("Block 7: entry date, ISO yyyy-mm-dd"),
  importingCarrier: nullableText.describe("Block 8: importing carrier (vessel name or SCAC / airline code)"),
  modeOfTransport: nullableText.describe("Block 9: mode of transport code (10 vessel non-container, 11 vessel container, 40 air, 30 truck, 20 rail)"),
  countryOfOrigin: nullableText.describe("Block 10: country of origin (ISO code, or MULTI)"),
  importDate: nullableText.describe("Block 11: import date, ISO"),
  billOfLading: nullableText.describe("Block 12: B/L or AWB number"),
  manufacturerId: nullableText.describe("Block 13: manufacturer ID (MID)"),
  exportingCountry: nullableText.describe("Block 14: exporting country, ISO code"),
  exportDate: nullableText.describe("Block 15: export date, ISO"),
  foreignPortOfLading: nullableText.describe("Block 19: foreign port of lading"),
  usPortOfUnlading: nullableText.describe("Block 20: U.S. port of unlading"),
  importerNumber: nullableText.describe("Block 23: importer of record number (IRS/EIN or CBP-assigned)"),
  referenceNumber: nullableText.describe("Block 24: reference number (invoice number)"),
  ultimateConsignee: PartySchema.nullable().describe("Block 25: ultimate consignee name and address"),
  importerOfRecord: PartySchema.nullable().describe("Block 26: importer of record name and address"),
  currency: nullableText.describe("Invoice currency (ISO 4217)"),
});
export type EntryHeader = z.infer<typeof EntryHeaderSchema>;

/** An additional (chapter 99) duty on a line (block 29 second HTS number, block 33 rate). */
export const Chapter99Schema = z.object({
  heading: z.string().describe("Chapter 99 heading, e.g. 9903.88.03"),
  rate: z.string().describe("Rate text"),
  amount: decimal,
});

/** One invoice line of the entry (blocks 27-34). */
export const EntryLineSchema = z.object({
  lineNumber: z.number().int().positive().describe("Block 27: line number"),
  description: z.string().describe("Block 28: description of merchandise"),
  hts: nullableText.describe("Block 29A: HTSUS number (10 digits, dotted)"),
  chapter99: z.array(Chapter99Schema).describe("Block 29A/33A: chapter 99 numbers with their rates and amounts"),
  adcvdCase: nullableText.describe("Block 29B: AD/CVD case number, when one applies"),
  countryOfOrigin: nullableText.describe("Country of origin of this line (ISO code)"),
  manufacturerId: nullableText.describe("Manufacturer ID of this line"),
  grossWeightKg: decimal.nullable().describe("Block 30A: gross weight in kg"),
  netQuantity: z
    .object({ value: decimal, unit: z.string() })
    .nullable()
    .describe("Block 31: net quantity in the HTS unit of quantity"),
  enteredValue: decimal.nullable().describe("Block 32A: entered value in USD"),
  relationship: z.enum(["related", "not_related"]).nullable().describe("Block 32C: relationship of buyer and seller"),
  rate: nullableText.describe("Block 33A: HTSUS rate (general or special column)"),
  duty: decimal.nullable().describe("Block 34: duty for the line"),
  pgaFlags: z.array(z.string()).describe("ACE partner-government-agency flags for the HTS number"),
  classification: z
    .object({ confidence: z.number().nullable(), source: z.string() })
    .nullable()
    .describe("Where the HTS number came from and how confident the classifier was"),
});
export type EntryLine = z.infer<typeof EntryLineSchema>;

/** A fee in the "other fee summary" (block 39): MPF 499, HMF 501. */
export const FeeSchema = z.object({ code: z.string(), name: z.string(), amount: decimal });

/** A problem the broker must look at before approving. */
export const WarningSchema = z.object({
  code: z.enum(["missing_data", "pga", "adcvd", "low_confidence", "duty", "invalid_hts"]),
  field: z.string().optional(),
  line: z.number().int().optional(),
  message: z.string(),
});
export type EntryWarning = z.infer<typeof WarningSchema>;

/** The whole draft as saved, hashed, approved and filed. */
export const EntryDraftSchema = z.object({
  schemaVersion: z.literal(ENTRY_SCHEMA_VERSION),
  header: EntryHeaderSchema,
  lines: z.array(EntryLineSchema),
  fees: z.array(FeeSchema),
  totals: z.object({
    enteredValue: decimal.describe("Block 35: total entered value"),
    duty: decimal.describe("Block 37: duty"),
    tax: decimal.describe("Block 38: tax"),
    other: decimal.describe("Block 39: other fees"),
    total: decimal.describe("Block 40: total"),
  }),
  warnings: z.array(WarningSchema),
  /** Facts about how the draft was assembled that the broker should know (assumptions, conversions). */
  notes: z.array(z.string()),
  sources: z.object({
    htsRevision: nullableText,
    documents: z.array(z.object({ id: z.string(), fileHash: z.string(), fileName: z.string(), docType: z.string() })),
    dutyCalculationId: nullableText,
  }),
});
export type EntryDraft = z.infer<typeof EntryDraftSchema>;

/** Draft statuses, in the order a draft normally moves through them. */
export const DRAFT_STATUSES = ["draft", "awaiting_approval", "approved", "rejected", "filed"] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];
