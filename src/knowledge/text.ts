/**
 * Text normalisation shared by the lexical (BM25) index and the local embedding function, so both
 * see the same words. Tariff and ruling text is full of plural/singular variation ("gloves" vs
 * "glove") and of filler words that carry no product meaning, so terms are lower-cased, lightly
 * stemmed and filtered. Codes are removed from product descriptions before they are used as input.
 */

const STOPWORDS = new Set(
  (
    "a an and are as at be been by for from has have in into is it its of on or other such that the their this to " +
    "was were which with not than any all other than whether also each per our your you we they these those there " +
    "product products item items tariff classification ruling merchandise subject described description submitted " +
    "following your request dated letter information provided review"
  ).split(" "),
);

/** Lower-cases, folds accents and splits into alphanumeric words (no stopword removal). */
export function words(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

/** A light plural stemmer: enough to make "gloves"/"glove" and "batteries"/"battery" meet. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith("sses")) return word.slice(0, -2);
  if (word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")) return word;
  if (word.endsWith("ches") || word.endsWith("shes") || word.endsWith("xes")) return word.slice(0, -2);
  if (word.endsWith("s")) return word.slice(0, -1);
  return word;
}

/** Index terms of a text: stemmed words without stopwords or bare numbers shorter than 2 digits. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOPWORDS.has(w)) continue;
    if (/^\d$/.test(w)) continue;
    out.push(stem(w));
  }
  return out;
}

const CODE_PATTERN = /\b\d{4}(?:[.\s]?\d{2}){1,3}\b|\bheading\s+\d{4}\b|\bsubheading\s+\d{4}\.?\d{2}\b/gi;

/**
 * Removes anything that looks like an HTS number (dotted or not, 6 to 10 digits, or "heading 6110")
 * from a product description, so an input never carries its own answer.
 */
export function stripCodes(text: string): string {
  return text.replace(CODE_PATTERN, " ").replace(/\s+/g, " ").trim();
}
