/**
 * Country normalisation: turns what people and documents write ("Made in China", "Vietnamese",
 * "U.S.A.", "Korea, Republic of", "CN", "DEU") into ISO 3166-1 alpha-2 codes. The code list comes
 * from knowledge/reference/iso_3166-1_countries.json; the aliases below cover the spellings trade
 * documents use that ISO does not (demonyms, old names, local-language names, abbreviations).
 */
import fs from "node:fs";
import path from "node:path";
import { DataError } from "../errors.ts";

/** One ISO 3166-1 country. */
export interface Country {
  alpha2: string;
  alpha3: string;
  name: string;
  officialName?: string;
}

/** A country recognised in free text, with the words that matched. */
export interface CountryMatch {
  code: string;
  name: string;
  matched: string;
}

// Spellings seen on invoices and in chat that the ISO list does not carry. Demonyms matter because
// origin statements are usually phrased "of Chinese origin" or "Vietnamese goods".
const ALIASES: Record<string, string> = {
  usa: "US", "u.s.a": "US", "u.s": "US", us: "US", america: "US", "united states of america": "US", american: "US",
  uk: "GB", "u.k": "GB", "great britain": "GB", britain: "GB", england: "GB", scotland: "GB", wales: "GB", british: "GB",
  prc: "CN", "p.r.c": "CN", "p.r. china": "CN", "pr china": "CN", "mainland china": "CN", chinese: "CN",
  "people's republic of china": "CN", "peoples republic of china": "CN",
  taiwan: "TW", "republic of china": "TW", taiwanese: "TW",
  vietnam: "VN", "viet nam": "VN", vietnamese: "VN",
  korea: "KR", "south korea": "KR", "republic of korea": "KR", korean: "KR", "s. korea": "KR",
  "north korea": "KP", russia: "RU", russian: "RU", iran: "IR", iranian: "IR", syria: "SY", laos: "LA",
  bolivia: "BO", venezuela: "VE", tanzania: "TZ", moldova: "MD", "czech republic": "CZ", czech: "CZ",
  turkey: "TR", turkiye: "TR", turkish: "TR", "hong kong": "HK", "hong kong sar": "HK", macau: "MO", macao: "MO",
  "ivory coast": "CI", "cote d'ivoire": "CI", "cape verde": "CV", swaziland: "SZ", burma: "MM", burmese: "MM",
  brunei: "BN", holland: "NL", "the netherlands": "NL", dutch: "NL", uae: "AE", "u.a.e": "AE", emirati: "AE",
  deutschland: "DE", germany: "DE", german: "DE", nederland: "NL", polska: "PL", espana: "ES", "españa": "ES",
  italia: "IT", schweiz: "CH", suisse: "CH", svizzera: "CH", osterreich: "AT", "österreich": "AT", brasil: "BR",
  "méxico": "MX", mexican: "MX", canadian: "CA", japanese: "JP", indian: "IN", thai: "TH", indonesian: "ID",
  malaysian: "MY", philippine: "PH", filipino: "PH", bangladeshi: "BD", pakistani: "PK", "sri lankan": "LK",
  cambodian: "KH", italian: "IT", french: "FR", spanish: "ES", portuguese: "PT", polish: "PL", swiss: "CH",
  austrian: "AT", belgian: "BE", swedish: "SE", danish: "DK", norwegian: "NO", finnish: "FI", irish: "IE",
  greek: "GR", hungarian: "HU", romanian: "RO", bulgarian: "BG", slovak: "SK", slovenian: "SI", croatian: "HR",
  ukrainian: "UA", israeli: "IL", egyptian: "EG", moroccan: "MA", tunisian: "TN", kenyan: "KE", ethiopian: "ET",
  "south african": "ZA", nigerian: "NG", ghanaian: "GH", brazilian: "BR", argentine: "AR", argentinian: "AR",
  chilean: "CL", peruvian: "PE", colombian: "CO", ecuadorian: "EC", guatemalan: "GT", honduran: "HN",
  salvadoran: "SV", nicaraguan: "NI", "costa rican": "CR", dominican: "DO", haitian: "HT", jamaican: "JM",
  australian: "AU", "new zealand": "NZ", singaporean: "SG", afghan: "AF", somali: "SO", saudi: "SA",
  "saudi arabia": "SA", jordanian: "JO", lebanese: "LB", "sri lanka": "LK", nepalese: "NP", mongolian: "MN",
  kazakh: "KZ", uzbek: "UZ", "bosnia": "BA", serbian: "RS", estonian: "EE", latvian: "LV", lithuanian: "LT",
};

const cache = new Map<string, CountryIndex>();

/** Lower-cases, strips accents that ISO names and invoices spell inconsistently, trims punctuation. */
function norm(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/\s+/g, " ")
    .replace(/^[\s.,;:()-]+|[\s,;:()-]+$/g, "")
    .replace(/\.$/, "")
    .trim();
}

/** Country lookup built from the ISO list plus aliases. Build it once with {@link loadCountries}. */
export class CountryIndex {
  readonly countries: Country[];
  private readonly byKey = new Map<string, string>();
  private readonly byAlpha2 = new Map<string, Country>();
  private readonly byAlpha3 = new Map<string, string>();
  /** Longest keys first, so "south africa" wins over "africa"-like shorter keys in free text. */
  private readonly scanKeys: string[];

