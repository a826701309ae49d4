/**
 * CBP CROSS rulings: loading, code normalisation and stale-code mapping. Two JSONL shapes exist
 * (see knowledge/SOURCES.md): the richer "dev" shape (product_description, text_sanitized,
 * full_text, ...) and the smaller shape with an answer-free `description`. A user's own CROSS
 * export in either shape loads the same way. Codes that are no longer lines of the loaded schedule
 * are flagged as stale, and mapped when an obvious successor exists (the 8-digit line became a
 * declarable leaf, or it has a single statistical line); otherwise they stay flagged and only their
 * still-valid prefix is trusted.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { formatHts, htsDigits } from "../domain/hts-code.ts";
import { DataError, InputError } from "../errors.ts";
import { readManifest } from "./manifest.ts";
import type { HtsLine, Schedule } from "./schedule.ts";
import { stripCodes } from "./text.ts";

/** How a ruling's code relates to the loaded schedule. */
export type CodeStatus = "valid" | "mapped" | "stale";

/** One code a ruling assigns, resolved against the loaded schedule. */
export interface RulingCode {
  /** As written in the ruling, e.g. "6110.30.3020". */
  original: string;
  /** Digits as written (null when unparseable). */
  originalDigits: string | null;
  status: CodeStatus;
  /** Current digits: the code itself when valid, its successor when mapped, null when stale. */
  digits: string | null;
  /** Display form of `digits`, or of the original when stale. */
  code: string;
  /** Longest prefix (4, 6 or 8 digits) of the original that is still a schedule line. */
  validPrefix: string | null;
}

/** One ruling, normalised. */
export interface Ruling {
  number: string;
  /** ISO date (YYYY-MM-DD). */
  date: string;
  subject: string;
  /** Answer-free product description (may be empty when the source has only a subject). */
  description: string;
  country: string | null;
  codes: RulingCode[];
  /** The ruling's primary (first non chapter 98/99) code, or null for origin/marking rulings. */
  primary: RulingCode | null;
  /** Public link on rulings.cbp.gov. */
  link: string;
  /** File the ruling came from. */
  sourceFile: string;
}

const RawRuling = z.looseObject({
  ruling_number: z.string().min(1),
  ruling_date: z.string().nullish(),
  subject: z.string().nullish(),
  description: z.string().nullish(),
  product_description: z.string().nullish(),
  text_sanitized: z.string().nullish(),
  country_of_origin: z.string().nullish(),
  hts_codes: z.union([z.array(z.string()), z.string()]).nullish(),
  primary_hts_code: z.string().nullish(),
});

/** Longest 8/6/4-digit prefix of `digits` that is a line of the schedule. */
function validPrefixOf(schedule: Schedule, digits: string): string | null {
  for (const n of [8, 6, 4]) {
    if (digits.length > n && schedule.get(digits.slice(0, n))) return digits.slice(0, n);
  }
  return null;
}

/** True for lines an entry can declare: 10-digit lines, and 8-digit lines with no statistical split. */
export function isDeclarable(line: HtsLine): boolean {
  return line.level === 10 || (line.level === 8 && line.isLeaf);
}

/** True for chapter 98/99 codes, which are never a product's primary classification. */
export function isSpecialChapter(digits: string): boolean {
  return digits.startsWith("98") || digits.startsWith("99");
}

/** Resolves a code against the schedule: valid, mapped to an obvious successor, or stale. */
export function resolveCode(schedule: Schedule, original: string): RulingCode {
  const digits = htsDigits(original);
  if (!digits) return { original, originalDigits: null, status: "stale", digits: null, code: original.trim(), validPrefix: null };
  const base = { original, originalDigits: digits };
  if (schedule.get(digits)) return { ...base, status: "valid", digits, code: formatHts(digits), validPrefix: digits };
  const prefix = validPrefixOf(schedule, digits);
  let successor: string | null = null;
  if (prefix && prefix.length === 8) {
    const line8 = schedule.get(prefix)!;
    const stat = schedule.children(prefix).filter((l) => l.level === 10);
    // The statistical split was removed (the 8-digit line is now declarable) or collapsed to one line.
    if (line8.isLeaf) successor = prefix;
    else if (stat.length === 1) successor = stat[0]!.digits;
  } else if (prefix && prefix.length === 6 && digits.length >= 8) {
    const leaves = schedule.lines.filter((l) => l.digits.startsWith(prefix) && isDeclarable(l));
    if (leaves.length === 1) successor = leaves[0]!.digits;
  }
  if (successor) return { ...base, status: "mapped", digits: successor, code: formatHts(successor), validPrefix: prefix };
  return { ...base, status: "stale", digits: null, code: formatHts(digits), validPrefix: prefix };
}

