/** `tollgate search-rulings "<query>" [--k N] [--code-prefix P] [--from D] [--to D] [--json]`: searches CBP rulings. */
import { parseArgs } from "node:util";
import { InputError } from "../../../errors.ts";
import { searchRulingsTool } from "../../../tools/search-rulings.ts";
import type { CliCommand } from "../io.ts";
import { openKnowledgeBase } from "./index.ts";
import { parseK } from "./search-tariff.ts";

const command: CliCommand = {
  summary: "Search CBP CROSS rulings by product, optionally by code prefix and date range.",
  usage: 'tollgate search-rulings "<query>" [--k N] [--code-prefix P] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { k: { type: "string" }, "code-prefix": { type: "string" }, from: { type: "string" }, to: { type: "string" }, json: { type: "boolean" } },
    });
    const query = positionals.join(" ").trim();
    if (!query) throw new InputError(`No query given.\nUsage: ${command.usage}`, "usage");
    const k = parseK(values.k, 5);
    const kb = await openKnowledgeBase(ctx.config);
    const result = await searchRulingsTool({ query, k, codePrefix: values["code-prefix"], dateFrom: values.from, dateTo: values.to }, { knowledge: kb });
    if (values.json) {
      ctx.io.stdout(JSON.stringify(result, null, 2));
      return 0;
    }
    if (result.results.length === 0) {
      ctx.io.stdout(`No ruling among the ${result.corpusSize} loaded matches "${query}" with those filters.`);
      return 0;
    }
    const out: string[] = [];
    for (const r of result.results) {
      const codes = r.codes.map((c) => (c.status === "valid" ? c.code : c.status === "mapped" ? `${c.code} (now ${c.current})` : `${c.code} (not in current schedule)`));
      out.push(`${r.number}  ${r.date}  ${r.subject || "(no subject)"}`, `  codes: ${codes.join(", ") || "-"}`, `  ${r.snippet}`, `  ${r.link}`);
    }
    ctx.io.stdout(out.join("\n"));
    return 0;
  },
};

export default command;
