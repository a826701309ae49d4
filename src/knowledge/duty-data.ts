/**
 * Loads the duty engine's tables from knowledge/: programs.csv, fees.csv, fx-rates.csv,
 * measures/measures.csv (with the coverage and exclusion lists its rows name),
 * measures/column2_countries.csv and tariff_actions/adcvd_hs6_country_warnings.csv. Everything is parsed
 * and indexed here, once, so the engine's per-line work is look-ups. Malformed data is a DataError
 * naming the file and row.
 */
import fs, { readFileSync } from "node:fs";
import path from "node:path";
import { DataError } from "../errors.ts";
import { parseCsvRecords } from "./csv.ts";
import { Dec } from "../domain/money.ts";
import { decOrNull, type FeeRow } from "../domain/fees.ts";
import { makeExclusionList, MeasureIndex, type ListEntry, type Measure, type MeasureQuestion, type MeasureRate, type ScopeCondition } from "../domain/measures.ts";
import type { Program } from "../domain/programs.ts";

/** A Column 2 country with the date its products became subject to Column 2 rates. */
export interface Column2Country {
  country: string;
  name: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  legalReference: string;
}

/** An exchange rate from the rates file. */
export interface FxRate {
  currency: string;
  usdPerUnit: Dec;
  asOf: string;
  source: string;
}

/** An AD/CVD exposure warning row (HS prefix and country). */
export interface AdcvdWarning {
  prefix: string;
  country: string;
  caseDescription: string;
}

/** Everything the duty engine needs besides the schedule. */
export interface DutyData {
  programs: ReadonlyMap<string, Program>;
  fees: readonly FeeRow[];
  measures: MeasureIndex;
  /** Importer-only facts conditional rows turn on, by key. */
  questions: ReadonlyMap<string, MeasureQuestion>;
  column2: ReadonlyMap<string, Column2Country>;
  fx: ReadonlyMap<string, FxRate>;
  fxSource: string;
  adcvd: ReadonlyMap<string, AdcvdWarning[]>;
  /** Files read, for provenance in results. */
  sources: string[];
}

/** Options of {@link loadDutyData}: alternative files, e.g. a temp copy of the measures table in tests. */
export interface DutyDataOptions {
  fxRatesFile?: string;
  measuresFile?: string;
  /** Questions the measures' conditions name (default: knowledge/measures/questions.csv). */
  questionsFile?: string;
  programsFile?: string;
  feesFile?: string;
}

function readRecords(file: string): Record<string, string>[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new DataError(`Cannot read duty data file ${file}`, "data_missing", err);
  }
  // Comment lines (#) let data files carry their own provenance note above the header.
  return parseCsvRecords(text.split(/\r?\n/).filter((l) => !l.startsWith("#")).join("\n"));
}

function isoDate(value: string, file: string, row: number, column: string, optional: boolean): string | null {
  const v = value.trim();
  if (v === "" && optional) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new DataError(`${file} row ${row}: ${column} "${value}" is not a YYYY-MM-DD date`, "data_invalid");
  return v;
}

const codes = (cell: string): string[] => cell.split(/[\s;]+/).map((s) => s.trim().toUpperCase()).filter((s) => s !== "");

function loadPrograms(file: string): Map<string, Program> {
  const out = new Map<string, Program>();
  readRecords(file).forEach((r, i) => {
    const status = r.status as Program["status"];
    if (!["active", "lapsed", "ended", "verify"].includes(status)) throw new DataError(`${file} row ${i + 2}: status "${r.status}" unknown`, "data_invalid");
    const partnersCell = (r.partners ?? "").trim();
    out.set(r.symbol!, {
      symbol: r.symbol!,
      name: r.name!,
      partners: partnersCell === "*" ? "*" : r.partners_known === "yes" ? new Set(codes(partnersCell)) : null,
      status,
      effectiveFrom: isoDate(r.effective_from ?? "", file, i + 2, "effective_from", false)!,
      effectiveTo: isoDate(r.effective_to ?? "", file, i + 2, "effective_to", true),
      mpfExempt: (r.mpf_exempt as Program["mpfExempt"]) || "verify",
      legalReference: r.legal_reference ?? "",
      notes: r.notes ?? "",
    });
  });
  return out;
}

function loadFees(file: string): FeeRow[] {
  return readRecords(file).map((r, i) => {
    const fee = r.fee as FeeRow["fee"];
    if (!["mpf_formal", "mpf_informal", "hmf"].includes(fee)) throw new DataError(`${file} row ${i + 2}: fee "${r.fee}" unknown`, "data_invalid");
    return {
      fee,
      fiscalYear: /^\d{4}$/.test(r.fiscal_year ?? "") ? Number(r.fiscal_year) : null,
      effectiveFrom: isoDate(r.effective_from ?? "", file, i + 2, "effective_from", false)!,
      ratePercent: decOrNull(r.rate_percent),
      amount: decOrNull(r.amount_usd),
      minimum: decOrNull(r.minimum_usd),
      maximum: decOrNull(r.maximum_usd),
      citation: r.citation ?? "",
      status: r.status ?? "",
    };
  });
}

