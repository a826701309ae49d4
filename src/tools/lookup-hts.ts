/**
 * `lookup_hts` tool: validates an HTS code against the loaded schedule revision and shows its line
 * (path, rates, units) and the lines directly below it, so a code a user or document gives can be
 * checked before it is used.
 */
import { tool } from "langchain";
import { z } from "zod";
import { NotFoundError } from "../errors.ts";
import { requireHtsDigits } from "../domain/hts-code.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { isDeclarable } from "../knowledge/rulings.ts";
import { userErrorsAsText } from "./tool-result.ts";

/** Tool input. */
export const LookupHtsInput = z.object({
  code: z.string().min(1).describe("The HTS code to check, in any common form: 6110.30.3020, 6110303020, 6110.30 or 6110"),
});

/** Dependencies of the tool. */
export interface LookupHtsContext {
  knowledge: KnowledgeBase;
}

/** Tool result. */
export interface LookupHtsResult {
  revision: string;
  code: string;
  level: number;
  declarable: boolean;
  pathText: string;
  rates: { general: string; special: string; column2: string };
  units: string[];
  children: { code: string; description: string }[];
}

/** Looks a code up. Throws InputError for a malformed code and NotFoundError when it is not a line. */
export async function lookupHtsTool(input: z.input<typeof LookupHtsInput>, ctx: LookupHtsContext): Promise<LookupHtsResult> {
  const { code } = LookupHtsInput.parse(input);
  const digits = requireHtsDigits(code);
  const schedule = ctx.knowledge.schedule;
  const line = schedule.get(digits);
  if (!line) throw new NotFoundError(`${code} is not a line of HTSUS ${schedule.revision}. Search the schedule or classify the product to find a current code.`, "hts_not_found");
  return {
    revision: schedule.revision,
    code: line.code,
    level: line.level,
    declarable: isDeclarable(line),
    pathText: line.pathText,
    rates: line.rates,
    units: line.units,
    children: schedule.children(digits).map((c) => ({ code: c.code, description: c.description })),
  };
}

/** LangChain wrapper; user-fixable failures are returned as text for the model. */
export function createLookupHtsTool(ctx: LookupHtsContext) {
  return tool(
    userErrorsAsText("Could not look the code up", async (input: z.infer<typeof LookupHtsInput>) => JSON.stringify(await lookupHtsTool(input, ctx))),
    {
      name: "lookup_hts",
      description:
        "Check that an HTS code exists in the loaded schedule revision and show its line: full path, rates, units, whether it can be " +
        "declared (10-digit) and the lines directly below it. Use it when a user or document gives a code.",
      schema: LookupHtsInput,
    },
  );
}
