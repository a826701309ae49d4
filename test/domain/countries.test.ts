import { describe, expect, it } from "vitest";
import { loadCountries, parseCountry } from "../../src/domain/countries.ts";
import { testConfig } from "../documents/helpers.ts";

const dir = testConfig().knowledgeDir;
const countries = loadCountries(dir);

describe("country normalisation", () => {
  it.each([
    ["from Vietnam", "VN"],
    ["Chinese", "CN"],
    ["CN", "CN"],
    ["Made in China", "CN"],
    ["of Mexican origin", "MX"],
    ["U.S.A.", "US"],
    ["Korea, Republic of", "KR"],
    ["South Korea", "KR"],
    ["Deutschland", "DE"],
    ["DEU", "DE"],
    ["Türkiye", "TR"],
    ["Czech Republic", "CZ"],
    ["Taiwan", "TW"],
    ["PRC", "CN"],
  ])("%s -> %s", (text, code) => {
    expect(parseCountry(text, dir)).toBe(code);
  });

  it("does not invent a country for unrelated words or multi-origin statements", () => {
    expect(parseCountry("Various", dir)).toBeNull();
    expect(parseCountry("Net 30", dir)).toBeNull();
    expect(parseCountry("", dir)).toBeNull();
    // Lower-case "in" is a word, not India.
    expect(parseCountry("in", dir)).toBeNull();
  });

  it("finds the country at the end of an address, including a trailing ISO code", () => {
    expect(countries.find("245 Peachtree Center Ave, Atlanta, GA 30303, USA")?.code).toBe("US");
    expect(countries.find("Seattle, WA 98109-5210, US")?.code).toBe("US");
    expect(countries.find("Lot 12, Tan Thuan EPZ, Ho Chi Minh City, Viet Nam")?.code).toBe("VN");
    expect(countries.find("3500 MJ Utrecht Nederland")?.code).toBe("NL");
  });
});