/** Reads an HTS list file: the first column named hts/HTSUS/hts8 gives the codes; other known columns are kept. */
function loadList(knowledgeDir: string, ref: string, cache: Map<string, Record<string, string>[]>): { source: string; rows: Record<string, string>[] } {
  const rel = ref.split("#")[0]!;
  let rows = cache.get(rel);
  if (!rows) {
    rows = readRecords(path.join(knowledgeDir, rel));
    cache.set(rel, rows);
  }
  return { source: rel, rows };
}

function toEntries(rows: Record<string, string>[], headingFilter: string | undefined): ListEntry[] {
  const out: ListEntry[] = [];
  for (const r of rows) {
    if (headingFilter && r.heading !== headingFilter) continue;
    const digits = (r.hts ?? r.HTSUS ?? r.hts8 ?? "").replace(/\D/g, "");
    if (digits.length < 4 || digits.startsWith("99")) continue;
    out.push({
      digits,
      ...(r.partial === "yes" ? { partial: true } : {}),
      ...(r.heading ? { heading: r.heading } : {}),
      ...(r.effective_from ? { effectiveFrom: r.effective_from } : {}),
      ...(r.effective_to ? { effectiveTo: r.effective_to } : {}),
      ...(r.description ? { description: r.description } : {}),
    });
  }
  return out;
}

function parseMeasureRate(cell: string, file: string, row: number): MeasureRate {
  const v = cell.trim();
  if (v === "review") return { kind: "review" };
  const m = /^(?:(floor|floor-met):)?(\d+(?:\.\d+)?)$/.exec(v);
  if (!m) throw new DataError(`${file} row ${row}: rate "${cell}" must be a percentage, floor:N, floor-met:N or review`, "data_invalid");
  const percent = new Dec(m[2]!);
  return m[1] === "floor" ? { kind: "floor", percent } : m[1] === "floor-met" ? { kind: "floorMet", percent } : { kind: "percent", percent };
}

function loadMeasures(knowledgeDir: string, file: string): Measure[] {
  const listCache = new Map<string, Record<string, string>[]>();
  return readRecords(file).map((r, i) => {
    const row = i + 2;
    const scope: ScopeCondition[] = (r.scope ?? "").split("&").map((part) => {
      const p = part.trim();
      if (p === "all") return { type: "all" };
      if (p.startsWith("list:")) {
        const ref = p.slice(5);
        const { source, rows } = loadList(knowledgeDir, ref, listCache);
        return { type: "list", source, entries: toEntries(rows, ref.split("#")[1]) };
      }
      if (p.startsWith("prefix:") || p.startsWith("!prefix:")) {
        const prefixes = p.slice(p.indexOf(":") + 1).split(",").map((s) => s.replace(/\D/g, "")).filter((s) => s !== "");
        return { type: p.startsWith("!") ? "notPrefix" : "prefix", prefixes };
      }
      throw new DataError(`${file} row ${row}: scope part "${p}" must be all, list:<file>[#heading], prefix:<p,...> or !prefix:<p,...>`, "data_invalid");
    });
    const exclusions = (r.exclusions ?? "").split(";").map((s) => s.trim()).filter((s) => s !== "");
    const basis = (r.basis || "value") as Measure["basis"];
    if (!["value", "content", "non-us-content", "none"].includes(basis)) throw new DataError(`${file} row ${row}: basis "${r.basis}" unknown`, "data_invalid");
    const countries = (r.countries ?? "").trim();
    return {
      id: r.id!,
      heading: r.heading ?? "",
      program: r.program ?? "",
      scope,
      countries: countries === "*" ? "*" : new Set(codes(countries)),
      excludeCountries: new Set(codes(r.exclude_countries ?? "")),
      rate: parseMeasureRate(r.rate ?? "", file, row),
      basis,
      effectiveFrom: isoDate(r.effective_from ?? "", file, row, "effective_from", false)!,
      effectiveTo: isoDate(r.effective_to ?? "", file, row, "effective_to", true),
      exclusionLists: exclusions
        .filter((e) => e.startsWith("list:"))
        .map((e) => {
          const { source, rows } = loadList(knowledgeDir, e.slice(5), listCache);
          return makeExclusionList(source, toEntries(rows, undefined));
        }),
      excludedByPrograms: exclusions.filter((e) => e.startsWith("program:")).map((e) => e.slice(8)),
      stacking: r.stacking ?? "",
      citation: r.citation ?? "",
      confirmed: r.confirmed ?? "",
      notes: r.notes ?? "",
      condition: parseCondition(r.condition ?? "", file, row),
      assume: assumptions(parseCondition(r.assume ?? "", file, row)),
    };
  });
}

