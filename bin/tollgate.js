#!/usr/bin/env node
// Entry point of the `tollgate` CLI. The sources are TypeScript; tsx compiles them on the fly so the
// CLI works straight after `npm ci` with no build step.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../src/channels/cli/main.ts", import.meta.url);
process.exitCode = await main(process.argv.slice(2));
