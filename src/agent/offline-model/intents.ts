/**
 * Intent recognition for the offline model. Rules are ordered from the most specific request
 * (file, draft, change a draft) to the most general (classify), because a message such as "file the
 * draft for the cotton shirts" mentions a product but asks for a filing. Anything that matches no
 * rule is `help`: the model then says what it can do instead of guessing.
 */

/** What the user asked for. */
export type IntentKind =
  | "classify"
  | "duty"
  | "followup"
  | "rulings"
  | "tariff"
  | "extract"
  | "draft"
  | "show_draft"
  | "update_draft"
  | "file"
  | "approve"
  | "help";

/** Facts about the conversation so far that change how a message is read. */
export interface IntentContext {
  /** The message carries attached documents. */
  hasAttachments: boolean;
  /** A duty calculation or classification happened earlier in the thread (for "what about ..."). */
  hasEarlierLookup: boolean;
  /** A draft exists in the thread (for "change line 2 ..."). */
  hasDraft: boolean;
}

const RULES: Array<[IntentKind, (t: string, c: IntentContext) => boolean]> = [
  ["help", (t) => /^\s*(help|\?|what can you do|how do i use (you|this)|commands)\s*\??\s*$/i.test(t)],
  [
    "file",
    (t) =>
      /^\s*(please\s+|ok(ay)?,?\s+|now\s+|go ahead and\s+)?(file|submit|transmit)\b(?!\s+(format|type|name|attached))/i.test(t) ||
      /\b(can you|could you|please|go ahead and|now|ready to|want to|let's)\s+(file|submit|transmit)\b/i.test(t) ||
      /\b(file|submit|transmit)\s+(it|this|that|the (entry|draft|declaration|7501)|draft\s+\S+|entry\s+\S+)\b/i.test(t),
  ],
  // Approval is never done in chat; the request gets an explanation of who approves and how.
  ["approve", (t) => /\b(approve|approval|approving|sign off on|authori[sz]e)\b/i.test(t)],
  [
    "update_draft",
    (t, c) =>
      c.hasDraft &&
      /\b(port of entry|entry port|port code|entry date|import date|arrival date|export date|exported from|importer(?: of record)? number|ior number|b\/l|bill of lading|awb|air waybill|carrier|scac|mode of transport|transport mode|mid|manufacturer id|port of (?:lading|unlading|loading|discharge))\b/i.test(t),
  ],
  [
    "update_draft",
    (t, c) =>
      /\b(change|set|update|edit|correct|fix|replace|make)\b/i.test(t) &&
      (/\bdraft\b/i.test(t) || (c.hasDraft && /\bline\s*\d+\b|\b(origin|value|quantity|qty|hts|code|currency)\b/i.test(t))),
  ],
  [
    "show_draft",
    (t) => /\b(show|display|view|see|print|open|review|status)\b.{0,30}\bdraft\b|\bdraft\b.{0,30}\bstatus\b|^\s*draft\s+\S+\s*\??$/i.test(t),
  ],
  [
    "draft",
    (t) =>
      /\b(draft|prepare|create|make|build|start|generate)\b.{0,40}\b(entry|7501|declaration|entry summary)\b/i.test(t) ||
      /^\s*draft\b(?!\s+\S*\d)/i.test(t),
  ],
  [
    "extract",
    (t, c) =>
      (c.hasAttachments &&
        (/\b(extract|read|parse|process|scan|pull|what'?s in|what is in|look at|check|review)\b/i.test(t) ||
          (t.trim().length < 25 && !/\b(duty|duties|tariffs?|draft|entry|classif\w*|file)\b/i.test(t)))) ||
      /\b(extract|parse)\b.{0,40}\b(invoice|document|packing list|bill of lading|attachment|file|pdf)\b/i.test(t),
  ],
  ["rulings", (t) => /\brulings?\b|\bCROSS\b|\b(?:NY|HQ|N|H)\s?[A-Z]?\d{5,6}\b|\bprecedents?\b/i.test(t)],
  [
    "followup",
    (t, c) =>
      c.hasEarlierLookup &&
      (/^\s*(and\s+)?(what|how)\s+about\b/i.test(t) ||
        /^\s*(and\s+)?(if|what if)\b.{0,40}\b(from|origin|instead|value|worth|claim|claiming|under|by|ships?|shipped|comes?)\b/i.test(t) ||
        /^\s*(and\s+)?(same|again|instead)\b/i.test(t) ||
        /^\s*and\s+(from|for|with)\b/i.test(t)),
  ],
  [
    "duty",
    (t) =>
      /\b(duty|duties|dutiable|tariffs? (owed|due|on)|landed cost|how much (will|would|do|does|to)\b.{0,40}\b(pay|cost|owe)|mpf|hmf|section 301|section 232|chapter 99|additional dut)/i.test(t),
  ],
  [
    "tariff",
    (t) =>
      /\b(search|look ?up|find|browse)\b.{0,30}\b(tariff|schedule|htsus?|hts lines?)\b/i.test(t) ||
      /\bwhat (does|is)\s+(heading|subheading|hts|chapter)?\s*\d{4}/i.test(t) ||
      /\b(heading|subheading|chapter)\s+\d{2,4}/i.test(t) ||
      /^\s*(hts\s+)?\d{4}(\.\d{2}){0,3}\s*\??\s*$/.test(t) ||
      /\b(is|check|verify|validate|look ?up)\b.{0,20}\b\d{4}(\.\d{2}){1,3}\b.{0,20}(valid|exist|correct|right|current|\?|$)/i.test(t),
  ],
  [
    "classify",
    (t) =>
      /\bclassif|\b(hts|hs|htsus|tariff|commodity|customs)\s*(code|number|classification|heading|line)|\bwhat (code|heading)\b|\bwhich (code|heading|hts)\b|\bhts\b.{0,6}\bfor\b/i.test(t),
  ],
];

/** The intent of one message, given what the conversation holds. */
export function recogniseIntent(text: string, context: IntentContext): IntentKind {
  for (const [kind, test] of RULES) if (test(text, context)) return kind;
  return "help";
}
