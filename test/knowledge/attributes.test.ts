/** Product attributes read from descriptions and schedule lines, and how they are compared. */
import { describe, expect, it } from "vitest";
import { matchAttributes, readAttributes, readLimits } from "../../src/knowledge/attributes.ts";

describe("readAttributes", () => {
  it("keeps fibre shares and takes the chief weight from the largest", () => {
    const a = readAttributes("Women's pullover, 40% cotton 60% polyester, knitted");
    expect(a.materials.get("cotton")).toBe(40);
    expect(a.materials.get("synthetic")).toBe(60);
    expect(a.chiefMaterial).toBe("synthetic");
    expect(a.construction).toBe("knitted");
    expect(a.gender).toBe("women");
  });
  it("reads shares written after the fibre, and sums fibres of one family", () => {
    const a = readAttributes("shell: nylon 30%, polyester 25%, cotton 45%");
    expect(a.materials.get("synthetic")).toBe(55);
    expect(a.chiefMaterial).toBe("synthetic");
  });
  it("reads woven, age, power and quantities", () => {
    const a = readAttributes("Baby's woven romper");
    expect(a.construction).toBe("woven");
    expect(a.age).toBe("babies");
    const b = readAttributes("Rechargeable battery-powered hand mixer rated 250 W, valued at $18.50");
    expect(b.power).toBe("electric");
    expect(b.quantities).toEqual(expect.arrayContaining([{ unit: "w", value: 250 }, { unit: "usd", value: 18.5 }]));
    expect(readAttributes("gasoline engine lawn mower").power).toBe("combustion");
  });
  it("does not read a country of origin as a material", () => {
    expect(readAttributes("Plastic storage box from China").materials.has("ceramic")).toBe(false);
  });
});

describe("readLimits", () => {
  it("reads value, power and size thresholds", () => {
    expect(readLimits("Valued over $0.30 each")).toEqual([{ unit: "usd", op: "over", value: 0.3 }]);
    expect(readLimits("Of a power not exceeding 1,500 W")).toEqual([{ unit: "w", op: "notOver", value: 1500 }]);
    expect(readLimits("Valued over $3 but not over $6.50/pair")).toEqual([
      { unit: "usd", op: "over", value: 3 },
      { unit: "usd", op: "notOver", value: 6.5 },
    ]);
  });
});

describe("matchAttributes", () => {
  const jeans = readAttributes("Men's woven trousers, 98% cotton 2% elastane, valued $9 each");
  it("agrees with the line naming the chief material, gender or construction", () => {
    expect(matchAttributes(jeans, "Of cotton").chiefMaterial).toBe(true);
    expect(matchAttributes(jeans, "Of cotton").agree).toBe(1);
    expect(matchAttributes(jeans, "Men's or boys'").agree).toBe(1);
  });
  it("conflicts with lines the product contradicts", () => {
    expect(matchAttributes(jeans, "Of wool or fine animal hair").conflict).toBe(1);
    expect(matchAttributes(jeans, "Women's or girls'").conflict).toBe(1);
    expect(matchAttributes(jeans, "Knitted or crocheted").conflict).toBe(1);
    expect(matchAttributes(jeans, "Valued over $12 each").conflict).toBe(1);
    expect(matchAttributes(jeans, "Valued not over $12 each").agree).toBe(1);
  });
  it("a minor fibre is only half evidence, an unnamed dimension none", () => {
    expect(matchAttributes(jeans, "Of synthetic fibers").agree).toBe(0.5);
    expect(matchAttributes(jeans, "Other")).toMatchObject({ agree: 0, conflict: 0 });
  });
});

describe("negated construction", () => {
  it("reads '(not knitted or crocheted)' as woven", () => {
    expect(readAttributes("Men's trousers, of cotton (not knitted or crocheted)").construction).toBe("woven");
  });
});