  constructor(countries: Country[]) {
    this.countries = countries;
    for (const c of countries) {
      this.byAlpha2.set(c.alpha2, c);
      this.byAlpha3.set(c.alpha3, c.alpha2);
      this.byKey.set(norm(c.name), c.alpha2);
      if (c.officialName) this.byKey.set(norm(c.officialName), c.alpha2);
      // "Korea, Republic of" -> also "Republic of Korea"; "Bolivia, Plurinational State of" -> "Bolivia".
      const comma = c.name.indexOf(",");
      if (comma > 0) {
        const head = c.name.slice(0, comma);
        const tail = c.name.slice(comma + 1).trim();
        this.byKey.set(norm(`${tail} ${head}`), c.alpha2);
        if (!this.byKey.has(norm(head))) this.byKey.set(norm(head), c.alpha2);
      }
    }
    for (const [alias, code] of Object.entries(ALIASES)) this.byKey.set(norm(alias), code);
    this.scanKeys = [...this.byKey.keys()].filter((k) => k.length >= 4).sort((a, b) => b.length - a.length);
  }

  /** The country for an ISO alpha-2 code. */
  get(code: string): Country | undefined {
    return this.byAlpha2.get(code.toUpperCase());
  }

  /**
   * Parses a short country mention: an ISO alpha-2/alpha-3 code, a name, a demonym, or a phrase
   * such as "Made in China" / "from Vietnam" / "Origin: PRC". Returns null when nothing matches.
   */
  parse(text: string | null | undefined): CountryMatch | null {
    if (!text) return null;
    const raw = text.trim();
    if (raw === "") return null;
    // Codes are matched only when written in capitals: "IN" or "US" as ordinary words are too common.
    const codeOnly = raw.replace(/[.\s]/g, "");
    if (/^[A-Z]{2}$/.test(codeOnly) && this.byAlpha2.has(codeOnly)) return this.match(codeOnly, raw);
    if (/^[A-Z]{3}$/.test(codeOnly) && this.byAlpha3.has(codeOnly) && !this.byKey.has(norm(raw))) {
      return this.match(this.byAlpha3.get(codeOnly)!, raw);
    }
    const n = norm(raw)
      .replace(/^(made|produced|manufactured|assembled|grown|product) (in|of) /, "")
      .replace(/^(country of origin|origin|coo|from|of|in)\s*:?\s*/, "")
      .replace(/ (origin|made|goods|products?)$/, "")
      .replace(/^the /, "");
    const direct = this.byKey.get(n);
    if (direct) return this.match(direct, raw);
    return this.find(raw);
  }

  /** Finds the first country named anywhere in a longer text (address lines, sentences). */
  find(text: string): CountryMatch | null {
    const n = ` ${norm(text).replace(/[^a-z0-9' ]/g, " ").replace(/\s+/g, " ")} `;
    let best: { key: string; at: number } | null = null;
    for (const key of this.scanKeys) {
      const at = n.indexOf(` ${key} `);
      if (at >= 0 && (!best || at > best.at || (at === best.at && key.length > best.key.length))) {
        // In an address the country is written last, so prefer the right-most mention.
        best = { key, at };
      }
    }
    if (best) return this.match(this.byKey.get(best.key)!, best.key);
    // Trailing capitalised code as in "Seattle, WA 98109-5210, US" or "Yuen Long, 0000, HK".
    const tail = /(?:,|\s)\s*([A-Z]{2,3})\s*$/.exec(text.trim());
    if (tail) {
      const code = tail[1]!.length === 2 ? tail[1]! : this.byAlpha3.get(tail[1]!);
      if (code && this.byAlpha2.has(code)) return this.match(code, tail[1]!);
    }
    return null;
  }

  private match(code: string, matched: string): CountryMatch {
    return { code, name: this.byAlpha2.get(code)?.name ?? code, matched };
  }
}

/** Loads (once per directory) the ISO 3166-1 list from `<knowledgeDir>/reference/iso_3166-1_countries.json`. */
export function loadCountries(knowledgeDir: string): CountryIndex {
  const cached = cache.get(knowledgeDir);
  if (cached) return cached;
  const file = path.join(knowledgeDir, "reference", "iso_3166-1_countries.json");
  let rows: Array<{ alpha_2: string; alpha_3: string; name: string; official_name?: string }>;
  try {
    rows = (JSON.parse(fs.readFileSync(file, "utf8")) as { "3166-1": typeof rows })["3166-1"];
  } catch (err) {
    throw new DataError(`Cannot read the ISO 3166-1 country list at ${file}.`, "data_missing", err);
  }
  const index = new CountryIndex(
    rows.map((r) => ({ alpha2: r.alpha_2, alpha3: r.alpha_3, name: r.name, officialName: r.official_name })),
  );
  cache.set(knowledgeDir, index);
  return index;
}

/** Convenience: parse one country mention to its ISO alpha-2 code, or null. */
export function parseCountry(text: string | null | undefined, knowledgeDir: string): string | null {
  return loadCountries(knowledgeDir).parse(text)?.code ?? null;
}
