import { describe, expect, it } from "vitest";
import { addressPart, buildMid, namePart } from "../../../src/domain/entry/mid.ts";

// Examples from the Appendix to 19 CFR Part 102 (rules for constructing the MID) and the CBP
// guidance repeated by carriers' MID instructions.
describe("MID construction", () => {
  it.each([
    ["Amalgamated Plastics Corp.", "AMAPLA"],
    ["Bergstrom", "BER"],
    ["A.B.C. Company", "ABCCOM"],
    ["A B C Company", "ABCCOM"],
    ["O.A.S.I.S. Corp.", "OASCOR"],
    ["The Embroidery House", "EMBHOU"],
    ["Ocean of Textiles", "OCETEX"],
    ["A Good Company", "GOOCOM"],
    ["Jack's Kitchen", "JACKIT"],
  ])("name %s -> %s", (name, expected) => {
    expect(namePart(name)).toBe(expected);
  });

  it.each([
    ["11455 Main Street Suite 9999", "1145"],
    ["12,34,56 Akasaka Road", "1234"],
    ["12-34 56 Akasaka Road", "1234"],
    ["7 12th Street", "7"],
    ["P.O. Box 2567", "2567"],
    ["Main Street", ""],
  ])("address %s -> %s", (line, expected) => {
    expect(addressPart(line)).toBe(expected);
  });

  it("assembles country, name, address and city, upper case, at most 15 characters", () => {
    expect(buildMid({ name: "Ozrock", streetLine: "92, Alice Springs Road", city: "Melbourne", country: "AU" })).toBe("AUOZR92MEL");
    expect(buildMid({ name: "Amalgamated Plastics Corp.", streetLine: "10 Main Street", city: "Bangkok", country: "th" })).toBe("THAMAPLA10BAN");
    const long = buildMid({ name: "Shenzhen Longhua Electronics", streetLine: "Building 8888, Longhua Road", city: "Shenzhen", country: "CN" });
    expect(long).toBe("CNSHELON8888SHE");
    expect(long.length).toBeLessThanOrEqual(15);
  });

  it("uses the province code, never CA, for Canadian manufacturers", () => {
    expect(buildMid({ name: "Maple Leaf Textiles Ltd.", streetLine: "1234 Yonge St", city: "Toronto", country: "CA", province: "ON" })).toBe("XOMAPLEA1234TOR");
    expect(buildMid({ name: "Bois Quebec", streetLine: "55 Rue Sainte-Catherine", city: "Montreal", country: "CA", province: "Quebec" })).toMatch(/^XQ/);
    expect(() => buildMid({ name: "Maple Leaf Textiles", streetLine: "1 King St", city: "Toronto", country: "CA" })).toThrow(/province/);
  });

  it("refuses without a city or a valid country", () => {
    expect(() => buildMid({ name: "Ozrock", streetLine: "92 Road", city: "", country: "AU" })).toThrow(/city/);
    expect(() => buildMid({ name: "Ozrock", streetLine: "92 Road", city: "Melbourne", country: "Australia" })).toThrow(/ISO/);
  });
});
