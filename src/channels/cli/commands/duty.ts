/**
 * `tollgate duty`: duties, chapter 99 measures and fees for one line (flags), a multi-line entry
 * (`--entry entry.json`) or many independent lines (`--batch in.jsonl --json`, one result per input
 * line, in one process). Exit status: 0 calculated, 2 refused (bad input, missing quantity, unknown
 * code; in batch mode, when any line was refused), 1 system failure.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { InputError, describeError, isUserError } from "../../../errors.ts";
import { loadSchedule } from "../../../knowledge/schedule.ts";
import { loadDutyData } from "../../../knowledge/duty-data.ts";
import { calculateDuty } from "../../../domain/duty/calculate.ts";
import { formatDutyText } from "../../../domain/duty/format-text.ts";
import type { DutyDeps, DutyLineInput, DutyRequest } from "../../../domain/duty/types.ts";
import type { Mode } from "../../../domain/fees.ts";
import type { CliCommand, CliContext } from "../io.ts";

const usage = [
  "Usage:",
  "  tollgate duty --hts <code> --origin <ISO2> --value <amount> [--qty <n>:<unit>]... [--entry-date YYYY-MM-DD]",
  "                [--mode vessel|air|truck|rail|mail|other] [--program <SPI>] [--metal-value <amount>] [--us-content-value <amount>]",
  "                [--currency EUR --fx-rate 1.08] [--entry-type formal|informal] [--json]",
  "  tollgate duty --entry <entry.json> [--json]        entry.json: { lines: [{ hts, origin, value, qty, ... }], entryDate, mode, entryType }",
  "  tollgate duty --batch <in.jsonl|-> --json          one { id, hts, origin, value, qty, entryDate, mode, program, metalValue } per line",
  "",
  "  --qty          quantity as n:unit (1200:kg, 500:lb, 24:doz, 1000:liters:40% for spirits); repeat for lines with two units",
  "  --metal-value  value of the steel/aluminum/copper content, for Section 232 measures levied on it (without it CBP charges the full value)",
  "  --us-content-value  approved U.S. content of a USMCA vehicle: Section 232 9903.94.03/9903.74.03 is charged on the value less it",
  "  --answer       answer to an importer-only question the result asked, e.g. --answer usmca=yes (repeat)",
  "  --component    hts=value of each article of an ensemble or set (repeat); --article-hts <code> for parts and accessories",
  "  --polarity     raw-sugar polarity in degrees; --part-value part=amount for rates on a part's value (repeat)",
  "  --json         print { lines, totals, warnings, ... } with amounts as USD decimal strings",
  "",
  "Entry date defaults to today. Exit status: 0 calculated, 2 refused or bad arguments, 1 system failure.",
].join("\n");

function depsFor(ctx: CliContext): DutyDeps {
  const { knowledgeDir, fxRatesFile } = ctx.config;
  return { schedule: loadSchedule(knowledgeDir), dutyData: loadDutyData(knowledgeDir, { fxRatesFile }), clock: () => new Date() };
}

const LINE_KEYS = ["id", "hts", "origin", "value", "qty", "program", "metalValue", "usContentValue", "currency", "fxRate", "description", "answers", "components", "articleHts", "polarity", "partValues"] as const;

/** "key=value" of a repeatable option. */
function pair(text: string, form: string): [string, string] {
  const at = text.indexOf("=");
  if (at <= 0 || at === text.length - 1) throw new InputError(`"${text}" must be written ${form}.`, "invalid_option");
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

/** Splits a batch object (line fields plus entry fields) into a one-line request. */
export function batchRequest(obj: Record<string, unknown>): DutyRequest {
  const line: Record<string, unknown> = {};
  for (const k of LINE_KEYS) if (obj[k] !== undefined && obj[k] !== null) line[k] = k === "id" ? String(obj[k]) : obj[k];
  if (typeof line.hts !== "string" || typeof line.origin !== "string" || line.value === undefined) {
    throw new InputError("each batch line needs hts, origin and value", "invalid_batch_line");
  }
  return {
    lines: [line as unknown as DutyLineInput],
    entryDate: typeof obj.entryDate === "string" ? obj.entryDate : undefined,
    mode: typeof obj.mode === "string" ? (obj.mode as Mode) : undefined,
    entryType: obj.entryType === "informal" ? "informal" : undefined,
  };
}

/** One batch object's result line (`{ id, ...result }`); InputError when it is refused. */
export function dutyRecord(obj: Record<string, unknown>, deps: DutyDeps): Record<string, unknown> {
  return { id: obj.id !== undefined && obj.id !== null ? String(obj.id) : undefined, ...calculateDuty(batchRequest(obj), deps) };
}

async function runBatch(file: string, ctx: CliContext, deps: DutyDeps): Promise<number> {
  const text = file === "-" ? ((await ctx.io.readStdin?.()) ?? "") : await readFile(file, "utf8");
  let refused = 0;
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === "") continue;
    let id: string | undefined;
    try {
      const obj = JSON.parse(raw) as Record<string, unknown>;
      if (obj && obj.id !== undefined) id = String(obj.id);
      out.push(JSON.stringify(dutyRecord(obj, deps)));
    } catch (err) {
      // A refused or malformed line is reported on its own output line and the batch goes on.
      if (!(err instanceof SyntaxError) && !isUserError(err)) throw err;
      refused++;
      out.push(JSON.stringify({ id, error: err instanceof SyntaxError ? `not a JSON object: ${err.message}` : describeError(err) }));
    }
  }
  ctx.io.stdout(out.join("\n"));
  return refused > 0 ? 2 : 0;
}

