import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/config.ts";
import { loadCountries } from "../../src/domain/countries.ts";
import { extractArgs, productDescription } from "../../src/agent/offline-model/arguments.ts";

const knowledgeDir = path.join(PROJECT_ROOT, "knowledge");
const countries = loadCountries(knowledgeDir);
const describeProduct = (text: string) => productDescription(text, extractArgs(text, countries, knowledgeDir));

describe("product description read from a chat message", () => {
  it("keeps fibre and metal percentages, which decide the classification", () => {
    expect(describeProduct("What is the HTS code for women's knitted pullovers of 100% acrylic from China?")).toContain("100% acrylic");
    expect(describeProduct("classify a shirt 60% cotton 40 percent polyester")).toMatch(/60% cotton 40 percent polyester/);
  });

  it("drops counts, values and the origin", () => {
    const text = "duty on 500 steel bolts from Vietnam valued at $1,200";
    const d = describeProduct(text);
    expect(d).toContain("steel bolts");
    expect(d).not.toMatch(/500|1,200|Vietnam/);
  });
});
