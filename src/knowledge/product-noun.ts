/**
 * The product noun of a description: the word that names what the goods are ("jeans" in "men's
 * cotton denim jeans, woven", "pan" in "aluminum sheet pan", "bulbs" in "LED light bulbs with
 * screw base"). In an English noun phrase that is the last word before the first preposition,
 * punctuation or sentence break; the words before it are modifiers (material, use, size). Headings
 * are mostly named by what an article is, so the descent weighs this word, its WordNet senses and
 * hypernyms ("pan" -> cooking utensil -> kitchen utensil) and its gloss more than the modifiers.
 */
import type { Lexicon } from "./lexicon.ts";
import { stem, terms } from "./text.ts";

/** Words that end the opening noun phrase. */
const BREAK = new Set(["on", "for", "from", "with", "in", "of", "used", "that", "which", "to", "by", "as", "is", "are", "and", "or", "having", "designed", "intended", "made", "imported", "consisting", "containing", "under", "without", "when", "at", "into", "being", "was", "were", "will", "produced", "manufactured", "assembled", "sold", "shipped", "under", "via", "per", "including"]);
/** Opening words that say how goods come, not what they are ("a set of ..."). */
const QUANTITY = new Set(["set", "sets", "pair", "pairs", "kit", "kits", "assortment", "assortments", "variety", "pack", "packs", "range", "line", "series", "collection", "group", "number", "type", "types", "kind", "kinds", "style", "styles", "model", "models", "certain", "various", "three", "two", "four", "five", "several"]);
/** Words of a ruling letter's subject line that are no part of the product's name ("The tariff classification and country of origin of ..."). */
const LEAD = new Set(["the", "a", "an", "certain", "various", "classification", "tariff", "and", "country", "origin", "of"]);
/** Words of a ruling letter that name its questions, wherever they stand ("... and marking of baskets"). */
const LETTER = new Set(["status", "eligibility", "marking", "determination", "revocation", "modification", "affirmation", "applicability", "treatment", "preferential", "reconsideration", "request", "ruling"]);

/** The opening noun phrase's words and its head (last word), or null when none is found. */
export function productPhrase(text: string): { words: string[]; head: string } | null {
  const tokens = text.replace(/[\u2018\u2019]/g, "'").split(/\s+/).slice(0, 40);
  let phrase: string[] = [];
  for (let i = 0; i < tokens.length && phrase.length < 8; i++) {
    const raw = tokens[i]!;
    if (/\d/.test(raw)) break;
    const w = raw.toLowerCase().replace(/'s$/, "").replace(/[^a-z-]/g, "");
    const prev = tokens[i - 1] ?? "";
    // A capitalised word after a lower-case one starts the next sentence ("absorber Descriptive ...").
    if (phrase.length > 0 && /^[A-Z][a-z]/.test(raw) && /^[a-z]/.test(prev)) break;
    if (w === "" || LETTER.has(w) || (phrase.length === 0 && LEAD.has(w))) {
      if (/[,;:.)]$/.test(raw) && phrase.length > 0) break;
      continue;
    }
    if (BREAK.has(w)) {
      // "a set of glasses": the name follows "of".
      if (w === "of" && phrase.length > 0 && QUANTITY.has(phrase[phrase.length - 1]!)) {
        phrase = [];
        continue;
      }
      if (phrase.length > 0) break;
      continue;
    }
    phrase.push(w);
    if (/[,;:.()"\u201c\u201d]$/.test(raw) || /^\(/.test(tokens[i + 1] ?? "")) break;
  }
  phrase = phrase.filter((w) => w.length >= 2 && !QUANTITY.has(w));
  if (phrase.length === 0) return null;
  return { words: phrase, head: phrase[phrase.length - 1]! };
}

/** Terms that name the product, each with how directly (1 the noun itself, less for hypernyms and glosses). */
export interface ProductNoun {
  head: string;
  /** The head with its modifier when WordNet knows the compound ("golf shoe", "lightbulb"). */
  compound: string | null;
  /** Stemmed term -> weight (0..1). */
  terms: Map<string, number>;
  /** Where each term came from, for the rationale ("jeans ~ trousers (WordNet)"). */
  via: Map<string, string>;
}

const SYNONYM = 0.9;
const PER_LEVEL = 0.12;
const GLOSS = 0.45;

/** The product noun of a description and the schedule words it maps to. */
export function productNoun(text: string, lexicon: Lexicon, isCommon: (term: string) => boolean): ProductNoun | null {
  const phrase = productPhrase(text);
  if (!phrase) return null;
  const out = new Map<string, number>();
  const via = new Map<string, string>();
  const put = (lemma: string, weight: number, how: string) => {
    for (const t of terms(lemma)) {
      if (t.length < 3 || (weight < 1 && isCommon(t))) continue;
      if ((out.get(t) ?? 0) < weight) {
        out.set(t, weight);
        via.set(t, how);
      }
    }
  };
  const { head, words } = phrase;
  put(stem(head), 1, head);
  const modifier = words.length > 1 ? words[words.length - 2]! : null;
  // WordNet writes some compounds as one word ("lightbulb").
  const compound = modifier ? ([`${modifier} ${head}`, `${modifier}${head}`].find((c) => lexicon.wordnet.lineage(c) !== null) ?? null) : null;
  for (const w of compound ? [compound, head] : [head]) {
    const lin = lexicon.wordnet.lineage(w);
    if (!lin) continue;
    // A compound's own senses are more telling than the bare head's.
    const scale = w === compound || !compound ? 1 : 0.85;
    for (const { lemma, depth } of lin.lemmas) put(lemma, scale * (depth === 0 ? SYNONYM : Math.max(0.2, SYNONYM - PER_LEVEL * depth)), `${w} ~ ${lemma} (WordNet)`);
    for (const g of lin.gloss) put(g, scale * GLOSS, `${w}: "${g}" (WordNet gloss)`);
  }
  return { head, compound, terms: out, via };
}
