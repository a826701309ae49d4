/**
 * `calculate_duty` tool: duties, chapter 99 additional duties and fees for one or more entry lines on
 * an entry date, each amount traced to its legal source (HTS line and revision, chapter 99 heading and
 * U.S. note, program statute, fee notice). Refusals the user can fix (missing quantity, unknown code,
 * missing metal-content value, no exchange rate) go back to the model as text.
 */
import { tool } from "langchain";
import { z } from "zod";
import { calculateDuty } from "../domain/duty/calculate.ts";
import type { DutyDeps, DutyResult } from "../domain/duty/types.ts";
import { MODES } from "../domain/fees.ts";
import { userErrorsAsText } from "./tool-result.ts";

const amount = z.union([z.string(), z.number()]);

/** One line of the tool input. */
export const CalculateDutyLine = z.object({
  hts: z.string().min(4).describe("HTS code of the goods, ideally the 10-digit statistical line (e.g. '6110.20.2079'); never a chapter 99 heading"),
  origin: z.string().length(2).describe("Country of origin, ISO 3166-1 alpha-2 (e.g. 'CN', 'DE', 'MX')"),
  value: amount.describe("Customs (transaction) value of the line in `currency`, e.g. 12500 or '12500.00'"),
  qty: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe("Quantity as 'n:unit' (e.g. '1200:kg', '500:lb', '24:doz', '1000:liters:40%' for spirits with strength), or a list for lines with two units; needed when the rate is specific"),
  program: z.string().optional().describe("Claimed special program indicator (SPI) from the Special column, e.g. 'KR', 'S', 'AU'; omit to get the programs the origin could claim"),
  metalValue: amount.optional().describe("Value of the steel/aluminum/copper content in `currency`, for Section 232 measures levied on metal content"),
  usContentValue: amount
    .optional()
    .describe("U.S. content value (in `currency`) of a USMCA vehicle whose U.S. content the Secretary of Commerce approved: Section 232 9903.94.03/9903.74.03 is then charged on the value less it"),
  currency: z.string().length(3).optional().describe("ISO 4217 currency of value, metalValue and usContentValue; default USD"),
  fxRate: amount.optional().describe("USD per unit of `currency` (CBP certified rate for the date of exportation); otherwise the configured rates file is used"),
  description: z.string().optional().describe("Goods description, echoed for the reader; does not change the calculation"),
  answers: z
    .record(z.string(), z.union([z.boolean(), z.string()]))
    .optional()
    .describe("Answers to the importer-only questions a previous result asked (result line `questions`, e.g. { 'usmca': 'yes', 'auto-part': 'no' })"),
  components: z
    .array(z.object({ hts: z.string(), value: amount, qty: z.union([z.string(), z.array(z.string())]).optional() }))
    .optional()
    .describe("For ensembles and sets charged at the rate of each article: the HTS number and value of each article"),
  articleHts: z.string().optional().describe("For parts and accessories charged at the rate of the article they belong to: that article's HTS number"),
  polarity: amount.optional().describe("Polarity of raw sugar in degrees, from the lab certificate (chapter 17 polarity rates)"),
  partValues: z.record(z.string(), amount).optional().describe("Values of the parts a rate is levied on, e.g. { 'rifle': 800, 'telescopic sight': 200 }"),
});

/** Tool input. */
export const CalculateDutyInput = z.object({
  lines: z.array(CalculateDutyLine).min(1).describe("The entry lines to calculate"),
  entryDate: z.string().optional().describe("Entry date YYYY-MM-DD; decides which chapter 99 measures and fee figures apply; default today"),
  mode: z.enum(MODES).optional().describe("Mode of transport: vessel (HMF applies), air, truck, rail, mail or other"),
  entryType: z.enum(["formal", "informal"]).optional().describe("Formal (default; MPF 0.3464% with min/max) or informal (flat MPF) entry"),
});

/** Dependencies of the tool: the schedule, the duty tables and a clock. */
export type CalculateDutyContext = DutyDeps;

/** Runs the engine on validated input. Throws InputError/NotFoundError for fixable problems. */
export async function calculateDutyTool(input: z.input<typeof CalculateDutyInput>, ctx: CalculateDutyContext): Promise<DutyResult> {
  const request = CalculateDutyInput.parse(input);
  return calculateDuty(request, ctx);
}

/** A compact text for the model: totals first, then per-line figures and warnings, then the full JSON. */
export function summariseForModel(r: DutyResult): string {
  const head = `Entry ${r.entryDate} (HTSUS ${r.revision}): duty $${r.totals.duty}, MPF $${r.totals.mpf}, HMF $${r.totals.hmf}, total $${r.totals.total} (effective rate ${r.totals.effectiveRate})${r.complete ? "" : "; INCOMPLETE: some amounts need a manual rate or review"}.`;
  // Warnings once each (several lines share some: they are grouped with the line numbers), then the JSON.
  const warnings = r.warnings.length ? `\nWarnings:\n${r.warnings.map((w) => `- ${w}`).join("\n")}` : "";
  return `${head}${warnings}\n${JSON.stringify(r)}`;
}

/** LangChain wrapper; user-fixable failures are returned as text for the model. */
export function createCalculateDutyTool(ctx: CalculateDutyContext) {
  return tool(
    userErrorsAsText("Could not calculate duty", async (input: z.infer<typeof CalculateDutyInput>) => summariseForModel(await calculateDutyTool(input, ctx))),
    {
      name: "calculate_duty",
      description:
        "Calculate import duties for US entry lines on an entry date: the MFN/special/Column 2 base duty from the HTS rate text, every chapter 99 " +
        "additional duty in force (Section 301, Section 232, country provisions) with its heading and citation, MPF and HMF for the entry, and " +
        "warnings (manual rates, AD/CVD exposure, unconfirmed figures). Use it whenever the user asks what duty, tariff or landed cost goods will pay, " +
        "or whether a trade program saves duty, once the HTS code, origin and value are known (quantity too for specific rates).",
      schema: CalculateDutyInput,
    },
  );
}
