/**
 * More text per schedule line, for the descent classifier: each numbered line's own words (its
 * description and the unnumbered superior rows between it and its numbered parent, e.g. "Of
 * cotton:"), the HS 2022 nomenclature description of its heading or subheading, and per chapter the
 * exclusions of its chapter and section notes ("This chapter does not cover: (a) ..."), which are
 * evidence against a heading.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { parseCsv } from "./csv.ts";
import { readManifest } from "./manifest.ts";
import type { HtsLine } from "./schedule.ts";

/** HS 2022 descriptions by code (2, 4 or 6 digits). */
export function loadHsNomenclature(knowledgeDir: string): Map<string, string> {
  const rows = parseCsv(readFileSync(path.join(knowledgeDir, "hs/hs2022_nomenclature.csv"), "utf8"));
  const header = rows[0] ?? [];
  const cCode = header.indexOf("hscode");
  const cDesc = header.indexOf("description");
  const out = new Map<string, string>();
  for (const row of rows.slice(1)) if (row[cCode] && row[cDesc]) out.set(row[cCode]!.trim(), row[cDesc]!.trim());
  return out;
}

/** Exclusion clauses of each chapter's notes (section notes included), by two-digit chapter. */
export function loadChapterExclusions(knowledgeDir: string): Map<string, string[]> {
  const manifest = readManifest(knowledgeDir);
  const out = new Map<string, string[]>();
  const file = path.join(knowledgeDir, manifest.chapterNotes.file);
  const text = gunzipSync(readFileSync(file)).toString("utf8");
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { chapter: string; notes_text: string };
    out.set(row.chapter.padStart(2, "0"), exclusionClauses(row.notes_text));
  }
  return out;
}

/**
 * The clauses of the "does not cover" notes: each lettered item "(a) ..." up to the next item or
 * the next numbered note. A note that covers "all X except: (a) ..." reads the same way.
 */
export function exclusionClauses(notes: string): string[] {
  const flat = notes.replace(/\s+/g, " ");
  const out: string[] = [];
  const starts = [...flat.matchAll(/(?:does not cover|do not cover|does not include|except)\s*:?/gi)];
  for (const s of starts) {
    const from = s.index! + s[0].length;
    // The note ends at the next numbered note ("2. ") or after 4,000 characters.
    const rest = flat.slice(from, from + 4000);
    const end = rest.search(/\s\d{1,2}\.\s+[A-Z]/);
    const body = end > 0 ? rest.slice(0, end) : rest.slice(0, 1500);
    const items = body.split(/\(\s*[a-z]{1,2}\s*\)\s*/).map((x) => x.trim()).filter((x) => x.length > 3);
    out.push(...(items.length > 0 ? items : [body]));
  }
  return out.map((c) => c.slice(0, 400));
}

/** A line's own words: the superior unnumbered rows below its numbered parent, and its description. */
export function ownText(line: HtsLine, parent: HtsLine | undefined): string {
  const skip = parent ? parent.ancestors.length + 1 : 0;
  return [...line.ancestors.slice(skip), line.description].join(" ");
}
