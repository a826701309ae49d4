/**
 * The compiled bundle bin/tollgate.js runs: built from the sources, current until any source it was
 * built from changes, and modules that find files next to themselves (import.meta.url) still find
 * them beside their sources. Built over a small project in a temporary folder.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { build, currentBuild, ensureBuild } from "../../bin/build.js";

const root = mkdtempSync(path.join(tmpdir(), "tollgate-build-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

write("tsconfig.json", "{}");
write("src/channels/cli/main.ts", `import { here } from "../../where.ts";\nexport async function main(args: string[]): Promise<string> { const m = await import("./lazy.ts"); return here() + "|" + m.word + "|" + args.join(","); }\n`);
write("src/channels/cli/lazy.ts", `export const word: string = "one";\n`);
write("src/where.ts", `import { fileURLToPath } from "node:url";\nexport const here = (): string => fileURLToPath(new URL("./data.txt", import.meta.url));\n`);

describe("the compiled bundle", () => {
  it("is built, current until a source changes, and locates files beside the sources", async () => {
    expect(currentBuild(root)).toBeUndefined();
    const entry = await build(root);
    expect(currentBuild(root)).toBe(entry);
    const { main } = (await import(pathToFileURL(entry).href)) as { main: (a: string[]) => Promise<string> };
    expect(await main(["a", "b"])).toBe(`${path.join(root, "src", "data.txt")}|one|a,b`);

    // A lazily imported module is a source too: changing it makes the build stale.
    write("src/channels/cli/lazy.ts", `export const word: string = "two";\n`);
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(root, "src/channels/cli/lazy.ts"), later, later);
    expect(currentBuild(root)).toBeUndefined();
    const rebuilt = await ensureBuild(root);
    expect(rebuilt).not.toBe(entry);
    expect(currentBuild(root)).toBe(rebuilt);
    const again = (await import(pathToFileURL(rebuilt!).href)) as { main: (a: string[]) => Promise<string> };
    expect(await again.main([])).toMatch(/\|two\|$/);
  });
});
