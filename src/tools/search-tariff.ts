/**
 * `search_tariff` tool: finds lines of the loaded HTSUS revision by words (a product, a heading's
 * wording) or by a code, and returns each line with its full path, rates and units, naming the
 * revision, so an answer can cite the schedule rather than memory.
 */
import { tool } from "langchain";
import { z } from "zod";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import type { TariffHit } from "../knowledge/search.ts";
import { userErrorsAsText } from "./tool-result.ts";

/** Tool input. */
export const SearchTariffInput = z.object({
  query: z.string().min(1).describe("Words describing the goods or the schedule text to find, e.g. 'knitted cotton sweaters' or 'lithium-ion batteries'"),
  k: z.number().int().min(1).max(50).default(5).describe("How many schedule lines to return (1-50, default 5)"),
});

/** Dependencies of the tool. */
export interface SearchTariffContext {
  knowledge: KnowledgeBase;
}

/** Tool result: matching lines and the revision they come from. */
export interface SearchTariffResult {
  revision: string;
  results: TariffHit[];
}

/** Searches the schedule. Throws InputError for an empty query. */
export async function searchTariffTool(input: z.input<typeof SearchTariffInput>, ctx: SearchTariffContext): Promise<SearchTariffResult> {
  const { query, k } = SearchTariffInput.parse(input);
  return { revision: ctx.knowledge.revision, results: await ctx.knowledge.searchTariff(query, k) };
}

/** LangChain wrapper; user-fixable failures are returned as text for the model. */
export function createSearchTariffTool(ctx: SearchTariffContext) {
  return tool(
    userErrorsAsText("Could not search the tariff schedule", async (input: z.infer<typeof SearchTariffInput>) => JSON.stringify(await searchTariffTool(input, ctx))),
    {
      name: "search_tariff",
      description:
        "Search the loaded HTSUS tariff schedule by words and return matching lines with their full path (heading > subheading > line), " +
        "general/special/column 2 rates, units of quantity and the schedule revision. Use it to look up schedule wording or browse " +
        "lines for a kind of goods; use classify_product to propose a code for a specific product.",
      schema: SearchTariffInput,
    },
  );
}
