import { describe, expect, it } from "vitest";
import { DataError, InputError } from "../../src/errors.ts";
import { userErrorsAsText } from "../../src/tools/tool-result.ts";

describe("userErrorsAsText", () => {
  it("passes the input and runtime through and returns the body's text", async () => {
    const fn = userErrorsAsText("Could not do it", async (input: { n: number }, runtime: unknown) => `${input.n} ${String(runtime)}`);
    await expect(fn({ n: 2 }, "rt")).resolves.toBe("2 rt");
  });

  it("turns a user-fixable error into text for the model", async () => {
    const fn = userErrorsAsText("Could not do it", async () => {
      throw new InputError("Give a quantity.", "quantity_missing");
    });
    await expect(fn({}, undefined)).resolves.toBe("Could not do it: Give a quantity. [quantity_missing]");
  });

  it("rethrows system errors unchanged", async () => {
    const data = new DataError("schedule file corrupt");
    const plain = new Error("database unreachable");
    await expect(userErrorsAsText("x", async () => { throw data; })({}, undefined)).rejects.toBe(data);
    await expect(userErrorsAsText("x", async () => { throw plain; })({}, undefined)).rejects.toBe(plain);
  });
});
