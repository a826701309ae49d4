/**
 * Reads edits to a draft's header (the 7501 blocks a broker fills in that documents rarely give):
 * "port of entry 2704", "set the entry date to 2026-11-20", "importer number 12-3456789",
 * "B/L MAEU123456789", "mode of transport vessel", "carrier MAEU", "MID VNSAIGAR120HOC",
 * "exported from Vietnam on 2026-10-25". Values are normalised the way the draft stores them.
 */
import type { CountryIndex } from "../../domain/countries.ts";
import { findDates } from "./arguments.ts";

/** Header fields the offline model can set (names as in the entry draft's header). */
export type HeaderChanges = Partial<
  Record<
    | "portOfEntry"
    | "entryDate"
    | "importDate"
    | "exportDate"
    | "importerNumber"
    | "billOfLading"
    | "importingCarrier"
    | "modeOfTransport"
    | "manufacturerId"
    | "exportingCountry"
    | "foreignPortOfLading"
    | "usPortOfUnlading",
    string
  >
>;

// 7501 block 9 codes: 11 vessel (container), 40 air, 30 truck, 20 rail. A broker can type the code itself.
const MODES: Array<[RegExp, string]> = [
  [/^(vessel|ocean|sea|ship|container(?:ized)?(?: vessel)?)$/i, "11"],
  [/^(air|airfreight|air freight|plane)$/i, "40"],
  [/^(truck|road)$/i, "30"],
  [/^(rail|train)$/i, "20"],
  [/^(1[0-2]|2[01]|3[01]|4[01])$/, ""],
];

const SEP = "\\s*(?:to|=|:|is|as|of)?\\s*";

function after(text: string, label: string, value: string): string | undefined {
  return new RegExp(`\\b(?:${label})${SEP}(${value})`, "i").exec(text)?.[1];
}

function dateAfter(text: string, label: string): string | undefined {
  const m = new RegExp(`\\b(?:${label})\\b`, "i").exec(text);
  if (!m) return undefined;
  // The first date written after the label (within the same clause).
  const rest = text.slice(m.index + m[0].length).split(/\s+and\s+|;|,\s+(?=[a-z])/i)[0] ?? "";
  return findDates(rest)[0]?.iso;
}

/** The header fields a message sets; empty when it names none it can read. */
export function parseHeaderChanges(text: string, countries: CountryIndex): HeaderChanges {
  const out: HeaderChanges = {};
  const port = after(text, "port of entry|entry port|port code", "\\d{4}");
  if (port) out.portOfEntry = port;
  const entryDate = dateAfter(text, "entry date|date of entry");
  if (entryDate) out.entryDate = entryDate;
  const importDate = dateAfter(text, "import date|arrival date|arrived|arrives|arriving");
  if (importDate) out.importDate = importDate;
  const exportDate = dateAfter(text, "export date|exported|departed|sailed");
  if (exportDate) out.exportDate = exportDate;
  const importer = after(text, "importer(?: of record)? number|ior number|importer no\\.?|ein", "\\d{2}-\\d{7}(?:\\d{2})?|\\d{6}-\\d{5}");
  if (importer) out.importerNumber = importer;
  const bl = after(text, "b/l(?: number| no\\.?)?|bill of lading(?: number)?|awb(?: number)?|air waybill", "[A-Z0-9][A-Z0-9-]{5,}");
  if (bl) out.billOfLading = bl.toUpperCase();
  const carrier = after(text, "importing carrier|carrier|scac|vessel name", "[A-Z0-9][A-Z0-9 .'-]{1,30}?(?=\\s+(?:and|then)\\b|[,;.]|$)");
  if (carrier) out.importingCarrier = carrier.trim();
  const mid = after(text, "mid|manufacturer id", "[A-Z]{2}[A-Z0-9]{4,13}");
  if (mid) out.manufacturerId = mid.toUpperCase();
  const mode = after(text, "mode of transport|transport mode|mode|shipped by|by", "[a-z ]+?(?=\\s+(?:and|then)\\b|[,;.]|$)|\\d{2}\\b");
  if (mode) {
    const hit = MODES.find(([re]) => re.test(mode.trim()));
    if (hit) out.modeOfTransport = hit[1] || mode.trim();
  }
  const exporting = /\b(?:exporting country|exported from|country of export)\s*(?:to|=|:|is)?\s*([A-Za-z][A-Za-z .'-]{1,40}?)(?=\s+(?:on|and)\b|[,;.]|$)/i.exec(text)?.[1];
  const country = exporting ? countries.parse(exporting) : null;
  if (country) out.exportingCountry = country.code;
  const lading = after(text, "foreign port of lading|port of lading|port of loading", "[A-Za-z][A-Za-z .'-]{1,40}?(?=\\s+(?:and|then)\\b|[,;.]|$)");
  if (lading) out.foreignPortOfLading = lading.trim();
  const unlading = after(text, "u\\.?s\\.? port of unlading|port of unlading|port of discharge", "[A-Za-z][A-Za-z .'-]{1,40}?(?=\\s+(?:and|then)\\b|[,;.]|$)");
  if (unlading) out.usPortOfUnlading = unlading.trim();
  return out;
}