const command: CliCommand = {
  summary: "Calculate duties, chapter 99 additional duties and fees for entry lines on an entry date",
  usage,
  async run(args, ctx) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          hts: { type: "string" }, origin: { type: "string" }, value: { type: "string" }, qty: { type: "string", multiple: true },
          "entry-date": { type: "string" }, mode: { type: "string" }, program: { type: "string" }, "metal-value": { type: "string" }, "us-content-value": { type: "string" },
          currency: { type: "string" }, "fx-rate": { type: "string" }, "entry-type": { type: "string" }, entry: { type: "string" },
          batch: { type: "string" }, json: { type: "boolean", default: false },
          answer: { type: "string", multiple: true }, "article-hts": { type: "string" }, polarity: { type: "string" },
          "part-value": { type: "string", multiple: true }, component: { type: "string", multiple: true },
        },
      }));
    } catch (err) {
      ctx.io.stderr(`${describeError(err)}\n\n${usage}`);
      return 2;
    }
    if (values.batch !== undefined) {
      if (!values.json) {
        ctx.io.stderr("--batch writes one JSON result per line: add --json.");
        return 2;
      }
      return runBatch(values.batch, ctx, depsFor(ctx));
    }
    let request: DutyRequest;
    if (values.entry !== undefined) {
      try {
        request = JSON.parse(await readFile(values.entry, "utf8")) as DutyRequest;
      } catch (err) {
        throw new InputError(`Cannot read the entry file ${values.entry}: ${describeError(err)}`, "invalid_entry_file", err);
      }
    } else {
      if (!values.hts || !values.origin || values.value === undefined) {
        ctx.io.stderr(`--hts, --origin and --value are required (or --entry / --batch).\n\n${usage}`);
        return 2;
      }
      const line: DutyLineInput = { hts: values.hts, origin: values.origin, value: values.value };
      if (values.qty) line.qty = values.qty.length === 1 ? values.qty[0]! : values.qty;
      if (values.program) line.program = values.program;
      if (values["metal-value"] !== undefined) line.metalValue = values["metal-value"];
      if (values["us-content-value"] !== undefined) line.usContentValue = values["us-content-value"];
      if (values.currency) line.currency = values.currency;
      if (values["fx-rate"] !== undefined) line.fxRate = values["fx-rate"];
      if (values.answer) line.answers = Object.fromEntries(values.answer.map((a) => pair(a, "--answer question=yes|no")));
      if (values["article-hts"]) line.articleHts = values["article-hts"];
      if (values.polarity !== undefined) line.polarity = values.polarity;
      if (values["part-value"]) line.partValues = Object.fromEntries(values["part-value"].map((a) => pair(a, "--part-value part=amount")));
      if (values.component) line.components = values.component.map((a) => { const [hts, value] = pair(a, "--component hts=value"); return { hts, value }; });
      request = { lines: [line] };
    }
    if (values["entry-date"]) request.entryDate = values["entry-date"];
    if (values.mode) request.mode = values.mode as Mode;
    if (values["entry-type"]) request.entryType = values["entry-type"] as DutyRequest["entryType"];
    const result = calculateDuty(request, depsFor(ctx));
    ctx.io.stdout(values.json ? JSON.stringify(result, null, 2) : formatDutyText(result));
    return 0;
  },
};

export default command;
