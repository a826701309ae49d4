/**
 * Manufacturer identification code (MID), built by the rules CBP publishes in the Appendix to
 * 19 CFR Part 102 ("Rules for constructing the manufacturer identification code") and repeats in
 * the CBP Form 7501 instructions:
 *
 * 1. Country: the ISO code of the country of origin, except Canada: "CA" is not valid and the
 *    province code is used instead (XA Alberta, XC British Columbia, XM Manitoba, XB New Brunswick,
 *    XW Newfoundland and Labrador, XT Northwest Territories, XN Nova Scotia, XV Nunavut, XO Ontario,
 *    XP Prince Edward Island, XQ Quebec, XS Saskatchewan, XY Yukon).
 * 2. Name: the first three characters of each of the first two "words" of the name; only three
 *    when the name has one word ("Amalgamated Plastics Corp." -> AMAPLA, "Bergstrom" -> BER).
 *    Initials standing together count as one word ("A.B.C. Company" and "A B C Company" -> ABCCOM,
 *    "O.A.S.I.S. Corp." -> OASCOR). The English words a, an, and, of, the are disregarded ("The
 *    Embroidery House" -> EMBHOU). Company designations (Co., Corp., Ltd., Inc., Company) are NOT
 *    dropped: CBP's own examples count them as words (ABCCOM, OASCOR). Punctuation is disregarded.
 * 3. Address: up to the first four digits of the largest number on the street address line; digits
 *    split by commas or hyphens are read as one number ("12,34,56 Akasaka Road" -> 1234); a number that
 *    is the street's name ("7 12th Street") is not used; omitted when the line has no number.
 * 4. City: the first three letters of the city.
 * The result is upper case, without spaces, at most 15 characters.
 */
import { InputError } from "../../errors.ts";

/** Canadian province and territory MID codes, by the provinces' two-letter postal abbreviations and names. */
export const CANADA_PROVINCE_MID: Readonly<Record<string, string>> = {
  AB: "XA", ALBERTA: "XA",
  BC: "XC", "BRITISH COLUMBIA": "XC",
  MB: "XM", MANITOBA: "XM",
  NB: "XB", "NEW BRUNSWICK": "XB",
  NL: "XW", NEWFOUNDLAND: "XW", "NEWFOUNDLAND AND LABRADOR": "XW", LABRADOR: "XW",
  NT: "XT", "NORTHWEST TERRITORIES": "XT",
  NS: "XN", "NOVA SCOTIA": "XN",
  NU: "XV", NUNAVUT: "XV",
  ON: "XO", ONTARIO: "XO",
  PE: "XP", "PRINCE EDWARD ISLAND": "XP",
  QC: "XQ", QUEBEC: "XQ", "QUÉBEC": "XQ",
  SK: "XS", SASKATCHEWAN: "XS",
  YT: "XY", YUKON: "XY", "YUKON TERRITORY": "XY",
};

const IGNORED_WORDS = new Set(["A", "AN", "AND", "OF", "THE"]);

/** Inputs for one MID. */
export interface MidInput {
  /** Manufacturer's name as on the invoice. */
  name: string;
  /** The street address line (street and number, or box number). */
  streetLine: string | null;
  city: string;
  /** ISO 3166 alpha-2 country of origin. */
  country: string;
  /** Province or territory (name or postal abbreviation); required when country is CA. */
  province?: string | null;
}

/** Builds the MID; throws InputError when a required part (country, name, city, Canadian province) is missing. */
export function buildMid(input: MidInput): string {
  const prefix = countryPart(input.country, input.province ?? null);
  const name = namePart(input.name);
  if (name === "") throw new InputError(`Cannot build a manufacturer ID: the manufacturer name "${input.name}" has no letters or digits.`);
  const city = lettersOnly(input.city).slice(0, 3);
  if (city === "") throw new InputError("Cannot build a manufacturer ID without the manufacturer's city.");
  return `${prefix}${name}${addressPart(input.streetLine ?? "")}${city}`.slice(0, 15);
}

function countryPart(country: string, province: string | null): string {
  const iso = country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(iso)) throw new InputError(`Cannot build a manufacturer ID: "${country}" is not an ISO two-letter country code.`);
  if (iso !== "CA") return iso;
  const code = province ? CANADA_PROVINCE_MID[province.trim().toUpperCase().replace(/\.$/, "")] : undefined;
  if (!code) {
    throw new InputError(
      "Cannot build a manufacturer ID for a Canadian manufacturer without its province: CBP does not accept CA and uses a province code (e.g. XO for Ontario).",
    );
  }
  return code;
}

/** First three characters of each of the first two words, articles dropped, initials joined. */
export function namePart(name: string): string {
  const tokens = tokenizeName(name);
  const words: string[] = [];
  let initials = "";
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    // Initials standing together ("A B C", "A.B.C.") form one word. A lone single letter before an
    // ordinary word is not a run: "A" there is the article and is dropped below.
    const inRun = token.initial && (token.dotted || initials !== "" || tokens[i + 1]?.initial === true);
    if (inRun) {
      initials += token.text;
      continue;
    }
    if (initials !== "") {
      words.push(initials);
      initials = "";
    }
    if (IGNORED_WORDS.has(token.text)) continue;
    words.push(token.text);
  }
  if (initials !== "") words.push(initials);
  return words
    .slice(0, 2)
    .map((w) => w.slice(0, 3))
    .join("");
}

interface NameToken {
  text: string;
  /** A single letter or digit, or dotted initials. */
  initial: boolean;
  /** Written with dots ("A.B.C."), so certainly initials. */
  dotted: boolean;
}

function tokenizeName(name: string): NameToken[] {
  const dotted = /^([A-Z0-9]\.)+[A-Z0-9]?$/;
  return (
    name
      .toUpperCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      // Apostrophes and hyphens join (JACK'S -> JACKS); other punctuation separates, except dots,
      // kept long enough to recognise dotted initials.
      .replace(/['\u2019`-]/g, "")
      .split(/[^A-Z0-9.]+/)
      .flatMap((raw): NameToken[] => {
        if (dotted.test(raw)) return [{ text: raw.replace(/\./g, ""), initial: true, dotted: true }];
        return raw
          .split(".")
          .filter((t) => t !== "")
          .map((t) => ({ text: t, initial: t.length === 1, dotted: false }));
      })
  );
}

/** Up to four leading digits of the largest number on the street line, ignoring numbered street names. */
export function addressPart(streetLine: string): string {
  const text = streetLine
    .toUpperCase()
    // Numbered street names ("12TH", "1ST", "2ND", "3RD") are names, not numbers.
    .replace(/\b\d+(ST|ND|RD|TH)\b/g, " ")
    // Digits split by commas or hyphens read as one number.
    .replace(/(\d)\s*[,-]\s*(?=\d)/g, "$1");
  const numbers = text.match(/\d+/g) ?? [];
  let best = "";
  for (const n of numbers) {
    const digits = n.replace(/^0+(?=\d)/, "");
    if (best === "" || digits.length > best.length || (digits.length === best.length && digits > best)) best = digits;
  }
  return best.slice(0, 4);
}

function lettersOnly(text: string): string {
  return text
    .toUpperCase()
    .normalize("NFKD")
    .replace(/[^A-Z]/g, "");
}
