#!/usr/bin/env node
// Entry point of the `tollgate` CLI. The sources are TypeScript: the CLI runs the bundle compiled
// from them into dist/ (see build.js), rebuilt here first whenever a source changed, so it works
// straight after `npm ci` with no separate build step. Should compiling fail, tsx compiles the
// sources on the fly instead (slower to start, same behaviour).
import { ensureBuild } from "./build.js";

const entry = await ensureBuild();
const { main } = entry ? await import(entry) : await (await import("tsx/esm/api")).tsImport("../src/channels/cli/main.ts", import.meta.url);
process.exitCode = await main(process.argv.slice(2));
