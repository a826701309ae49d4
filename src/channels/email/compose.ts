/**
 * Renders what goes out as mail: a reply in the sender's thread (In-Reply-To, References, "Re:"
 * subject, plain text plus a simple HTML part, the draft's PDF when the turn drafted or showed one),
 * and the approval request to a broker. Wording comes from the agent's reply and the stored draft;
 * this module only lays it out.
 */
import type Mail from "nodemailer/lib/mailer";
import type { OutboundReply } from "../../agent/messages.ts";
import type { DraftRecord } from "../../store/index.ts";

/** Where a reply goes and what it answers. */
export interface ReplyTarget {
  to: string;
  subject: string;
  /** Message-ID being answered (without brackets). */
  inReplyTo: string;
  /** Its References chain (without brackets), oldest first. */
  references: string[];
}

/** A draft to summarise, with its rendered PDF. */
export interface DraftAttachment {
  record: DraftRecord;
  pdf: Uint8Array;
}

/** A size for people: KB below a megabyte, MB with one decimal above. */
export function formatBytes(n: number): string {
  return n < 1048576 ? `${Math.round(n / 1024)} KB` : `${(n / 1048576).toFixed(1)} MB`;
}

/** "Re: <subject>", without stacking prefixes. */
export function replySubject(subject: string): string {
  const s = subject.trim() === "" ? "Your documents" : subject.trim();
  return /^re:/i.test(s) ? s : `Re: ${s}`;
}

const bracket = (id: string): string => `<${id}>`;

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Plain text with light markdown into simple HTML: paragraphs, bullet lists and **bold**. */
export function textToHtml(text: string): string {
  const blocks = text.split(/\n{2,}/);
  const html = blocks.map((block) => {
    const lines = block.split("\n");
    if (lines.every((l) => /^\s*([-*•]|\d+\.)\s+/.test(l))) {
      return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*([-*•]|\d+\.)\s+/, ""))}</li>`).join("")}</ul>`;
    }
    return `<p>${lines.map(inline).join("<br>")}</p>`;
  });
  return `<!doctype html><html><body style="font-family:sans-serif;font-size:14px">${html.join("\n")}</body></html>`;
}

function inline(s: string): string {
  return escapeHtml(s).replace(/\*\*(.+?)\*\*/g, "<b>$1</b>");
}

/** The draft's missing or doubtful fields, each asked as a question. */
export function draftQuestions(draft: DraftRecord): string[] {
  // Missing fields become questions; doubtful codes are asked to be confirmed. Duty, partner-agency
  // and AD/CVD notes stay in the summary above: they are the broker's to check, not the shipper's.
  return draft.content.warnings.flatMap((w) => {
    if (w.code === "missing_data") {
      const header = /^Missing ([^:]+):/.exec(w.message);
      if (header) return [`What is the ${header[1]}?`];
      const line = /^Line (\d+): missing (.+?)\.?$/.exec(w.message);
      if (line) return [`Line ${line[1]}: what is the ${line[2]}?`];
      return [`Can you supply this: ${w.message}`];
    }
    if (w.code === "invalid_hts" || w.code === "low_confidence") return [`Can you confirm or correct this: ${w.message}`];
    return [];
  });
}

/** A short summary of a draft version: id, version, status, content hash, totals. */
export function draftSummary(draft: DraftRecord): string {
  const t = draft.content.totals;
  return [
    `Draft ${draft.id} version ${draft.version} (${draft.status}), content SHA-256 ${draft.contentHash}`,
    `Lines: ${draft.content.lines.length}; entered value $${t.enteredValue}; duty $${t.duty}; tax $${t.tax}; other fees $${t.other}; total $${t.total}`,
  ].join("\n");
}

function pdfAttachment(draft: DraftAttachment): Mail.Attachment {
  return { filename: `entry-draft-${draft.record.id}-v${draft.record.version}.pdf`, content: Buffer.from(draft.pdf), contentType: "application/pdf" };
}

/** The reply mail for one agent answer in a thread. */
export function composeReply(opts: { from: string; messageId: string; target: ReplyTarget; reply: OutboundReply; draft?: DraftAttachment; notes?: string[] }): Mail.Options {
  const parts = [opts.reply.text.trim()];
  if (opts.notes && opts.notes.length > 0) parts.push(opts.notes.join("\n"));
  if (opts.draft) {
    parts.push(`Draft summary (PDF attached):\n${draftSummary(opts.draft.record)}`);
    const questions = draftQuestions(opts.draft.record);
    if (questions.length > 0) parts.push(`Questions before this can be filed:\n${questions.map((q, i) => `${i + 1}. ${q}`).join("\n")}`);
  }
  if (opts.reply.pendingApproval) {
    parts.push(`Draft ${opts.reply.pendingApproval.draftId} version ${opts.reply.pendingApproval.version} now waits for a licensed broker's approval; you will hear from us here when it is decided.`);
  }
  const text = parts.join("\n\n");
  return {
    ...composeNotice({ from: opts.from, messageId: opts.messageId, target: opts.target, text }),
    attachments: opts.draft ? [pdfAttachment(opts.draft)] : [],
  };
}

/** A short notice in a thread that needs no agent turn (a refusal, a size limit, a decision outcome to a broker). */
export function composeNotice(opts: { from: string; messageId: string; target: ReplyTarget; text: string }): Mail.Options {
  return {
    from: opts.from,
    to: opts.target.to,
    subject: replySubject(opts.target.subject),
    messageId: bracket(opts.messageId),
    inReplyTo: bracket(opts.target.inReplyTo),
    references: [...opts.target.references, opts.target.inReplyTo].map(bracket),
    headers: { "Auto-Submitted": "auto-replied" },
    text: opts.text,
    html: textToHtml(opts.text),
  };
}

/** The approval request one broker receives for one draft version, with the one-time code. */
export function composeApprovalRequest(opts: {
  from: string;
  to: string;
  messageId: string;
  draft: DraftAttachment;
  code: string;
  expiresAt: Date;
  requestedBy: string;
}): Mail.Options {
  const d = opts.draft.record;
  const warnings = d.content.warnings.map((w) => `- ${w.message}`);
  const text = [
    `${opts.requestedBy} asks to file draft ${d.id} version ${d.version}. It is not filed until a licensed broker approves this exact version.`,
    draftSummary(d),
    warnings.length > 0 ? `Warnings to review:\n${warnings.join("\n")}` : "No warnings.",
    `To approve, reply with this line at the top of your answer:\nAPPROVE ${opts.code}`,
    `To reject, reply with:\nREJECT ${opts.code} <reason>`,
    `The code is for you only, for version ${d.version} only, and expires ${opts.expiresAt.toISOString()}. Your reply must come from your own mailbox (it is checked with DKIM/DMARC); typed words without the code decide nothing.`,
  ].join("\n\n");
  return {
    from: opts.from,
    to: opts.to,
    subject: `Approval requested: entry draft ${d.id} version ${d.version}`,
    messageId: bracket(opts.messageId),
    headers: { "Auto-Submitted": "auto-generated" },
    text,
    html: textToHtml(text),
    attachments: [pdfAttachment(opts.draft)],
  };
}
