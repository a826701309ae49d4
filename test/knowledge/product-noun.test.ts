/** The product noun of a description, and texts as points in word-vector space. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { loadLexicon } from "../../src/knowledge/lexicon.ts";
import { productNoun, productPhrase } from "../../src/knowledge/product-noun.ts";
import { textVector, VectorTable } from "../../src/knowledge/semantic.ts";

const lexicon = loadLexicon(loadConfig({}).knowledgeDir);

describe("productPhrase", () => {
  it("takes the noun that ends the opening noun phrase", () => {
    expect(productPhrase("men's cotton denim jeans, woven")).toEqual({ words: ["men", "cotton", "denim", "jeans"], head: "jeans" });
    expect(productPhrase("LED light bulbs with screw base")?.head).toBe("bulbs");
    expect(productPhrase("aluminum sheet pan")?.head).toBe("pan");
  });

  it("skips a ruling letter's subject wording and reads past 'a set of'", () => {
    expect(productPhrase("The tariff classification and country of origin of a men’s pullover; 100% cotton")?.head).toBe("pullover");
    expect(productPhrase("classification, country of origin, and marking of baskets and totes")?.head).toBe("baskets");
    expect(productPhrase("a set of drinking glasses")?.head).toBe("glasses");
  });

  it("stops at the next sentence, a number or a preposition", () => {
    expect(productPhrase("disposable absorber Descriptive literature was provided")?.head).toBe("absorber");
    expect(productPhrase("aluminum skillet N359738 April 2, 2026")?.head).toBe("skillet");
    expect(productPhrase("electrical igniters for gas fired residential stoves")?.head).toBe("igniters");
    expect(productPhrase("1234 5678")).toBeNull();
  });
});

describe("productNoun", () => {
  it("maps a commercial noun to the schedule's class words through WordNet, nearer senses weighing more", () => {
    const jeans = productNoun("men's cotton denim jeans", lexicon, () => false)!;
    expect(jeans.head).toBe("jeans");
    expect(jeans.terms.get("jean")).toBe(1);
    expect(jeans.terms.get("trouser")).toBeGreaterThan(0.5);
    expect(jeans.via.get("trouser")).toMatch(/jeans ~ trousers \(WordNet\)/);
    const bulb = productNoun("LED light bulbs with screw base", lexicon, () => false)!;
    expect(bulb.compound).toBe("lightbulbs");
    expect(bulb.terms.get("lamp")).toBeGreaterThan(0.5);
  });

  it("leaves out words too common to tell headings apart, except the noun itself", () => {
    const pan = productNoun("aluminum sheet pan", lexicon, (t) => t === "utensil" || t === "pan")!;
    expect(pan.terms.has("utensil")).toBe(false);
    expect(pan.terms.get("pan")).toBe(1);
  });
});

describe("textVector", () => {
  it("puts goods named in different words close together", () => {
    const idf = () => 1;
    const table = new VectorTable([textVector(lexicon.vectors, "frying pan of cast iron", idf), textVector(lexicon.vectors, "bicycle with an electric motor", idf)], lexicon.vectors.dimensions);
    const [pan, bike] = table.cosines(textVector(lexicon.vectors, "skillet", idf));
    expect(pan!).toBeGreaterThan(bike!);
    const [pan2, bike2] = table.cosines(textVector(lexicon.vectors, "e-bike", idf));
    expect(bike2!).toBeGreaterThan(pan2!);
  });
});
