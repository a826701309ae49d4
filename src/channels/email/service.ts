/**
 * The e-mail channel's work, shared by both intake paths (SMTP listener, IMAP mailbox): take a raw
 * mail, drop robots and duplicates, refuse senders outside the allow list, find or start the thread,
 * and queue the turn; render the agent's replies and approval requests as mail; check a broker's
 * `APPROVE <code>` reply and hand the decision to the approval service. No business logic here:
 * turns go to the assistant, decisions to approveDraft / rejectDraft.
 */
import { randomUUID } from "node:crypto";
import { approveDraft, rejectDraft, isBroker, type Actor, type DecisionResult } from "../../agent/approval.ts";
import { resumeWithAssistant } from "../../agent/assistant.ts";
import type { Attachment, InboundMessage, OutboundReply } from "../../agent/messages.ts";
import type { ApprovalNotice, ApprovalNotifier, ReplySink } from "../../agent/ports.ts";
import { renderDraftPdf } from "../../filing/pdf.ts";
import { contentHash as hashOfContent } from "../../domain/entry/canonical.ts";
import { TollgateError } from "../../errors.ts";
import type { DraftRecord } from "../../store/index.ts";
import type { ChannelContext } from "../../server/channel.ts";
import { ApprovalCodeRepository, type ApprovalCodeRecord } from "./approval-codes.ts";
import { looksLikeDecision, parseApprovalCommand } from "./approval-command.ts";
import { composeApprovalRequest, composeNotice, composeReply, formatBytes, type DraftAttachment, type ReplyTarget } from "./compose.ts";
import type { Mailer } from "./mailer.ts";
import { MailRepository, type StoredMail } from "./messages-repo.ts";
import { parseEmail, type ParsedEmail } from "./parse.ts";
import { verifySender, type Arrival } from "./sender-auth.ts";
import { automatedReason, domainOf, isAllowedSender } from "./senders.ts";
import type { DNSResolver } from "mailauth";

/** Job names of the e-mail channel. */
export const EMAIL_TURN_JOB = "email.turn";
export const EMAIL_DECISION_JOB = "email.decision";

/** What happened to one received mail (logged; tests assert on it). */
export type IntakeOutcome = "queued" | "decision" | "duplicate" | "automated" | "refused" | "own";

/** Options beyond the channel context. */
export interface EmailServiceOptions {
  mailer: Mailer;
  /** DNS for DKIM/SPF/DMARC (tests give a local table). */
  resolver?: DNSResolver;
  /** Wall-clock time for approval code expiry (tests move it forward). */
  now?: () => Date;
}

const APPROVAL_THREAD = "email-approval:";
/** Tools whose reply carries the draft they produced or showed. */
const DRAFT_TOOLS = new Set(["draft_declaration", "update_draft", "show_draft", "file_declaration"]);

function messageIdFor(from: string): string {
  const domain = domainOf(from) || "tollgate.invalid";
  return `${randomUUID()}@${domain}`;
}

/** The e-mail channel's behaviour over one channel context. */
export class EmailService {
  readonly mail: MailRepository;
  readonly codes: ApprovalCodeRepository;

  constructor(
    private readonly ctx: ChannelContext,
    private readonly opts: EmailServiceOptions,
  ) {
    this.mail = new MailRepository(ctx.app.store.db);
    this.codes = new ApprovalCodeRepository(ctx.app.store.db);
  }

  private get config() {
    return this.ctx.app.config.email;
  }

  /** Wall-clock time for code expiry (the app clock may be pinned to an entry date). */
  private now(): Date {
    return this.opts.now ? this.opts.now() : new Date();
  }

  /** Registers the job handlers on this process. */
  async registerJobs(): Promise<void> {
    await this.ctx.queue.work<{ messageId: string }>(EMAIL_TURN_JOB, (p) => this.runTurn(p.messageId), {
      onFailed: (payload, error) => this.turnFailed((payload as { messageId: string }).messageId, error),
    });
    await this.ctx.queue.work<{ messageId: string }>(EMAIL_DECISION_JOB, (p) => this.runDecision(p.messageId));
  }

