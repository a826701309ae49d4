/**
 * `draft_declaration` tool: builds a CBP Form 7501 entry summary draft from the documents extracted
 * in this conversation (or the ones named), the classifications chosen and a duty calculation, and
 * saves it as version 1. The draft lists what the broker must still supply; it is never filed
 * from here.
 */
import { tool } from "langchain";
import { z } from "zod";
import { toolTurnOf } from "../agent/turn-context.ts";
import { draftFromThread, draftView, type EntryContext } from "../filing/draft-service.ts";
import { userErrorsAsText } from "./tool-result.ts";

/** Tool input. */
export const DraftDeclarationInput = z.object({
  documentIds: z
    .array(z.string())
    .optional()
    .describe("Ids of the extracted documents to draft from (invoice, packing list, bill of lading); omit to use every document of this conversation"),
});

/** The turn the tool runs in. */
export interface DraftTurn {
  threadId: string | null;
  actor: string;
}

/** Builds and saves a draft; returns the draft view (draftId, version, status, header, lines, totals, warnings). */
export async function draftDeclaration(input: z.infer<typeof DraftDeclarationInput>, ctx: Pick<EntryContext, "store" | "builder">, turn: DraftTurn): Promise<Record<string, unknown>> {
  const record = await draftFromThread(ctx, { threadId: turn.threadId, documentIds: input.documentIds, actor: turn.actor });
  return draftView(ctx.store, record);
}

/** LangChain wrapper; user-fixable failures are returned as text for the model. */
export function createDraftDeclarationTool(ctx: Pick<EntryContext, "store" | "builder">) {
  return tool(
    userErrorsAsText("Could not draft the entry", async (input: z.infer<typeof DraftDeclarationInput>, runtime) => JSON.stringify(await draftDeclaration(input, ctx, toolTurnOf(runtime)))),
    {
      name: "draft_declaration",
      description:
        "Draft the entry summary (CBP Form 7501 data: header, lines with HTS numbers, quantities, values, duty, chapter 99, MPF/HMF, totals) " +
        "from the documents extracted in this conversation. Use it after extract_document when the user asks for an entry or a 7501. " +
        "The result lists warnings (missing data, partner-agency flags, AD/CVD, low-confidence classifications) to show the user. It does not file anything.",
      schema: DraftDeclarationInput,
    },
  );
}
