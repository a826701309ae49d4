/**
 * Parsing the `/tollgate` command text: `classify <text>`, `duty <code> <origin> <value> [...]`,
 * `rulings <query>`, `drafts`, `help`. Only the words are parsed here; the tools validate the values.
 */
import type { CalculateDutyInput } from "../../../tools/calculate-duty.ts";
import { MODES, type Mode } from "../../../domain/fees.ts";
import { InputError } from "../../../errors.ts";
import type { z } from "zod";

/** A parsed command. */
export type SlashCommand =
  | { kind: "classify"; description: string; origin?: string }
  | { kind: "duty"; input: z.input<typeof CalculateDutyInput> }
  | { kind: "rulings"; query: string }
  | { kind: "drafts" }
  | { kind: "help" };

/** The usage text. */
export const USAGE = [
  "`/tollgate classify <product description> [origin=CN]` — HTS candidates with confidence and rulings",
  "`/tollgate duty <code> <origin> <value> [qty=12:doz] [program=KR] [date=2026-11-21] [mode=vessel] [metal=1200] [currency=EUR] [fx=1.08]` — duties, chapter 99 lines and fees",
  "`/tollgate rulings <query>` — CBP rulings like it",
  "`/tollgate drafts` — drafts waiting for a broker in this channel",
  "`/tollgate help` — this list",
  "Mention @Tollgate in a thread (or DM it) with invoices attached to extract, draft and file entries; a broker approves with the card's button.",
].join("\n");

/** Splits `key=value` options from plain words. */
function options(words: string[]): { plain: string[]; opts: Map<string, string> } {
  const plain: string[] = [];
  const opts = new Map<string, string>();
  for (const w of words) {
    const m = /^([a-z-]+)=(.+)$/i.exec(w);
    if (m) opts.set(m[1]!.toLowerCase(), m[2]!);
    else plain.push(w);
  }
  return { plain, opts };
}

/** Parses the command text. InputError (with the usage) when it is not understood. */
export function parseSlashCommand(text: string): SlashCommand {
  const words = text.trim().split(/\s+/).filter((w) => w !== "");
  const [sub, ...rest] = words;
  switch ((sub ?? "help").toLowerCase()) {
    case "help":
      return { kind: "help" };
    case "drafts":
      return { kind: "drafts" };
    case "classify": {
      const { plain, opts } = options(rest);
      const description = plain.join(" ");
      if (description === "") throw new InputError(`Say what to classify.\n${USAGE}`, "usage");
      return { kind: "classify", description, origin: opts.get("origin")?.toUpperCase() };
    }
    case "rulings": {
      const query = rest.join(" ");
      if (query === "") throw new InputError(`Say what to search the rulings for.\n${USAGE}`, "usage");
      return { kind: "rulings", query };
    }
    case "duty": {
      const { plain, opts } = options(rest);
      const qty = plain.filter((w) => /^\d[\d.,]*:[a-z]/i.test(w));
      const [hts, origin, value, ...extra] = plain.filter((w) => !qty.includes(w));
      if (!hts || !origin || !value || extra.length > 0) throw new InputError(`duty needs <code> <origin> <value>, then options.\n${USAGE}`, "usage");
      if (opts.has("qty")) qty.push(opts.get("qty")!);
      const mode = opts.get("mode");
      if (mode !== undefined && !(MODES as readonly string[]).includes(mode)) throw new InputError(`mode must be one of ${MODES.join(", ")}.`, "usage");
      return {
        kind: "duty",
        input: {
          lines: [
            {
              hts,
              origin: origin.toUpperCase(),
              value: value.replace(/[$,]/g, ""),
              ...(qty.length > 0 ? { qty: qty.length === 1 ? qty[0]! : qty } : {}),
              ...(opts.has("program") ? { program: opts.get("program")!.toUpperCase() } : {}),
              ...(opts.has("metal") ? { metalValue: opts.get("metal")!.replace(/[$,]/g, "") } : {}),
              ...(opts.has("currency") ? { currency: opts.get("currency")!.toUpperCase() } : {}),
              ...(opts.has("fx") ? { fxRate: opts.get("fx")! } : {}),
            },
          ],
          ...(opts.has("date") ? { entryDate: opts.get("date")! } : {}),
          ...(mode ? { mode: mode as Mode } : {}),
        },
      };
    }
    default:
      throw new InputError(`Unknown command "${sub}".\n${USAGE}`, "usage");
  }
}