  /** Takes one raw mail from either intake path; resolves once it is durably recorded (or dropped). */
  async receive(raw: Uint8Array, arrival: Arrival): Promise<IntakeOutcome> {
    const parsed = await parseEmail(raw);
    const log = { messageId: parsed.messageId, from: parsed.from, via: arrival.via };
    const robot = automatedReason(parsed.headers, arrival.mailFrom ?? parsed.headers.get("return-path"));
    if (robot) {
      this.ctx.log.info({ ...log, reason: robot }, "email: automated mail ignored");
      return "automated";
    }
    if (parsed.from === this.config.from.toLowerCase()) return "own";
    const refs = [...parsed.inReplyTo, ...[...parsed.references].reverse()];
    const known = refs.length > 0 ? await this.mail.threadOf(refs) : null;
    const transport = { ...arrival };
    if (parseApprovalCommand(parsed.text) || looksLikeDecision(parsed.text) || known?.startsWith(APPROVAL_THREAD)) {
      const threadId = known?.startsWith(APPROVAL_THREAD) ? known : `${APPROVAL_THREAD}reply`;
      // Decisions are deduplicated by Message-ID only: a repeated APPROVE must reach the code check
      // (and be refused as used), not vanish as a duplicate of the first.
      const claimed = await this.claim({ ...parsed, contentHash: null }, raw, threadId, transport);
      const queued = await this.enqueueOnce(EMAIL_DECISION_JOB, parsed.messageId, claimed);
      return claimed || queued ? "decision" : "duplicate";
    }
    if (!isAllowedSender(this.config.allow, parsed.from)) {
      if (!(await this.claim(parsed, raw, "email-refused", transport))) return "duplicate";
      await this.refuse(parsed);
      this.ctx.log.info(log, "email: sender not on TOLLGATE_MAIL_ALLOW, not processed");
      return "refused";
    }
    const threadId = known ?? `email:${randomUUID()}`;
    const claimed = await this.claim(parsed, raw, threadId, transport);
    if (!(await this.enqueueOnce(EMAIL_TURN_JOB, parsed.messageId, claimed)) && !claimed) {
      this.ctx.log.info(log, "email: duplicate delivery ignored");
      return "duplicate";
    }
    this.ctx.log.info({ ...log, threadId }, "email: turn queued");
    return "queued";
  }

  /**
   * Enqueues the job of a claimed mail. A repeat of a Message-ID already claimed is offered to the
   * queue again: if a crash came between the claim and the enqueue (the IMAP flag not yet set), the
   * re-delivery queues it now, and otherwise the queue's dedupe key makes it a no-op. A repeat of
   * the content under another Message-ID is never queued. True when a job was enqueued.
   */
  private async enqueueOnce(job: string, messageId: string, claimed: boolean): Promise<boolean> {
    if (!claimed) {
      const stored = await this.mail.get(messageId);
      if (!stored || stored.direction !== "in" || stored.threadId === "email-refused") return false;
    }
    return (await this.ctx.queue.enqueue(job, { messageId }, { dedupeKey: `email:${messageId}` })) !== null;
  }

  private claim(parsed: Omit<ParsedEmail, "contentHash"> & { contentHash: string | null }, raw: Uint8Array, threadId: string, transport: Record<string, unknown>): Promise<boolean> {
    return this.mail.claimInbound({
      messageId: parsed.messageId,
      threadId,
      contentHash: parsed.contentHash,
      sender: parsed.replyTo || parsed.from,
      subject: parsed.subject,
      references: [...parsed.references, ...parsed.inReplyTo.filter((id) => !parsed.references.includes(id))],
      raw,
      transport,
    });
  }

