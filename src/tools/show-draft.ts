/**
 * `show_draft` tool: returns one version of an entry draft (the latest by default) with its status,
 * content hash, the last broker decision (with a rejection's reason) and its warnings.
 */
import { tool } from "langchain";
import { z } from "zod";
import { turnContextOf } from "../agent/turn-context.ts";
import { draftView, getThreadDraft, type EntryContext } from "../filing/draft-service.ts";
import { userErrorsAsText } from "./tool-result.ts";

/** Tool input. */
export const ShowDraftInput = z.object({
  draftId: z.string().min(1).describe("Id of the draft, as returned by draft_declaration"),
  version: z.number().int().positive().optional().describe("Version to show; omit for the latest"),
});

/** Loads a version for display. A draft made in another conversation is not shown here. */
export async function showDraft(input: z.infer<typeof ShowDraftInput>, ctx: Pick<EntryContext, "store">, turn: { threadId: string | null }): Promise<Record<string, unknown>> {
  const record = await getThreadDraft(ctx.store, input.draftId, input.version, turn.threadId);
  return draftView(ctx.store, record);
}

/** LangChain wrapper; user-fixable failures are returned as text for the model. */
export function createShowDraftTool(ctx: Pick<EntryContext, "store">) {
  return tool(
    userErrorsAsText("Could not show the draft", async (input: z.infer<typeof ShowDraftInput>, runtime) => JSON.stringify(await showDraft(input, ctx, { threadId: turnContextOf(runtime).threadId }))),
    {
      name: "show_draft",
      description:
        "Show an entry draft (header, lines, fees, totals, warnings, status and the broker's last decision, including a rejection reason). " +
        "Use it when the user asks to see or review a draft, or to check its status before editing or filing.",
      schema: ShowDraftInput,
    },
  );
}
