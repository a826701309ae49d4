/**
 * Builds an entry summary draft from what a thread has gathered: the extracted commercial invoice,
 * packing list and bill of lading, the classifications chosen for the goods, and a duty
 * calculation. It fills only what the documents support and leaves the rest null, which the review
 * turns into warnings; it never invents an importer number, port code or date. Assumptions it does
 * make (seller taken as manufacturer, pieces converted to dozens) are written into `notes`.
 */
import { Decimal } from "decimal.js";
import type { CountryIndex } from "../domain/countries.ts";
import { buildMid, CANADA_PROVINCE_MID } from "../domain/entry/mid.ts";
import { toKilograms } from "../domain/units.ts";
import { ENTRY_SCHEMA_VERSION, type EntryDraft, type EntryHeader, type EntryLine } from "../domain/entry/model.ts";
import { isUserError } from "../errors.ts";
import type { Schedule } from "../knowledge/schedule.ts";
import type { ClassificationRecord, DocumentRecord } from "../store/index.ts";
import { applyDuty, type CalculateDutyFn } from "./duty-apply.ts";
import { reviewDraft, type ReviewDeps } from "./draft-review.ts";
import { asDocuments, type BolLike, type InvoiceLike, type PackingLike, type PartyLike } from "./document-views.ts";

/** A classifier's answer for one product. */
export interface ClassificationChoice {
  hts: string;
  confidence: number | null;
  /** Which tool or person chose it. */
  source: string;
}

/** The classifier, injected: top candidate for a description and origin, or null. */
export type ClassifyFn = (description: string, origin: string | null) => Promise<ClassificationChoice | null>;

/** What building a draft needs. */
export interface DraftBuilderDeps extends ReviewDeps {
  schedule: Pick<Schedule, "validate" | "get" | "revision">;
  countries: Pick<CountryIndex, "parse">;
  calculateDuty: CalculateDutyFn;
  classify?: ClassifyFn;
}

/** The thread's material. */
export interface DraftInputs {
  documents: DocumentRecord[];
  classifications?: ClassificationRecord[];
}

/** Re-runs duty and review on a draft (after building it or after an edit). */
export async function recalculateDraft(draft: EntryDraft, deps: DraftBuilderDeps): Promise<EntryDraft> {
  const withDuty = await applyDuty(draft, deps.calculateDuty);
  return reviewDraft(withDuty.draft, deps, withDuty.warnings);
}

/** Builds a complete draft (header, lines, duty, fees, totals, warnings). */
export async function buildEntryDraft(inputs: DraftInputs, deps: DraftBuilderDeps): Promise<EntryDraft> {
  const { invoice, packing, bol } = asDocuments(inputs.documents);
  const notes: string[] = [];
  const header = buildHeader(invoice, bol, deps, notes);
  const chosen = new Map<string, ClassificationRecord>();
  for (const c of inputs.classifications ?? []) chosen.set(normaliseText(c.description), c);
  const lines: EntryLine[] = [];
  for (const [i, item] of (invoice?.lineItems ?? []).entries()) {
    lines.push(await buildLine(i, item, { invoice, packing, bol, header, chosen, deps, notes, count: invoice?.lineItems.length ?? 0 }));
  }
  const origins = [...new Set(lines.map((l) => l.countryOfOrigin).filter((o): o is string => o !== null))];
  header.countryOfOrigin = origins.length === 1 ? origins[0]! : origins.length > 1 ? "MULTI" : null;
  header.entryType = entryTypeFor(lines, deps, notes);
  if (invoice?.incoterms && /^(CIF|CIP|CFR|CPT|DAP|DPU|DDP)$/i.test(invoice.incoterms)) {
    notes.push(
      `The invoice is on ${invoice.incoterms.toUpperCase()} terms: international freight and insurance included in the price are not part of transaction value (19 U.S.C. 1401a(b)(4)) and should be deducted from the entered values.`,
    );
  }
  if (!invoice) notes.push("No commercial invoice was found among the thread's documents, so the draft has no lines.");
  const draft: EntryDraft = {
    schemaVersion: ENTRY_SCHEMA_VERSION,
    header,
    lines,
    fees: [],
    totals: { enteredValue: "0.00", duty: "0.00", tax: "0.00", other: "0.00", total: "0.00" },
    warnings: [],
    notes,
    sources: {
      htsRevision: deps.schedule.revision,
      documents: inputs.documents.map((d) => ({ id: d.id, fileHash: d.fileHash, fileName: d.fileName, docType: d.docType })),
      dutyCalculationId: null,
    },
  };
  return recalculateDraft(draft, deps);
}

/** Informal entry limit (19 CFR 143.21(a)): shipments valued at $2,500 or less. */
export const INFORMAL_ENTRY_LIMIT = "2500";

/**
 * Type 11 (informal) when every line has a value and the total is within the informal limit and no
 * line is exposed to AD/CVD (which needs a formal entry); type 01 otherwise.
 */
