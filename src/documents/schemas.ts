/**
 * Versioned output schemas of document extraction. The same zod schemas are used for the LLM
 * extractor's structured output and for validating the offline extractor's result, so both
 * extractors produce one shape. Values are plain (numbers, ISO codes, ISO dates, null when
 * missing); confidence and provenance live beside the data, keyed by field path.
 */
import { z } from "zod";

/** Bumped when a field changes meaning or shape; stored with every extraction. */
export const EXTRACTION_SCHEMA_VERSION = 1;

const str = (d: string) => z.string().nullable().describe(d);
const num = (d: string) => z.number().nullable().describe(d);

/** A party to the transaction. */
export const PartySchema = z.object({
  name: str("Company or person name as printed"),
  address: str("Address as printed, lines joined with ', '"),
  country: str("ISO 3166-1 alpha-2 code of the party's country"),
});
export type Party = z.infer<typeof PartySchema>;

/** One commercial-invoice line. */
export const InvoiceLineSchema = z.object({
  description: str("Description of the goods on this line"),
  partNumber: str("Part, style, SKU or article number"),
  quantity: num("Quantity invoiced"),
  unit: str("Unit normalised to HTS spelling: No., kg, g, t, doz., pairs, doz. prs., liters, m, m2, m3"),
  unitRaw: str("Unit exactly as printed"),
  unitPrice: num("Price per unit in the invoice currency"),
  amount: num("Line amount in the invoice currency"),
  htsCode: str("HTS / HS code printed on the line, digits and dots as printed"),
  countryOfOrigin: str("ISO alpha-2 origin of this line when stated"),
  netWeightKg: num("Net weight in kg when given"),
  grossWeightKg: num("Gross weight in kg when given"),
});
export type InvoiceLine = z.infer<typeof InvoiceLineSchema>;

/** Invoice totals and charges. */
export const InvoiceTotalsSchema = z.object({
  subtotal: num("Sum of the lines before charges"),
  freight: num("Freight charge"),
  insurance: num("Insurance charge"),
  discount: num("Discounts (positive number)"),
  otherCharges: num("Other charges (packing, handling, fees)"),
  tax: num("Tax / VAT amount"),
  total: num("Invoice total"),
});

/** Commercial invoice. */
export const InvoiceSchema = z.object({
  type: z.literal("invoice").describe("Always 'invoice'"),
  invoiceNumber: str("Invoice number"),
  invoiceDate: str("Invoice date, ISO 8601 YYYY-MM-DD"),
  currency: str("ISO 4217 currency code"),
  incoterms: str("Incoterms rule, e.g. FOB, CIF, DDP"),
  incotermsPlace: str("Named place of the Incoterms rule"),
  paymentTerms: str("Payment terms as printed"),
  seller: PartySchema.describe("Seller / shipper / exporter"),
  buyer: PartySchema.describe("Buyer / consignee"),
  importerOfRecord: PartySchema.nullable().describe("Importer of record when stated separately"),
  shipTo: PartySchema.nullable().describe("Ship-to / delivery party when stated"),
  countryOfOrigin: str("ISO alpha-2 origin stated for the whole invoice; null when several ('Various') or none"),
  marks: str("Shipping marks"),
  lineItems: z.array(InvoiceLineSchema).describe("Invoice lines in printed order"),
  totals: InvoiceTotalsSchema,
});
export type InvoiceData = z.infer<typeof InvoiceSchema>;

/** One packing-list line. */
export const PackingLineSchema = z.object({
  description: str("Description of the goods"),
  partNumber: str("Part, style or SKU number"),
  quantity: num("Quantity of goods"),
  unit: str("Unit normalised to HTS spelling"),
  unitRaw: str("Unit as printed"),
  cartons: num("Number of cartons / packages on this line"),
  netWeightKg: num("Net weight in kg"),
  grossWeightKg: num("Gross weight in kg"),
  dimensions: str("Carton dimensions as printed, e.g. 60x40x30 cm"),
  volumeM3: num("Volume in cubic metres"),
});
export type PackingLine = z.infer<typeof PackingLineSchema>;

