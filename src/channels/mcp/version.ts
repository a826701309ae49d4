/** The package version, reported to MCP clients (read from package.json, without importing the SDK). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../config.ts";

/** The version field of the project's package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;
}