function entryTypeFor(lines: EntryLine[], deps: DraftBuilderDeps, notes: string[]): EntryHeader["entryType"] {
  if (lines.length === 0 || lines.some((l) => l.enteredValue === null)) return "01";
  const total = lines.reduce((a, l) => a.plus(l.enteredValue!), new Decimal(0));
  if (total.greaterThan(INFORMAL_ENTRY_LIMIT)) return "01";
  const adcvd = lines.some((l) => {
    const digits = l.hts?.replace(/\D/g, "") ?? "";
    return deps.reference.adcvd.some((w) => digits.startsWith(w.hs6) && w.country === l.countryOfOrigin) || deps.reference.pga.get(digits)?.adFlag === true;
  });
  if (adcvd) {
    notes.push(`The shipment is valued at $${total.toFixed(2)}, within the informal limit, but a line may be subject to AD/CVD, so it is drafted as a formal entry (01).`);
    return "01";
  }
  notes.push(`The shipment is valued at $${total.toFixed(2)}, within the $2,500 informal entry limit, so it is drafted as an informal entry (11); change the entry type if the goods need a formal entry.`);
  return "11";
}

function party(p: PartyLike | null | undefined): EntryHeader["importerOfRecord"] {
  return p?.name ? { name: p.name, address: p.address ?? null, country: p.country ?? null } : null;
}

function buildHeader(invoice: InvoiceLike | null, bol: BolLike | null, deps: DraftBuilderDeps, notes: string[]): EntryHeader {
  const seller = invoice?.seller ?? bol?.shipper ?? null;
  let mode: string | null = null;
  if (bol) mode = bol.documentKind === "air_waybill" ? "40" : (bol.containers?.length ?? 0) > 0 ? "11" : "10";
  const carrier = mode === "40" ? (bol?.carrier?.scac ?? bol?.carrier?.name ?? null) : (bol?.vessel ?? bol?.carrier?.scac ?? bol?.carrier?.name ?? null);
  return {
    entryType: "01",
    portOfEntry: null,
    entryDate: null,
    importingCarrier: carrier,
    modeOfTransport: mode,
    countryOfOrigin: null,
    importDate: null,
    billOfLading: bol?.billOfLadingNumber ?? null,
    manufacturerId: manufacturerId(seller, deps, notes),
    exportingCountry: seller?.country ?? null,
    exportDate: bol?.onBoardDate ?? null,
    foreignPortOfLading: bol?.portOfLoading ?? null,
    usPortOfUnlading: bol?.portOfDischarge ?? null,
    importerNumber: null,
    referenceNumber: invoice?.invoiceNumber ?? null,
    ultimateConsignee: party(invoice?.shipTo ?? invoice?.buyer ?? bol?.consignee),
    importerOfRecord: party(invoice?.importerOfRecord ?? invoice?.buyer ?? bol?.consignee),
    currency: invoice?.currency ?? null,
  };
}