  /** One polite refusal per sender and day (none when TOLLGATE_MAIL_REFUSAL=none). */
  private async refuse(parsed: ParsedEmail): Promise<void> {
    if (this.config.refusal === "none" || parsed.from === "") return;
    const day = new Date().toISOString().slice(0, 10);
    if (!(await this.ctx.app.store.dedupe.claim(`email-refusal:${parsed.from}:${day}`))) return;
    await this.sendNotice(
      "email-refused",
      this.targetOf(parsed.replyTo || parsed.from, parsed.subject, parsed.messageId, parsed.references),
      "Thank you for your message. This address accepts customs documents only from senders registered with us, so your message has not been processed. If you should have access, please ask your customs broker to add your address.",
    );
  }

  private targetOf(to: string, subject: string, messageId: string, references: string[]): ReplyTarget {
    return { to, subject, inReplyTo: messageId, references: references.filter((r) => r !== messageId) };
  }

  private storedTarget(m: StoredMail): ReplyTarget {
    return this.targetOf(m.sender ?? "", m.subject ?? "", m.messageId, m.references);
  }

  private async sendNotice(threadId: string, target: ReplyTarget, text: string): Promise<void> {
    const messageId = messageIdFor(this.config.from);
    await this.opts.mailer.send(composeNotice({ from: this.config.from, messageId, target, text }));
    await this.mail.recordOutbound({ messageId, threadId, sender: this.config.from, subject: target.subject, references: [...target.references, target.inReplyTo] });
  }

  /** The queued turn of one inbound mail: the assistant answers, the reply goes back in the thread. */
  async runTurn(messageId: string): Promise<void> {
    const stored = await this.mail.get(messageId);
    if (!stored?.raw) throw new TollgateError(`e-mail ${messageId} is not stored`, "email_missing");
    const parsed = await parseEmail(stored.raw);
    const limit = this.ctx.app.config.limits.maxFileBytes;
    const attachments: Attachment[] = [];
    const notes: string[] = [];
    for (const f of parsed.files) {
      if (f.data.byteLength > limit) {
        notes.push(
          `The attachment ${f.filename} is ${formatBytes(f.data.byteLength)}, over the ${formatBytes(limit)} limit per file, so it was not read. Please send it compressed or split into smaller files.`,
        );
        continue;
      }
      attachments.push({ filename: f.filename, mediaType: f.mediaType, data: f.data });
    }
    const text = parsed.text.trim() !== "" ? parsed.text : parsed.subject;
    const msg: InboundMessage = {
      channel: "email",
      threadId: stored.threadId,
      author: { channel: "email", identity: parsed.from, displayName: parsed.fromName },
      text: text.trim() === "" && attachments.length > 0 ? "Please read the attached documents." : text,
      attachments,
      messageId,
    };
    if (msg.text.trim() === "" && attachments.length === 0) {
      await this.sendNotice(stored.threadId, this.storedTarget(stored), notes.length > 0 ? notes.join("\n\n") : "Your message had no text and no documents we can read (PDF, image or text files).");
      return;
    }
    const reply = await this.ctx.assistant.send(msg);
    await this.deliverTo(stored, reply, notes);
  }

  private async turnFailed(messageId: string, error: Error): Promise<void> {
    const stored = await this.mail.get(messageId);
    if (!stored) return;
    this.ctx.log.error({ messageId, err: error.message }, "email: turn failed");
    await this.sendNotice(stored.threadId, this.storedTarget(stored), "We could not process your message because of an internal error. It has been logged; please try again later or contact your broker.");
  }

  /** The reply sink: a late reply (a resumed filing, a queued turn) goes to the thread's last sender. */
  readonly replies: ReplySink = {
    channel: "email",
    deliver: async (threadId, reply) => {
      const last = await this.mail.latestInbound(threadId);
      if (!last) {
        this.ctx.log.warn({ threadId }, "email: no mail to answer in this thread; reply not sent");
        return;
      }
      await this.deliverTo(last, reply, []);
    },
  };

