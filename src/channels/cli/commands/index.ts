/**
 * `tollgate index [--rulings <file.jsonl>]... [--force]`: builds (or checks) the persisted vector
 * indexes under the index directory. `--rulings` ingests a user's own CROSS export (either JSONL
 * shape): the file is validated, copied into `<indexDir>/user-rulings/` and indexed with the shipped
 * rulings from then on. A progress bar is shown only on a terminal. Also exports
 * `openKnowledgeBase`, which the other knowledge commands use to load with the same progress bar.
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import type { Config } from "../../../config.ts";
import { DataError, InputError } from "../../../errors.ts";
import { createKnowledgeBase, userRulingsDir, type KnowledgeBase } from "../../../knowledge/knowledge-base.ts";
import { loadRulingsFile } from "../../../knowledge/rulings.ts";
import { loadSchedule } from "../../../knowledge/schedule.ts";
import type { CliCommand } from "../io.ts";

/** Loads the knowledge base, drawing a progress bar on stderr while an index is (re)built on a TTY. */
export async function openKnowledgeBase(config: Config): Promise<KnowledgeBase> {
  if (!process.stderr.isTTY) return createKnowledgeBase(config);
  const bar = new cliProgress.SingleBar(
    { format: "Indexing {stage} [{bar}] {value}/{total}", stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let stage = "";
  try {
    return await createKnowledgeBase(config, {
      onProgress: (s, done, total) => {
        if (s !== stage) {
          if (stage) bar.stop();
          stage = s;
          bar.start(total, 0, { stage: s });
        }
        bar.update(done, { stage: s });
      },
    });
  } finally {
    if (stage) bar.stop();
  }
}

const command: CliCommand = {
  summary: "Build or check the search indexes of the schedule and rulings; ingest your own CROSS rulings export.",
  usage: "tollgate index [--rulings <file.jsonl>]... [--force]\n  --rulings  add a CROSS rulings export (JSONL) to the indexed rulings\n  --force    rebuild even when the indexes are up to date",
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { rulings: { type: "string", multiple: true }, force: { type: "boolean" } } });
    if (positionals.length > 0) throw new InputError(`Unexpected argument "${positionals[0]}".\nUsage: ${command.usage}`, "usage");
    const config = ctx.config;
    const files = values.rulings ?? [];
    if (files.length > 0) {
      const schedule = loadSchedule(config.knowledgeDir);
      const dir = userRulingsDir(config.indexDir);
      mkdirSync(dir, { recursive: true });
      for (const file of files) {
        // Validate before copying, so a malformed export never breaks later loads.
        let rulings;
        try {
          rulings = loadRulingsFile(file, schedule);
        } catch (err) {
          // The user's file is at fault, not Tollgate's data: report it as an input error (exit 2).
          if (err instanceof DataError) throw new InputError(`${err.message}. Expected CROSS JSONL lines with ruling_number and hts_codes.`, "rulings_invalid", err);
          throw err;
        }
        if (rulings.length === 0) throw new InputError(`${file} holds no rulings.`, "rulings_empty");
        copyFileSync(file, path.join(dir, path.basename(file).replace(/(\.jsonl)?$/, ".jsonl")));
        const stale = rulings.flatMap((r) => r.codes).filter((c) => c.status === "stale").length;
        ctx.io.stdout(`Added ${rulings.length} rulings from ${file}${stale ? ` (${stale} codes not in HTSUS ${schedule.revision}, kept flagged)` : ""}.`);
      }
    }
    if (values.force) {
      for (const name of ["tariff", "rulings"]) for (const ext of [".hnsw", ".meta.json"]) rmSync(path.join(config.indexDir, name + ext), { force: true });
    }
    const kb = await openKnowledgeBase(config);
    ctx.io.stdout(
      `${kb.stats.rebuilt ? "Built" : "Up to date:"} indexes in ${config.indexDir}: ${kb.tariffLines.length} schedule lines (HTSUS ${kb.revision}), ` +
        `${kb.rulings.length} rulings (${kb.stats.staleCodes} stale codes kept flagged, ${kb.stats.mappedCodes} mapped to a successor), ${(kb.stats.loadMs / 1000).toFixed(1)} s.`,
    );
    return 0;
  },
};

export default command;
