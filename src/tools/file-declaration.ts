/**
 * `file_declaration` tool: files one approved draft version through the filing adapter (by default
 * an outbox export, never a claimed submission to CBP). The agent's human-in-the-loop middleware
 * pauses every call until a broker decides; this function checks again, in the store, that the exact
 * version's content hash carries an authorised broker's approval, so no other path can file.
 */
import { tool } from "langchain";
import { z } from "zod";
import { toolTurnOf } from "../agent/turn-context.ts";
import { getThreadDraft, type EntryContext } from "../filing/draft-service.ts";
import { fileDraft } from "../filing/file-draft.ts";
import { userErrorsAsText } from "./tool-result.ts";

/** Tool input. */
export const FileDeclarationInput = z.object({
  draftId: z.string().min(1).describe("Id of the draft to file"),
  version: z.number().int().positive().describe("The exact version the broker approved"),
});

/** Files the version; throws PermissionError when it is not approved as it stands. */
export async function fileDeclaration(
  input: z.infer<typeof FileDeclarationInput>,
  ctx: EntryContext,
  turn: { threadId: string | null; actor: string },
): Promise<Record<string, unknown>> {
  await getThreadDraft(ctx.store, input.draftId, input.version, turn.threadId);
  const result = await fileDraft(
    { store: ctx.store, brokers: ctx.brokers, adapter: ctx.adapter },
    { draftId: input.draftId, version: input.version, actor: turn.actor },
  );
  return {
    draftId: input.draftId,
    version: input.version,
    status: "filed",
    filingStatus: result.filing.status,
    location: result.filing.location,
    message: result.message,
  };
}

/** LangChain wrapper; a refusal (not approved, stale approval) goes back to the model as text. */
export function createFileDeclarationTool(ctx: EntryContext) {
  return tool(
    userErrorsAsText("Not filed", async (input: z.infer<typeof FileDeclarationInput>, runtime) => JSON.stringify(await fileDeclaration(input, ctx, toolTurnOf(runtime)))),
    {
      name: "file_declaration",
      description:
        "File an entry draft version after a licensed broker has approved that exact version. Use it only when the user asks to file " +
        "a draft; the request pauses for the broker's decision. The default filing exports the package to the outbox for the broker's " +
        "ABI software; it does not transmit to CBP.",
      schema: FileDeclarationInput,
    },
  );
}