  private async deliverTo(answering: StoredMail, reply: OutboundReply, notes: string[]): Promise<void> {
    const draft = await this.draftForReply(answering.threadId, reply);
    const messageId = messageIdFor(this.config.from);
    const target = this.storedTarget(answering);
    await this.opts.mailer.send(composeReply({ from: this.config.from, messageId, target, reply, draft: draft ?? undefined, notes }));
    await this.mail.recordOutbound({ messageId, threadId: answering.threadId, sender: this.config.from, subject: target.subject, references: [...target.references, target.inReplyTo] });
  }

  private async draftForReply(threadId: string, reply: OutboundReply): Promise<DraftAttachment | null> {
    let record: DraftRecord | null = null;
    if (reply.pendingApproval) {
      record = await this.ctx.app.store.drafts.get(reply.pendingApproval.draftId, reply.pendingApproval.version);
    } else if (reply.toolCalls.some((c) => DRAFT_TOOLS.has(c.name))) {
      const drafts = await this.ctx.app.store.drafts.list({ threadId });
      record = drafts.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0] ?? null;
    }
    return record ? this.withPdf(record) : null;
  }

  private async withPdf(record: DraftRecord): Promise<DraftAttachment> {
    const pdf = await renderDraftPdf(record.content, { draftId: record.id, version: record.version, status: record.status, contentHash: record.contentHash });
    return { record, pdf };
  }

  /** E-mail brokers: every broker identity `email:...` gets its own code for this draft version. */
  readonly notifier: ApprovalNotifier = {
    channel: "email",
    notify: async (notice: ApprovalNotice) => {
      const brokers = await this.emailBrokers();
      if (brokers.length === 0) return;
      const draft = await this.withPdf(await this.ctx.app.store.drafts.get(notice.draftId, notice.version));
      const expiresAt = new Date(this.now().getTime() + this.config.approvalCodeHours * 3600_000);
      for (const broker of brokers) {
        const code = await this.codes.issue({ draftId: notice.draftId, version: notice.version, contentHash: notice.contentHash, broker, threadId: notice.threadId, expiresAt });
        const messageId = messageIdFor(this.config.from);
        const mail = composeApprovalRequest({ from: this.config.from, to: broker, messageId, draft, code, expiresAt, requestedBy: notice.requestedBy });
        await this.opts.mailer.send(mail);
        await this.mail.recordOutbound({ messageId, threadId: `${APPROVAL_THREAD}${notice.draftId}:${notice.version}`, sender: this.config.from, subject: String(mail.subject), references: [] });
      }
    },
  };

  /** E-mail addresses of every broker: TOLLGATE_BROKERS entries and enabled broker users' linked addresses. */
  private async emailBrokers(): Promise<string[]> {
    const listed = this.ctx.app.config.brokers.filter((b) => b.channel === "email").map((b) => b.identity);
    const users = this.ctx.app.store.users ? await this.ctx.app.store.users.list() : [];
    const linked = users
      .filter((u) => u.role === "broker" && !u.disabled)
      .flatMap((u) => u.identities.filter((i) => i.toLowerCase().startsWith("email:")).map((i) => i.slice("email:".length).trim().toLowerCase()));
    return [...new Set([...listed, ...linked])];
  }

  private approvalDeps() {
    return { store: this.ctx.app.store, brokers: this.ctx.app.config.brokers };
  }

  /** A broker's reply to an approval request: checked, then decided through the approval service. */
  async runDecision(messageId: string): Promise<void> {
    const stored = await this.mail.get(messageId);
    if (!stored?.raw) throw new TollgateError(`e-mail ${messageId} is not stored`, "email_missing");
    const parsed = await parseEmail(stored.raw);
    const from = parsed.from;
    const arrival = stored.transport as unknown as Arrival;
    const verdict = await verifySender(stored.raw, from, arrival, {
      mode: this.config.auth,
      relayAddresses: this.config.relayAddresses,
      resolver: this.opts.resolver,
    });
    const command = parseApprovalCommand(parsed.text);
    const rec = command ? await this.codes.find(command.code) : null;
    const refuse = (reason: string, tellSender: string) => this.refuseDecision(stored, parsed, verdict.ok, rec, reason, tellSender);
    if (!verdict.ok) return refuse(`sender authentication failed: ${verdict.reason}`, "The decision was not recorded: this mail could not be verified as coming from your mailbox (DKIM/DMARC).");
    if (!command) return refuse("no decision code", "No decision was recorded. To decide, reply with APPROVE <code> or REJECT <code> <reason>, using the code from the approval request; words alone decide nothing.");
    if (!rec) return refuse("unknown code", "No decision was recorded: the code is not one we issued.");
    if (rec.broker !== from) return refuse(`code issued to ${rec.broker}, used by ${from}`, "No decision was recorded: this code was issued to another broker. Use the code sent to you.");
    if (rec.usedAt) return refuse("code already used", `No decision was recorded: this code was already used on ${rec.usedAt.toISOString()}.`);
    const now = this.now();
    if (now > rec.expiresAt) return refuse("code expired", `No decision was recorded: the code expired on ${rec.expiresAt.toISOString()}. Ask for a new approval request.`);
    const latest = await this.ctx.app.store.drafts.get(rec.draftId);
    if (latest.version !== rec.version) {
      return refuse(
        `stale version ${rec.version}; current version ${latest.version}`,
        `No decision was recorded: the code is for draft ${rec.draftId} version ${rec.version}, but the current version is ${latest.version}. Version ${latest.version} needs its own approval request.`,
      );
    }
    if (latest.contentHash !== rec.contentHash || hashOfContent(latest.content) !== rec.contentHash) {
      return refuse("content hash differs from the approval request", `No decision was recorded: draft ${rec.draftId} version ${rec.version} no longer matches the content you were sent.`);
    }
    const actor: Actor = { channel: "email", identity: from };
    if (!(await isBroker(this.approvalDeps(), actor))) return refuse("not an authorised broker", "No decision was recorded: your address is not an authorised broker.");
    if (!(await this.codes.take(rec.id, now))) return refuse("code already used", "No decision was recorded: this code was already used.");
    let result: DecisionResult;
    const deps = this.approvalDeps();
    try {
      result =
        command.decision === "approve"
          ? await approveDraft(deps, { draftId: rec.draftId, version: rec.version, actor })
          : await rejectDraft(deps, { draftId: rec.draftId, version: rec.version, actor, reason: command.reason });
    } catch (err) {
      if (err instanceof TollgateError && err.userFacing) return refuse(err.code, `No decision was recorded: ${err.message}`);
      throw err;
    }
    const word = command.decision === "approve" ? "approved" : "rejected";
    await this.sendNotice(stored.threadId, this.storedTarget(stored), `Recorded: you ${word} draft ${rec.draftId} version ${rec.version} (content SHA-256 ${rec.contentHash}).`);
    const resumed = await resumeWithAssistant(this.ctx.assistant, result, actor);
    if (resumed && result.waitingThreadId) await this.replies.deliver(result.waitingThreadId, resumed);
  }

  private async refuseDecision(stored: StoredMail, parsed: ParsedEmail, authenticated: boolean, rec: ApprovalCodeRecord | null, reason: string, tellSender: string): Promise<void> {
    await this.ctx.app.store.audit.append({
      type: "email_approval_refused",
      actor: `email:${parsed.from || "unknown"}`,
      inputs: { reason, messageId: parsed.messageId, authenticated },
      refs: rec ? { draftId: rec.draftId, version: rec.version } : undefined,
    });
    this.ctx.log.warn({ messageId: parsed.messageId, from: parsed.from, reason }, "email: approval reply refused");
    // Only an authenticated broker hears back: a forged mail must not make us write to anyone.
    if (authenticated && (await isBroker(this.approvalDeps(), { channel: "email", identity: parsed.from }))) {
      await this.sendNotice(stored.threadId, this.storedTarget(stored), tellSender);
    }
  }
}
