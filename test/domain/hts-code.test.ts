import { describe, expect, it } from "vitest";
import { findHtsCodes, formatHts, htsDigits, requireHtsDigits } from "../../src/domain/hts-code.ts";
import { InputError } from "../../src/errors.ts";

describe("HTS code formats", () => {
  it("normalises the formats users write", () => {
    expect(htsDigits("6110.30.3020")).toBe("6110303020");
    expect(htsDigits("6110.30.30.20")).toBe("6110303020");
    expect(htsDigits("6110-30-3020")).toBe("6110303020");
    expect(htsDigits("6110.30")).toBe("611030");
    expect(htsDigits("611030302")).toBeNull();
    expect(htsDigits("HTS 6110")).toBeNull();
  });

  it("formats digits the way CBP writes them", () => {
    expect(formatHts("6110303020")).toBe("6110.30.3020");
    expect(formatHts("61103030")).toBe("6110.30.30");
    expect(formatHts("611030")).toBe("6110.30");
  });

  it("explains the accepted formats when a code is malformed", () => {
    expect(() => requireHtsDigits("61-1")).toThrow(InputError);
    expect(() => requireHtsDigits("61-1")).toThrow(/6110\.30\.3020/);
  });

  it("finds codes in free text but not plain numbers", () => {
    expect(findHtsCodes("Classify under 6110.30.3020 or 6110303020; invoice 123456")).toEqual(["6110303020"]);
    expect(findHtsCodes("HTS 8471.30.01.00 and 9403.60")).toEqual(["8471300100", "940360"]);
  });
});