function parseCodeList(raw: string[] | string | null | undefined): string[] {
  if (!raw) return [];
  if (Array.isArray(raw)) return raw;
  try {
    const parsed = JSON.parse(raw.replace(/'/g, '"')) as unknown;
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // Not a JSON list: a comma-separated string, as in some CROSS exports.
  }
  return raw.split(/[,;]/);
}

/** Normalises one parsed JSONL record (either shape) into a Ruling. */
export function normaliseRuling(record: unknown, schedule: Schedule, sourceFile: string): Ruling {
  const parsed = RawRuling.safeParse(record);
  if (!parsed.success) throw new InputError(`not a CROSS ruling record: ${parsed.error.issues[0]?.message}`, "ruling_invalid");
  const r = parsed.data;
  const rawCodes = [...new Set(parseCodeList(r.hts_codes).map((c) => c.trim()).filter((c) => c !== ""))];
  if (r.primary_hts_code && !rawCodes.includes(r.primary_hts_code.trim())) rawCodes.unshift(r.primary_hts_code.trim());
  const codes = rawCodes.map((c) => resolveCode(schedule, c));
  const primaryRaw = r.primary_hts_code?.trim() ?? rawCodes.find((c) => !isSpecialChapter(htsDigits(c) ?? c));
  const primary = primaryRaw ? (codes.find((c) => c.original === primaryRaw) ?? null) : null;
  const description = [r.description, r.product_description, r.text_sanitized]
    .filter((t): t is string => typeof t === "string" && t.trim() !== "" && t !== "None")
    .join("\n");
  const number = r.ruling_number.trim().toUpperCase();
  return {
    number,
    date: (r.ruling_date ?? "").slice(0, 10),
    subject: (r.subject ?? "").replace(/\s+/g, " ").trim(),
    description: description.trim(),
    country: r.country_of_origin?.trim() || null,
    codes,
    primary,
    link: `https://rulings.cbp.gov/ruling/${encodeURIComponent(number)}`,
    sourceFile,
  };
}

/**
 * The product text a user would have for a ruling: subject line and answer-free description, with
 * any code pattern removed defensively (some subjects run into the decision sentence).
 */
export function rulingProductText(ruling: Ruling, maxChars = 1500): string {
  const subject = ruling.subject.replace(/^\s*the\s+tariff\s+classification\s+of\s+/i, "").replace(/\s+from\s+[A-Za-z ,.'()-]+$/i, "");
  return stripCodes(`${subject}\n${ruling.description}`).slice(0, maxChars);
}

/** Loads one CROSS JSONL file (either shape). Malformed lines raise a DataError naming the line. */
export function loadRulingsFile(file: string, schedule: Schedule): Ruling[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new InputError(`Cannot read rulings file ${file}`, "rulings_missing", err);
  }
  const out: Ruling[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      out.push(normaliseRuling(JSON.parse(line), schedule, path.basename(file)));
    } catch (err) {
      throw new DataError(`${file} line ${i + 1}: ${err instanceof Error ? err.message : String(err)}`, "rulings_invalid", err);
    }
  });
  return out;
}

/** Loads the rulings files named in knowledge/manifest.json plus any extra (user) files; later duplicates of a number are dropped. */
export function loadRulings(knowledgeDir: string, schedule: Schedule, extraFiles: readonly string[] = []): Ruling[] {
  const manifest = readManifest(knowledgeDir);
  const files = [...manifest.rulings.map((f) => path.join(knowledgeDir, f)), ...extraFiles];
  const seen = new Set<string>();
  const out: Ruling[] = [];
  for (const file of files) {
    for (const r of loadRulingsFile(file, schedule)) {
      if (seen.has(r.number)) continue;
      seen.add(r.number);
      out.push(r);
    }
  }
  return out;
}
