/**
 * `tollgate audit verify` walks the hash chain of the audit trail and exits non-zero, naming the
 * first bad row, when a row was edited or deleted. `tollgate audit list` prints events (optionally
 * those of one draft).
 */
import { parseArgs } from "node:util";
import { InputError } from "../../../errors.ts";
import { openStore } from "../../../store/index.ts";
import type { CliCommand } from "../io.ts";

const USAGE = ["tollgate audit verify [--json]", "tollgate audit list [--draft <id>] [--limit N] [--json]"].join("\n");

const command: CliCommand = {
  summary: "Verify the hash-chained audit trail, or list its events.",
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: "boolean" }, draft: { type: "string" }, limit: { type: "string" } },
    });
    const sub = positionals[0];
    if (sub !== "verify" && sub !== "list") throw new InputError(`Give a subcommand.\nUsage:\n${USAGE}`, "usage");
    const limit = values.limit === undefined ? 1000 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new InputError(`--limit must be a positive whole number, got "${values.limit}".`, "usage");
    const store = await openStore(ctx.config);
    try {
      if (sub === "list") {
        const events = await store.audit.list(values.draft ? { refKey: "draftId", refValue: values.draft } : undefined, limit);
        if (values.json) ctx.io.stdout(JSON.stringify(events, null, 2));
        else ctx.io.stdout(events.map((e) => `${String(e.seq).padStart(6)} ${e.at} ${e.type.padEnd(18)} ${e.actor.padEnd(24)} ${e.summary ?? JSON.stringify(e.refs ?? {})}`).join("\n") || "No audit events.");
        return 0;
      }
      const result = await store.audit.verify();
      if (values.json) ctx.io.stdout(JSON.stringify(result, null, 2));
      if (result.ok) {
        if (!values.json) ctx.io.stdout(`Audit chain intact: ${result.count} events verified; head hash ${result.headHash ?? "(empty)"} (record it elsewhere to detect later truncation).`);
        return 0;
      }
      const bad = result.firstBad!;
      ctx.io.stderr(`Audit chain BROKEN at row ${bad.seq} (event ${bad.eventId}): ${bad.reason}. ${result.count} rows checked.`);
      return 1;
    } finally {
      await store.close();
    }
  },
};

export default command;
