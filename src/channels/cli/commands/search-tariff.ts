/** `tollgate search-tariff "<query>" [--k N] [--json]`: searches the loaded tariff schedule. */
import { parseArgs } from "node:util";
import { InputError } from "../../../errors.ts";
import { searchTariffTool } from "../../../tools/search-tariff.ts";
import type { CliCommand } from "../io.ts";
import { openKnowledgeBase } from "./index.ts";

/** Parses a --k value (a positive integer), naming the option on error. */
export function parseK(raw: string | undefined, fallback: number, max = 50): number {
  if (raw === undefined) return fallback;
  const k = Number(raw);
  if (!Number.isInteger(k) || k < 1 || k > max) throw new InputError(`--k must be a whole number from 1 to ${max}, got "${raw}".`, "usage");
  return k;
}

const command: CliCommand = {
  summary: "Search the HTSUS schedule by words; shows path, rates and units.",
  usage: 'tollgate search-tariff "<query>" [--k N] [--json]',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { k: { type: "string" }, json: { type: "boolean" } } });
    const query = positionals.join(" ").trim();
    if (!query) throw new InputError(`No query given.\nUsage: ${command.usage}`, "usage");
    const k = parseK(values.k, 5);
    const kb = await openKnowledgeBase(ctx.config);
    const result = await searchTariffTool({ query, k }, { knowledge: kb });
    if (values.json) {
      ctx.io.stdout(JSON.stringify(result, null, 2));
      return 0;
    }
    if (result.results.length === 0) {
      ctx.io.stdout(`No line of HTSUS ${result.revision} matches "${query}".`);
      return 0;
    }
    const out = [`HTSUS ${result.revision}:`];
    for (const h of result.results) {
      out.push(`${h.code.padEnd(13)} ${h.pathText}`);
      out.push(`${"".padEnd(13)} general ${h.rates.general || "-"} | special ${h.rates.special || "-"} | column 2 ${h.rates.column2 || "-"}${h.units.length ? ` | units ${h.units.join(", ")}` : ""}`);
    }
    ctx.io.stdout(out.join("\n"));
    return 0;
  },
};

export default command;