function parseCondition(cell: string, file: string, row: number): Measure["condition"] {
  const v = cell.trim();
  if (v === "") return null;
  return v.split("&").map((part) => {
    const m = /^([a-z0-9-]+)=(yes|no)$/.exec(part.trim());
    if (!m) throw new DataError(`${file} row ${row}: condition "${cell}" must be <question>=yes|no, joined by &`, "data_invalid");
    return { key: m[1]!, answer: m[2] === "yes" };
  });
}

/** The row's own assumed answers (`assume` column, same syntax as `condition`), or null. */
function assumptions(parsed: Measure["condition"]): Measure["assume"] {
  return parsed === null ? null : new Map(parsed.map((c) => [c.key, c.answer]));
}

function loadQuestions(file: string, measures: readonly Measure[]): Map<string, MeasureQuestion> {
  const out = new Map<string, MeasureQuestion>();
  if (fs.existsSync(file)) {
    for (const r of readRecords(file)) {
      const implied = r.implied_by ?? "";
      if (implied !== "" && implied !== "usContentValue" && implied !== "metalValue") throw new DataError(`${file}: implied_by "${implied}" of question ${r.key} is not a line input`, "data_invalid");
      out.set(r.key!, { key: r.key!, question: r.question ?? "", assumed: r.assumed === "yes", citation: r.citation ?? "", ...(implied ? { impliedBy: implied } : {}) });
    }
  }
  for (const m of measures) {
    const keys = [...(m.condition ?? []).map((c) => c.key), ...(m.assume?.keys() ?? [])];
    for (const key of keys) if (!out.has(key)) throw new DataError(`${file}: question "${key}" of measure ${m.id} is not defined`, "data_invalid");
  }
  return out;
}

/** Loads and indexes all duty tables. `opts` overrides individual files (tests, alternative rate sets). */
export function loadDutyData(knowledgeDir: string, opts: DutyDataOptions = {}): DutyData {
  const f = {
    programs: opts.programsFile ?? path.join(knowledgeDir, "programs.csv"),
    fees: opts.feesFile ?? path.join(knowledgeDir, "fees.csv"),
    measures: opts.measuresFile ?? path.join(knowledgeDir, "measures", "measures.csv"),
    questions: opts.questionsFile ?? path.join(knowledgeDir, "measures", "questions.csv"),
    column2: path.join(knowledgeDir, "measures", "column2_countries.csv"),
    fx: opts.fxRatesFile ?? path.join(knowledgeDir, "fx-rates.csv"),
    adcvd: path.join(knowledgeDir, "tariff_actions", "adcvd_hs6_country_warnings.csv"),
  };
  const column2 = new Map<string, Column2Country>();
  readRecords(f.column2).forEach((r, i) =>
    column2.set(r.country!, {
      country: r.country!,
      name: r.name ?? "",
      effectiveFrom: isoDate(r.effective_from ?? "", f.column2, i + 2, "effective_from", false)!,
      effectiveTo: isoDate(r.effective_to ?? "", f.column2, i + 2, "effective_to", true),
      legalReference: r.legal_reference ?? "",
    }),
  );
  const fx = new Map<string, FxRate>();
  readRecords(f.fx).forEach((r, i) => {
    if (!/^\d+(\.\d+)?$/.test(r.usd_per_unit ?? "")) throw new DataError(`${f.fx} row ${i + 2}: usd_per_unit "${r.usd_per_unit}" is not a number`, "data_invalid");
    fx.set(r.currency!.toUpperCase(), {
      currency: r.currency!.toUpperCase(),
      usdPerUnit: new Dec(r.usd_per_unit!),
      asOf: isoDate(r.as_of ?? "", f.fx, i + 2, "as_of", false)!,
      source: r.source ?? "",
    });
  });
  const adcvd = new Map<string, AdcvdWarning[]>();
  for (const r of readRecords(f.adcvd)) {
    const w = { prefix: r.hts_prefix!, country: r.country!, caseDescription: r.case_desc ?? "" };
    const key = `${w.country}:${w.prefix}`;
    adcvd.set(key, [...(adcvd.get(key) ?? []), w]);
  }
  const measures = loadMeasures(knowledgeDir, f.measures);
  return {
    programs: loadPrograms(f.programs),
    fees: loadFees(f.fees),
    measures: new MeasureIndex(measures),
    questions: loadQuestions(f.questions, measures),
    column2,
    fx,
    fxSource: f.fx,
    adcvd,
    sources: Object.values(f),
  };
}
