/**
 * Reference data the draft builder checks each line against: CBP's ACE HTS/PGA report (which
 * partner government agencies flag a 10-digit number, and whether AD or CV duty is flagged on it)
 * and the list of HS-6 / country pairs under antidumping or countervailing duty orders. Loaded
 * once by the caller and passed in.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { DataError } from "../errors.ts";
import { parseCsv } from "../knowledge/csv.ts";

export const PGA_FLAGS_FILE = "cbp/cbp_ace_hts_pga_flags_2026-02-21.csv.gz";
export const ADCVD_FILE = "tariff_actions/adcvd_hs6_country_warnings.csv";

/** Agencies by the two-letter prefix of an ACE PGA flag code (CBP ACE Appendix PGA). */
export const PGA_AGENCIES: Readonly<Record<string, string>> = {
  AL: "APHIS (Lacey Act plant declaration)",
  AM: "USDA Agricultural Marketing Service",
  AQ: "USDA APHIS (plant and animal health)",
  DE: "Drug Enforcement Administration",
  DT: "NHTSA (Department of Transportation)",
  EH: "EPA (hydrofluorocarbons)",
  EP: "Environmental Protection Agency",
  FD: "Food and Drug Administration",
  FS: "USDA Food Safety and Inspection Service",
  FW: "U.S. Fish and Wildlife Service",
  NM: "NOAA National Marine Fisheries Service",
  OM: "Department of State Office of Marine Conservation",
  TB: "Alcohol and Tobacco Tax and Trade Bureau",
};

/** What the ACE report says about one 10-digit number. */
export interface PgaEntry {
  flags: string[];
  adFlag: boolean;
  cvFlag: boolean;
}

/** One AD/CVD exposure row: an HS-6 prefix and a country of origin. */
export interface AdcvdWarning {
  hs6: string;
  country: string;
  caseDescription: string;
}

/** The loaded reference data. */
export interface ReferenceData {
  /** Date of the ACE report. */
  pgaReportDate: string;
  pga: ReadonlyMap<string, PgaEntry>;
  adcvd: readonly AdcvdWarning[];
}

/** Reads both files from the knowledge directory. */
export function loadReferenceData(knowledgeDir: string): ReferenceData {
  let pgaText: string;
  let adcvdText: string;
  try {
    pgaText = gunzipSync(readFileSync(path.join(knowledgeDir, PGA_FLAGS_FILE))).toString("utf8");
    adcvdText = readFileSync(path.join(knowledgeDir, ADCVD_FILE), "utf8");
  } catch (err) {
    throw new DataError(`Cannot read entry reference data under ${knowledgeDir}: ${(err as Error).message}`, "reference_missing", err);
  }
  const rows = parseCsv(pgaText);
  // Line 1 is "HTS Date:,2/21/2026", then a blank line, then the header.
  const reportDate = rows[0]?.[1] ?? "unknown";
  const headerIdx = rows.findIndex((r) => r[0] === "Tariff Number");
  if (headerIdx < 0) throw new DataError(`${PGA_FLAGS_FILE} has no "Tariff Number" header row.`);
  const header = rows[headerIdx]!;
  const col = (name: string) => header.indexOf(name);
  const ad = col("AD Duty");
  const cv = col("CV Duty");
  const pgaCols = header.map((h, i) => (/^PGA \d+$/.test(h) ? i : -1)).filter((i) => i >= 0);
  const pga = new Map<string, PgaEntry>();
  for (const r of rows.slice(headerIdx + 1)) {
    const digits = (r[0] ?? "").trim();
    if (!/^\d{10}$/.test(digits)) continue;
    pga.set(digits, {
      flags: pgaCols.map((i) => (r[i] ?? "").trim()).filter((f) => f !== ""),
      adFlag: r[ad] === "Y",
      cvFlag: r[cv] === "Y",
    });
  }
  const adcvd = parseCsv(adcvdText)
    .slice(1)
    .filter((r) => /^\d{6}$/.test(r[0] ?? ""))
    .map((r) => ({ hs6: r[0]!, country: (r[1] ?? "").trim().toUpperCase(), caseDescription: (r[2] ?? "").trim() }));
  return { pgaReportDate: reportDate, pga, adcvd };
}

/** Human names of the agencies behind a list of flag codes, deduplicated. */
export function pgaAgencies(flags: readonly string[]): string[] {
  return [...new Set(flags.map((f) => PGA_AGENCIES[f.slice(0, 2)] ?? `agency code ${f.slice(0, 2)}`))];
}
