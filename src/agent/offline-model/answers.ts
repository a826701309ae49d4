/**
 * Answer writing for the offline model. Everything it states comes from the tool results of the
 * turn (codes, rates, amounts, ruling numbers and dates, chapter 99 headings, fee bases), each with
 * its source; when a request cannot be served it says what is missing or what it can do, and never
 * guesses a code or an amount.
 */
import { formatResult } from "./result-formats.ts";
import type { CodeCheck } from "./document-formats.ts";
import type { Conversation, ToolExchange } from "./history.ts";
import type { IntentKind } from "./intents.ts";
import type { MessageArgs } from "./arguments.ts";
import { topCandidate } from "./planner.ts";
import { formatHts } from "../../domain/hts-code.ts";
import { dutyLinesFromInvoice } from "./duty-lines.ts";

/** What the offline model can do, shown for "help" and for requests it cannot serve. */
export const HELP_TEXT = [
  "I can help with US customs entries. Try:",
  '- Classify a product: "classify men\'s knitted cotton sweaters"',
  '- Duty for a code or a product: "duty on 6110.20.2079 from Vietnam, value $12,000" or "duty for 500 steel bolts from China worth $3,000"',
  '- Follow-ups: "what about from Mexico?"',
  '- CBP rulings: "rulings on LED lamps since 2024"',
  '- The tariff schedule: "search the schedule for bicycle helmets" or "what is heading 9506?"',
  "- Attached documents: attach an invoice and say \"extract it\"",
  '- Entry drafts: "draft an entry from the documents", "show the draft", "change line 2 origin to Vietnam"',
  '- Filing: "file the draft" (a licensed broker must approve before anything is filed)',
].join("\n");

/** What is missing when the first step could not call a tool. */
function missingInfo(intent: IntentKind, args: MessageArgs, conv: Conversation): string {
  switch (intent) {
    case "classify":
      return 'Tell me what the product is (material, function, how it is made), e.g. "classify women\'s cotton knit pullovers".';
    case "duty": {
      const missing = [
        ...(args.codes.length === 0 ? ["the HTS code or a description of the product"] : []),
        ...(args.origin ? [] : ["the country of origin"]),
        ...(args.money ? [] : ["the customs value with its currency"]),
      ];
      if (missing.length === 0) {
        return 'To calculate duty on several codes I need an origin and a value for each, e.g. "duty on 6110.20.2079 from Vietnam $12,000 and 6204.62.4011 from China $5,000".';
      }
      return `To calculate duty I need ${missing.join(", ")}. Example: "duty on 6110.20.2079 from Vietnam, value $12,000".`;
    }
    case "followup":
      return `I could not tell what to change in the earlier calculation.\n\n${HELP_TEXT}`;
    case "rulings":
      return 'Tell me what to look for, e.g. "rulings on LED lamps" or "rulings under 9405.42".';
    case "tariff":
      return 'Tell me what to look up, e.g. "search the schedule for bicycle helmets" or "what is heading 9506?".';
    case "extract":
      return "There is no document in this thread to extract. Attach one (tollgate ask --attach <file> \"extract it\").";
    case "draft":
      return "I could not draft an entry: the draft tool is not available here.";
    case "show_draft":
      return "There is no draft in this thread yet. Attach the invoice and ask me to draft an entry.";
    case "update_draft":
      return conv.earlier.length === 0
        ? "There is no draft in this thread to change yet."
        : 'Tell me which line and field to change, e.g. "change line 2 origin to Vietnam", "set the value of line 1 to $5,000" or "port of entry 2704".';
    case "file":
      return "There is no draft in this thread to file. Draft an entry first; a licensed broker must approve it before it is filed.";
    case "approve":
      return (
        "I cannot approve anything, and nothing said in this chat counts as an approval. A licensed customs broker listed in " +
        "TOLLGATE_BROKERS approves or rejects a draft version outside the chat: `tollgate drafts approve <draft id> --version <n> --as <broker>`, " +
        "the Slack button or the e-mail reply code. Ask me to file the draft and the request waits for that decision."
      );
    case "help":
      return HELP_TEXT;
  }
}

/** The note that opens a duty answer computed on a classifier's top candidate. */
function classifiedFirstNote(current: ToolExchange[]): string | null {
  const cls = current.find((e) => e.name === "classify_product" && !e.failed);
  const duty = current.find((e) => e.name === "calculate_duty");
  if (!cls || !duty) return null;
  const code = topCandidate(cls.result);
  return code
    ? `You gave no HTS code, so I classified the product first and calculated duty on the top candidate, ${formatHts(code)}. A broker should confirm the classification.`
    : null;
}

/** The final answer text of a turn. */
export function writeAnswer(intent: IntentKind, conv: Conversation, args: MessageArgs, check?: CodeCheck): string {
  if (conv.current.length === 0) return missingInfo(intent, args, conv);
  const parts: string[] = [];
  const note = classifiedFirstNote(conv.current);
  if (note) parts.push(note);
  for (const ex of conv.current) parts.push(formatResult(ex, check));
  const extracted = conv.current.find((e) => e.name === "extract_document" && !e.failed);
  if (intent === "duty" && extracted) {
    const { lines, skipped } = dutyLinesFromInvoice(extracted.result, check);
    if (lines.length === 0) {
      parts.push("No invoice line prints a current HTS code, an origin and an amount, so I did not calculate duty; draft an entry or give me the codes.");
    } else if (skipped > 0) {
      parts.push(`${skipped} invoice line(s) without a printed code, origin or amount, or with a code that is not a line of the loaded schedule, were left out of the calculation.`);
    }
  }
  if (intent === "duty" && !extracted && !conv.current.some((e) => e.name === "calculate_duty")) {
    const cls = conv.current.find((e) => e.name === "classify_product");
    if (cls && !cls.failed && !topCandidate(cls.result)) parts.push("No candidate code was found, so I did not calculate duty.");
  }
  return parts.filter((p) => p.trim() !== "").join("\n\n");
}