/** Packing list. */
export const PackingListSchema = z.object({
  type: z.literal("packing_list").describe("Always 'packing_list'"),
  packingListNumber: str("Packing list number"),
  invoiceNumber: str("Related invoice number"),
  date: str("Date, ISO 8601"),
  shipper: PartySchema,
  consignee: PartySchema,
  marks: str("Shipping marks"),
  lineItems: z.array(PackingLineSchema),
  totals: z.object({
    cartons: num("Total cartons / packages"),
    quantity: num("Total quantity"),
    netWeightKg: num("Total net weight in kg"),
    grossWeightKg: num("Total gross weight in kg"),
    volumeM3: num("Total volume in cubic metres"),
  }),
});
export type PackingListData = z.infer<typeof PackingListSchema>;

/** Container on a bill of lading. */
export const ContainerSchema = z.object({
  number: str("Container number (4 letters + 7 digits)"),
  seal: str("Seal number"),
  sizeType: str("Size/type, e.g. 40HC"),
});

/** Bill of lading, sea waybill or air waybill. */
export const BillOfLadingSchema = z.object({
  type: z.literal("bill_of_lading").describe("Always 'bill_of_lading'"),
  documentKind: z.enum(["bill_of_lading", "sea_waybill", "air_waybill"]).nullable().describe("Which transport document"),
  billOfLadingNumber: str("B/L, waybill or AWB number"),
  bookingNumber: str("Booking number"),
  carrier: z.object({ name: str("Carrier name"), scac: str("Carrier SCAC (4 letters) or airline prefix") }),
  vessel: str("Vessel name"),
  voyage: str("Voyage number"),
  flight: str("Flight number for air waybills"),
  portOfLoading: str("Port / airport of loading"),
  portOfDischarge: str("Port / airport of discharge"),
  placeOfReceipt: str("Place of receipt"),
  placeOfDelivery: str("Place of delivery"),
  shipper: PartySchema,
  consignee: PartySchema,
  notifyParty: PartySchema,
  containers: z.array(ContainerSchema),
  packages: num("Number of packages"),
  packageKind: str("Kind of packages, e.g. cartons, pallets"),
  grossWeightKg: num("Gross weight in kg"),
  volumeM3: num("Volume in cubic metres"),
  dateOfIssue: str("Date of issue, ISO 8601"),
  onBoardDate: str("Shipped on board / departure date, ISO 8601"),
  freightTerms: str("Freight prepaid / collect"),
  goodsDescription: str("Description of goods"),
});
export type BillOfLadingData = z.infer<typeof BillOfLadingSchema>;

/** Document types the extractor distinguishes. */
export type DocumentType = "invoice" | "packing_list" | "bill_of_lading" | "other";

/** Where a value was read: 1-based page and line of the page text, and the text of that line. */
export const SourceSchema = z.object({ page: z.number(), line: z.number(), text: z.string() });
export type Source = z.infer<typeof SourceSchema>;

/** Confidence (0..1) and provenance of one field. */
export interface FieldProvenance {
  confidence: number;
  source: Source | null;
  /** Which extractor produced the value kept. */
  by: "offline" | "llm" | "both";
}

/** Extracted data of any supported type. */
export type DocumentData = InvoiceData | PackingListData | BillOfLadingData;

/** The full result of extracting one document. */
export interface ExtractionResult {
  schemaVersion: number;
  type: DocumentType;
  typeReason: string;
  typeConfidence: number;
  /** How the text was obtained. */
  method: "text-layer" | "ocr" | "plain-text";
  pages: number;
  filename: string | null;
  data: DocumentData | null;
  /** Field path (e.g. `lineItems[0].amount`) to confidence and source. */
  provenance: Record<string, FieldProvenance>;
  /** Validation and reconciliation findings a broker should look at. */
  warnings: string[];
  extractors: Array<"offline" | "llm">;
}

/** Empty party, used when a document names nobody in a role. */
export function emptyParty(): Party {
  return { name: null, address: null, country: null };
}
