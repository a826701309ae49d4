/**
 * `tollgate rulings sync [--since YYYY-MM-DD]`: fetches new rulings from CBP's CROSS service into the
 * user-rulings folder (src/knowledge/cross-sync.ts) and rebuilds the index. Offline exports still
 * go through `tollgate index --rulings <file>`.
 */
import { parseArgs } from "node:util";
import { InputError } from "../../../errors.ts";
import { syncCrossRulings } from "../../../knowledge/cross-sync.ts";
import type { CliCommand } from "../io.ts";
import { openKnowledgeBase } from "./index.ts";

const CROSS_API = "https://rulings.cbp.gov/api";

const command: CliCommand = {
  summary: "Fetch new CBP CROSS rulings (online) into your rulings and rebuild the index.",
  usage:
    "tollgate rulings sync [--since YYYY-MM-DD] [--term <words>] [--max N] [--interval-ms N] [--base-url URL]\n" +
    "  --since        only rulings dated on or after this day (default: since the last sync)\n" +
    "  --term         CROSS search term (default: classification)\n" +
    "  --max          stop after N new rulings\n" +
    "  --interval-ms  minimum time between requests (default 1000)\n" +
    `  --base-url     CROSS API base (default ${CROSS_API})`,
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { since: { type: "string" }, term: { type: "string" }, max: { type: "string" }, "interval-ms": { type: "string" }, "base-url": { type: "string" } },
    });
    if (positionals[0] !== "sync" || positionals.length > 1) throw new InputError(`Usage: ${command.usage}`, "usage");
    if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since)) throw new InputError(`--since must be a date YYYY-MM-DD, not "${values.since}".`, "usage");
    const num = (v: string | undefined, name: string) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new InputError(`--${name} must be a whole number, not "${v}".`, "usage");
      return n;
    };
    const result = await syncCrossRulings({
      baseUrl: (values["base-url"] ?? CROSS_API).replace(/\/$/, ""),
      indexDir: ctx.config.indexDir,
      since: values.since,
      term: values.term,
      max: num(values.max, "max"),
      minIntervalMs: num(values["interval-ms"], "interval-ms"),
      onProgress: (m) => ctx.io.stderr(m),
    });
    ctx.io.stdout(`Fetched ${result.added} new rulings from CROSS (${result.skipped} skipped, ${result.pages} pages${result.resumedFromPage > 1 ? `, resumed at page ${result.resumedFromPage}` : ""}); newest ${result.newest ?? "-"}; kept in ${result.file}.`);
    const kb = await openKnowledgeBase(ctx.config);
    ctx.io.stdout(`Index ${kb.stats.rebuilt ? "rebuilt" : "up to date"}: ${kb.rulings.length} rulings.`);
    return 0;
  },
};

export default command;
