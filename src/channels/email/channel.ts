/**
 * The e-mail channel as the server mounts it: job handlers, the SMTP listener (when
 * SMTP_INTAKE_PORT is set), the IMAP poller (when IMAP_URL is set), the reply sink and the approval
 * notifier. The server passes `notifier` to `createAssistant` so paused filings reach e-mail brokers.
 */
import path from "node:path";
import type { DNSResolver } from "mailauth";
import type { ChannelContext, ServerChannel } from "../../server/channel.ts";
import { emailConfigured } from "./configured.ts";
import { startImapPoller, type ImapPoller } from "./imap-poller.ts";
import { createMailer, type Mailer } from "./mailer.ts";
import { EmailService } from "./service.ts";
import { startSmtpListener, type SmtpListener } from "./smtp-listener.ts";

/** Options for tests and special set-ups. */
export interface EmailChannelOptions {
  /** A mailer instead of SMTP_URL / the outbox folder. */
  mailer?: Mailer;
  /** DNS for sender authentication (tests give a local table). */
  resolver?: DNSResolver;
  /** Wall clock for approval code expiry. */
  now?: () => Date;
  /** Accept a self-signed IMAP certificate (test servers only). */
  imapAllowSelfSigned?: boolean;
}

/** The channel plus what tests and the server read from it. */
export interface EmailChannel extends ServerChannel {
  service: EmailService;
  /** The SMTP listener's port once started (null when the listener is off). */
  smtpPort(): number | null;
  /** The IMAP poller once started (null when off). */
  imap(): ImapPoller | null;
}

/** Builds the e-mail channel over the server's context. */
export function createEmailChannel(ctx: ChannelContext, opts: EmailChannelOptions = {}): EmailChannel {
  const config = ctx.app.config.email;
  const mailer =
    opts.mailer ?? createMailer({ smtpUrl: config.smtpUrl?.reveal(), outboxDir: path.join(ctx.app.config.dataDir, "mail-outbox") });
  const service = new EmailService(ctx, { mailer, resolver: opts.resolver, now: opts.now });
  let smtp: SmtpListener | null = null;
  let imap: ImapPoller | null = null;
  const receive = (raw: Uint8Array, arrival: Parameters<EmailService["receive"]>[1]) => service.receive(raw, arrival);
  return {
    name: "email",
    service,
    replies: service.replies,
    notifier: service.notifier,
    smtpPort: () => smtp?.port ?? null,
    imap: () => imap,
    async start() {
      await service.registerJobs();
      if (config.intake) {
        smtp = await startSmtpListener({ ...config.intake, intakeAddresses: config.intakeAddresses, maxMessageBytes: config.maxMessageBytes, receive, log: ctx.log });
        ctx.log.info({ port: smtp.port }, "email: SMTP intake listening");
      }
      if (config.imapUrl) {
        imap = await startImapPoller({ url: config.imapUrl.reveal(), pollSeconds: config.imapPollSeconds, receive, log: ctx.log, allowSelfSigned: opts.imapAllowSelfSigned });
        ctx.log.info({}, "email: IMAP mailbox watched");
      }
    },
    async stop() {
      await smtp?.close();
      await imap?.close();
      smtp = null;
      imap = null;
      mailer.close();
    },
  };
}

/**
 * The server's factory: the channel is active when any of its mail paths is configured (an SMTP
 * intake port, an IMAP mailbox or an outbound relay), inert otherwise.
 */
export function emailChannelSpec(ctx: ChannelContext): ServerChannel {
  if (!emailConfigured(ctx.app.config)) return { name: "email" };
  return createEmailChannel(ctx);
}
