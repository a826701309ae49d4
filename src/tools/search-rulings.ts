/**
 * `search_rulings` tool: finds CBP CROSS rulings similar to a product or question, optionally only
 * those assigning codes under a prefix or dated within a range, with a snippet and the public link
 * of each, so answers cite real rulings by number and date.
 */
import { tool } from "langchain";
import { z } from "zod";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import type { RulingHit } from "../knowledge/search.ts";
import { userErrorsAsText } from "./tool-result.ts";

/** Tool input. */
export const SearchRulingsInput = z.object({
  query: z.string().min(1).describe("The product or issue to find rulings about, e.g. 'robot vacuum cleaner with mopping function'"),
  k: z.number().int().min(1).max(50).default(5).describe("How many rulings to return (1-50, default 5)"),
  codePrefix: z.string().optional().describe("Only rulings assigning a code that starts with this, e.g. '6110' or '8508.11'"),
  dateFrom: z.string().optional().describe("Only rulings dated on or after this date, YYYY-MM-DD"),
  dateTo: z.string().optional().describe("Only rulings dated on or before this date, YYYY-MM-DD"),
});

/** Dependencies of the tool. */
export interface SearchRulingsContext {
  knowledge: KnowledgeBase;
}

/** Tool result. */
export interface SearchRulingsResult {
  /** How many rulings the loaded corpus holds (it is small; absence of a match proves little). */
  corpusSize: number;
  results: RulingHit[];
}

/** Searches the rulings. Throws InputError for an empty query, a bad date or a bad prefix. */
export async function searchRulingsTool(input: z.input<typeof SearchRulingsInput>, ctx: SearchRulingsContext): Promise<SearchRulingsResult> {
  const { query, k, codePrefix, dateFrom, dateTo } = SearchRulingsInput.parse(input);
  const results = await ctx.knowledge.searchRulings(query, k, { codePrefix, from: dateFrom, to: dateTo });
  return { corpusSize: ctx.knowledge.rulings.length, results };
}

/** LangChain wrapper; user-fixable failures are returned as text for the model. */
export function createSearchRulingsTool(ctx: SearchRulingsContext) {
  return tool(
    userErrorsAsText("Could not search the rulings", async (input: z.infer<typeof SearchRulingsInput>) => JSON.stringify(await searchRulingsTool(input, ctx))),
    {
      name: "search_rulings",
      description:
        "Search CBP CROSS classification rulings similar to a product description, optionally filtered by HTS code prefix and date range. " +
        "Returns ruling number, date, subject, codes (flagged when no longer in the current schedule), a snippet and the rulings.cbp.gov link. " +
        "Use it when the user asks for rulings or precedent, or to back up a classification.",
      schema: SearchRulingsInput,
    },
  );
}
