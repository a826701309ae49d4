/**
 * `update_draft` tool: edits an entry draft's header fields or a line's HTS number, origin, value,
 * quantity, weight, relationship or description, recalculates duty and warnings, and saves the
 * result as a new version. Any earlier approval does not carry over: the new version needs its own.
 */
import { tool } from "langchain";
import { z } from "zod";
import { toolTurnOf } from "../agent/turn-context.ts";
import { draftView, editDraft, type EntryContext } from "../filing/draft-service.ts";
import { userErrorsAsText } from "./tool-result.ts";

const text = (d: string) => z.string().nullable().optional().describe(d);
const PartyInput = z
  .object({
    name: z.string().describe("Name"),
    address: z.string().nullable().describe("Address as one text"),
    country: z.string().nullable().describe("ISO two-letter country code"),
  })
  .nullable()
  .optional();

/** Tool input. */
export const UpdateDraftInput = z.object({
  draftId: z.string().min(1).describe("Id of the draft to edit"),
  version: z.number().int().positive().optional().describe("The version being edited (must be the latest); omit for the latest"),
  header: z
    .object({
      entryType: z.enum(["01", "11"]).optional().describe("Entry type: 01 formal consumption, 11 informal"),
      portOfEntry: text("CBP port code, 4 digits (block 6)"),
      entryDate: text("Entry date, YYYY-MM-DD (block 7)"),
      importingCarrier: text("Importing carrier (block 8)"),
      modeOfTransport: text("Mode of transport code, e.g. 11 container vessel, 40 air (block 9)"),
      importDate: text("Import date, YYYY-MM-DD (block 11)"),
      billOfLading: text("B/L or AWB number (block 12)"),
      manufacturerId: text("Manufacturer ID (block 13)"),
      exportingCountry: text("Exporting country, ISO code (block 14)"),
      exportDate: text("Export date, YYYY-MM-DD (block 15)"),
      foreignPortOfLading: text("Foreign port of lading (block 19)"),
      usPortOfUnlading: text("U.S. port of unlading (block 20)"),
      importerNumber: text("Importer of record number (block 23)"),
      referenceNumber: text("Reference number (block 24)"),
      ultimateConsignee: PartyInput.describe("Ultimate consignee (block 25)"),
      importerOfRecord: PartyInput.describe("Importer of record (block 26)"),
    })
    .optional()
    .describe("Header fields to set"),
  changes: z
    .array(
      z.object({
        line: z.number().int().positive().describe("Line number"),
        field: z.enum(["hts", "origin", "value", "quantity", "description", "grossWeight", "relationship"]).describe("Field to change"),
        value: z.string().describe("New value: HTS number, ISO country, USD amount, quantity, text, kg, or related/not_related"),
        unit: z.string().optional().describe("Unit of a quantity change, in HTS spelling (No., kg, doz., ...)"),
        currency: z.string().optional().describe("Currency of a value change; only USD is accepted"),
      }),
    )
    .optional()
    .describe("Line changes"),
});

/** Applies the edits and returns the new version's view. */
export async function updateDraft(
  input: z.infer<typeof UpdateDraftInput>,
  ctx: Pick<EntryContext, "store" | "builder">,
  turn: { threadId: string | null; actor: string },
): Promise<Record<string, unknown>> {
  const header = input.header
    ? Object.fromEntries(Object.entries(input.header).filter(([, v]) => v !== undefined))
    : undefined;
  const record = await editDraft(ctx, { draftId: input.draftId, version: input.version, header, changes: input.changes, actor: turn.actor, threadId: turn.threadId });
  return { ...(await draftView(ctx.store, record)), note: `Saved as version ${record.version}; it needs a broker's approval before filing.` };
}

/** LangChain wrapper; user-fixable failures are returned as text for the model. */
export function createUpdateDraftTool(ctx: Pick<EntryContext, "store" | "builder">) {
  return tool(
    userErrorsAsText("Could not update the draft", async (input: z.infer<typeof UpdateDraftInput>, runtime) => JSON.stringify(await updateDraft(input, ctx, toolTurnOf(runtime)))),
    {
      name: "update_draft",
      description:
        "Change an entry draft: header fields (port, dates, importer number, parties...) or a line's HTS number, origin, value (USD), " +
        "quantity, gross weight, relationship or description. Duty, fees and warnings are recalculated and a new version is saved. " +
        "Use it when the user or broker asks to correct or complete a draft.",
      schema: UpdateDraftInput,
    },
  );
}