/** MID from the seller's name and address; null (with a note) when the address cannot be read. */
function manufacturerId(seller: PartyLike | null, deps: DraftBuilderDeps, notes: string[]): string | null {
  if (!seller?.name || !seller.address || !seller.country) return null;
  const segments = seller.address
    .split(/[,\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "" && deps.countries.parse(s)?.code !== seller.country);
  const province = seller.country === "CA" ? segments.map((s) => s.split(/\s+/)[0]!.toUpperCase()).find((w) => CANADA_PROVINCE_MID[w]) : undefined;
  const streetLine = segments.find((s) => /\d/.test(s) && /[A-Za-z]{2,}/.test(s)) ?? null;
  const city = [...segments]
    .reverse()
    .map((s) => s.replace(/\b[A-Z]{0,2}-?\d[\dA-Z -]*\b/g, "").trim())
    .find((s, i, all) => s.length >= 3 && !/\d/.test(s) && !(province && all[i] && CANADA_PROVINCE_MID[s.toUpperCase()]) && !isStreet(s));
  if (!city) {
    notes.push(`No manufacturer ID: the city could not be read from the seller's address "${seller.address}".`);
    return null;
  }
  try {
    const mid = buildMid({ name: seller.name, streetLine, city, country: seller.country, province });
    notes.push(`Manufacturer ID ${mid} was built from the seller ${seller.name} on the invoice, taking the seller as the manufacturer; confirm who made the goods.`);
    return mid;
  } catch (err) {
    if (!isUserError(err)) throw err;
    notes.push(`No manufacturer ID: ${err.message}`);
    return null;
  }
}

function isStreet(s: string): boolean {
  return /\b(street|st|road|rd|avenue|ave|lane|blvd|boulevard|str|strasse|straße|lu|duong|lot|zone|park|industrial|building|floor|suite|box)\b/i.test(s);
}

interface LineContext {
  invoice: InvoiceLike | null;
  packing: PackingLike | null;
  bol: BolLike | null;
  header: EntryHeader;
  chosen: Map<string, ClassificationRecord>;
  deps: DraftBuilderDeps;
  notes: string[];
  count: number;
}

async function buildLine(i: number, item: InvoiceLike["lineItems"][number], ctx: LineContext): Promise<EntryLine> {
  const n = i + 1;
  const description = item.description ?? `Line ${n}`;
  const origin = item.countryOfOrigin ?? (ctx.invoice?.countryOfOrigin && ctx.invoice.countryOfOrigin !== "XX" ? ctx.invoice.countryOfOrigin : null) ?? ctx.header.exportingCountry;
  const classification = await chooseClassification(description, origin, item.htsCode, ctx);
  const htsLine = classification ? ctx.deps.schedule.get(classification.hts) : undefined;
  const packingLine = ctx.packing && ctx.packing.lineItems.length === ctx.count ? ctx.packing.lineItems[i] : undefined;
  let gross = item.grossWeightKg ?? packingLine?.grossWeightKg ?? null;
  if (gross === null && ctx.count === 1) gross = ctx.packing?.totals?.grossWeightKg ?? ctx.bol?.grossWeightKg ?? null;
  const netKg = item.netWeightKg ?? packingLine?.netWeightKg ?? null;
  return {
    lineNumber: n,
    description,
    hts: htsLine?.code ?? classification?.hts ?? null,
    chapter99: [],
    adcvdCase: null,
    countryOfOrigin: origin,
    manufacturerId: ctx.header.manufacturerId,
    grossWeightKg: gross === null ? null : new Decimal(gross).toDecimalPlaces(1).toString(),
    netQuantity: netQuantity(n, item, htsLine?.units[0], netKg, ctx.notes),
    enteredValue: enteredValue(n, item, ctx),
    relationship: null,
    rate: htsLine ? htsLine.rates.general : null,
    duty: null,
    pgaFlags: [],
    classification: classification ? { confidence: classification.confidence, source: classification.source } : null,
  };
}

async function chooseClassification(description: string, origin: string | null, invoiceCode: string | null, ctx: LineContext): Promise<ClassificationChoice | null> {
  const chosen = ctx.chosen.get(normaliseText(description));
  if (chosen) return { hts: chosen.hts, confidence: chosen.confidence, source: "classification chosen in thread" };
  if (invoiceCode) {
    const v = ctx.deps.schedule.validate(invoiceCode);
    if (v.valid && v.line?.level === 10) return { hts: v.line.code, confidence: null, source: "invoice" };
  }
  return ctx.deps.classify ? ctx.deps.classify(description, origin) : null;
}

function netQuantity(n: number, item: InvoiceLike["lineItems"][number], htsUnit: string | undefined, netKg: number | null, notes: string[]): EntryLine["netQuantity"] {
  if (!htsUnit || htsUnit === "X") return null;
  if (htsUnit === "kg") {
    // A stated net weight wins; otherwise an invoice quantity counted by weight is the net quantity.
    const kg = netKg ?? (item.quantity !== null && item.unit ? toKilograms(item.quantity, item.unit) : null);
    return kg === null ? null : { value: new Decimal(kg).toDecimalPlaces(1).toString(), unit: "kg" };
  }
  if (item.quantity === null) return null;
  if (item.unit === htsUnit) return { value: new Decimal(item.quantity).toString(), unit: htsUnit };
  if (htsUnit === "doz." && item.unit === "No.") {
    notes.push(`Line ${n}: ${item.quantity} pieces reported as ${new Decimal(item.quantity).div(12).toDecimalPlaces(2).toString()} dozen, the HTS unit.`);
    return { value: new Decimal(item.quantity).div(12).toDecimalPlaces(2).toString(), unit: "doz." };
  }
  if (htsUnit === "No." && item.unit === null) return { value: new Decimal(item.quantity).toString(), unit: "No." };
  return null;
}

function enteredValue(n: number, item: InvoiceLike["lineItems"][number], ctx: LineContext): string | null {
  const amount = item.amount ?? (item.quantity !== null && item.unitPrice !== null ? new Decimal(item.quantity).times(item.unitPrice).toNumber() : null);
  if (amount === null) return null;
  const currency = ctx.invoice?.currency ?? null;
  if (currency === null || currency === "USD") {
    if (currency === null && n === 1) ctx.notes.push("The invoice states no currency; amounts were taken as U.S. dollars.");
    return new Decimal(amount).toFixed(2, Decimal.ROUND_HALF_UP);
  }
  if (n === 1) ctx.notes.push(`The invoice is in ${currency}: convert each line to U.S. dollars at the CBP rate for the date of exportation and enter the values.`);
  return null;
}

function normaliseText(s: string): string {
  return s.toLowerCase().replace(/\s+/g, " ").trim();
}
