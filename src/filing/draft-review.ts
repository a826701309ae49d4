/**
 * Reviews a draft and lists what the broker must look at: data the documents did not supply,
 * partner-government-agency flags on each HTS number, antidumping/countervailing duty exposure,
 * classifications the classifier was not sure of, and HTS numbers that are not declarable lines of
 * the loaded schedule. Every warning is derived from the draft itself and the reference data, so
 * it is recomputed after every edit and can never go stale.
 */
import { htsDigits } from "../domain/hts-code.ts";
import type { EntryDraft, EntryHeader, EntryLine, EntryWarning } from "../domain/entry/model.ts";
import type { Schedule } from "../knowledge/schedule.ts";
import { pgaAgencies, type ReferenceData } from "./reference-data.ts";

/** Below this classifier confidence a line gets a `low_confidence` warning. */
export const LOW_CONFIDENCE = 0.6;

const HEADER_FIELDS: Array<[keyof EntryHeader, string]> = [
  ["portOfEntry", "port of entry code (block 6)"],
  ["entryDate", "entry date (block 7)"],
  ["importingCarrier", "importing carrier (block 8)"],
  ["modeOfTransport", "mode of transport (block 9)"],
  ["countryOfOrigin", "country of origin (block 10)"],
  ["importDate", "import (arrival) date (block 11)"],
  ["billOfLading", "B/L or AWB number (block 12)"],
  ["manufacturerId", "manufacturer ID (block 13)"],
  ["exportingCountry", "exporting country (block 14)"],
  ["exportDate", "export date (block 15)"],
  ["foreignPortOfLading", "foreign port of lading (block 19)"],
  ["usPortOfUnlading", "U.S. port of unlading (block 20)"],
  ["importerNumber", "importer of record number (block 23)"],
  ["ultimateConsignee", "ultimate consignee (block 25)"],
  ["importerOfRecord", "importer of record (block 26)"],
];

const LINE_FIELDS: Array<[keyof EntryLine, string]> = [
  ["hts", "HTSUS number (block 29)"],
  ["countryOfOrigin", "country of origin"],
  ["grossWeightKg", "gross weight (block 30)"],
  ["netQuantity", "net quantity in the HTS unit (block 31)"],
  ["enteredValue", "entered value in USD (block 32)"],
  ["relationship", "buyer-seller relationship (block 32C)"],
];

/** What the review needs. */
export interface ReviewDeps {
  schedule: Pick<Schedule, "validate">;
  reference: ReferenceData;
  lowConfidence?: number;
}

/** Sets each line's PGA flags from the ACE report and returns the draft with a fresh warnings list. */
export function reviewDraft(draft: EntryDraft, deps: ReviewDeps, dutyWarnings: EntryWarning[] = []): EntryDraft {
  const warnings: EntryWarning[] = [];
  for (const [field, label] of HEADER_FIELDS) {
    if (draft.header[field] === null) {
      warnings.push({ code: "missing_data", field: `header.${field}`, message: `Missing ${label}: the documents do not give it; the broker must supply it.` });
    }
  }
  const lines = draft.lines.map((line) => reviewLine(line, deps, warnings));
  return { ...draft, lines, warnings: [...warnings, ...dutyWarnings] };
}

function reviewLine(line: EntryLine, deps: ReviewDeps, warnings: EntryWarning[]): EntryLine {
  const n = line.lineNumber;
  for (const [field, label] of LINE_FIELDS) {
    if (line[field] === null) {
      warnings.push({ code: "missing_data", line: n, field: `lines[${n}].${field}`, message: `Line ${n}: missing ${label}.` });
    }
  }
  let pgaFlags: string[] = [];
  if (line.hts !== null) {
    const v = deps.schedule.validate(line.hts);
    if (!v.valid || v.line?.level !== 10) {
      warnings.push({
        code: "invalid_hts",
        line: n,
        field: `lines[${n}].hts`,
        message: `Line ${n}: ${line.hts} is not a declarable 10-digit line of HTSUS ${v.revision}${v.reason ? ` (${v.reason})` : ""}.`,
      });
    }
    const digits = htsDigits(line.hts) ?? "";
    const entry = deps.reference.pga.get(digits);
    if (entry && entry.flags.length > 0) {
      pgaFlags = entry.flags;
      warnings.push({
        code: "pga",
        line: n,
        message: `Line ${n}: ${line.hts} is flagged for ${pgaAgencies(entry.flags).join(", ")} (ACE PGA flags ${entry.flags.join(", ")}, report of ${deps.reference.pgaReportDate}); partner-agency data or a disclaimer is needed.`,
      });
    }
    const origin = line.countryOfOrigin?.toUpperCase() ?? null;
    const orders = origin ? deps.reference.adcvd.filter((w) => digits.startsWith(w.hs6) && w.country === origin) : [];
    for (const order of orders) {
      warnings.push({
        code: "adcvd",
        line: n,
        message: `Line ${n}: goods of ${order.hs6} from ${order.country} may be subject to antidumping/countervailing duty (${order.caseDescription}); check the scope and supply the AD/CVD case number and deposit.`,
      });
    }
    if (orders.length === 0 && entry && (entry.adFlag || entry.cvFlag)) {
      warnings.push({
        code: "adcvd",
        line: n,
        message: `Line ${n}: ACE flags ${line.hts} for ${[entry.adFlag ? "antidumping" : "", entry.cvFlag ? "countervailing" : ""].filter(Boolean).join(" and ")} duty; check whether an order covers goods of this origin and producer.`,
      });
    }
  }
  const conf = line.classification?.confidence;
  if (line.hts !== null && conf !== null && conf !== undefined && conf < (deps.lowConfidence ?? LOW_CONFIDENCE)) {
    warnings.push({
      code: "low_confidence",
      line: n,
      message: `Line ${n}: the classification ${line.hts} has low confidence (${conf.toFixed(2)}); a broker must confirm it.`,
    });
  }
  if (line.hts !== null && line.classification?.source === "invoice") {
    warnings.push({
      code: "low_confidence",
      line: n,
      message: `Line ${n}: ${line.hts} was taken from the seller's invoice, not classified by Tollgate; a broker must confirm it.`,
    });
  }
  return { ...line, pgaFlags };
}
