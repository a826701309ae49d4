/**
 * The IMAP path against a real IMAP server, Debian's dovecot, started by the test (skipped when
 * dovecot-imapd is not installed; `.ci/run` installs it). Mail delivered to the mailbox before
 * start-up and while running (IDLE) is answered in its thread; processed messages carry the
 * `$TollgateProcessed` keyword and \Seen, so a restart processes nothing twice.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROCESSED_FLAG, startImapPoller } from "../../../src/channels/email/imap-poller.ts";
import { loadConfig } from "../../../src/config.ts";
import { DOCUMENTS, tempSetup } from "../../e2e/helpers.ts";
import { hasDovecot, startDovecot, type Dovecot } from "./dovecot.ts";
import { BROKER_A, CaptureServer, INTAKE, SHIPPER, buildRaw, startMailProcess, type MailProcess } from "./helpers.ts";

const INVOICE = readFileSync(path.join(DOCUMENTS, "commercial_invoices_text_demo", "demo2_clothing.txt"));

describe.skipIf(!hasDovecot())("e-mail over IMAP with dovecot", () => {
  const setup = tempSetup("email-dovecot");
  const capture = new CaptureServer();
  let dovecot: Dovecot;
  let p: MailProcess;

  async function client(): Promise<ImapFlow> {
    const c = new ImapFlow({ host: "127.0.0.1", port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.pass }, logger: false });
    await c.connect();
    return c;
  }

  async function deliver(raw: Buffer): Promise<void> {
    const c = await client();
    try {
      await c.append("INBOX", raw);
    } finally {
      await c.logout();
    }
  }

  beforeAll(async () => {
    await capture.start();
    dovecot = await startDovecot();
    await deliver(
      await buildRaw({
        from: SHIPPER,
        to: INTAKE,
        subject: "Invoice via dovecot",
        messageId: "<dovecot-1@shipper.example>",
        html: "<p>Hello,</p><p>please <b>extract</b> the attached invoice.</p>",
        attachments: [{ filename: "invoice.txt", content: INVOICE, contentType: "text/plain" }],
      }),
    );
    const config = loadConfig({
      TOLLGATE_DATA_DIR: setup.dataDir,
      TOLLGATE_BROKERS: `email:${BROKER_A}`,
      IMAP_URL: `imap://${dovecot.user}:${dovecot.pass}@127.0.0.1:${dovecot.port}/INBOX`,
      IMAP_POLL_SECONDS: "30",
      SMTP_URL: `smtp://127.0.0.1:${capture.port}`,
      TOLLGATE_MAIL_FROM: INTAKE,
      TOLLGATE_MAIL_ALLOW: SHIPPER,
    });
    p = await startMailProcess(config);
  }, 300_000);
  afterAll(async () => {
    await p?.close();
    await dovecot?.stop();
    await capture.close();
    setup.cleanup();
  });

  it("answers mail that waited in the mailbox (an HTML-only body) in its thread", async () => {
    const reply = await capture.waitFor(SHIPPER, 1);
    expect(reply.mail.subject).toBe("Re: Invoice via dovecot");
    expect(reply.mail.inReplyTo).toBe("<dovecot-1@shipper.example>");
    expect(reply.mail.text).toContain("BD-2026-4421");
  });

  it("notices new mail through IDLE (the poll timer is 30 s) and threads the answer", async () => {
    const first = capture.to(SHIPPER)[0]!;
    await deliver(
      await buildRaw({
        from: SHIPPER,
        to: INTAKE,
        subject: "Re: Invoice via dovecot",
        messageId: "<dovecot-2@shipper.example>",
        inReplyTo: first.mail.messageId,
        references: ["<dovecot-1@shipper.example>", first.mail.messageId!],
        text: "Please draft the entry.",
      }),
    );
    const drafted = await capture.waitFor(SHIPPER, 2, 10_000);
    expect(drafted.mail.inReplyTo).toBe("<dovecot-2@shipper.example>");
    expect(drafted.mail.attachments.some((a) => a.contentType === "application/pdf")).toBe(true);
  });

  it("flags processed messages, so a new poller after a restart processes none", async () => {
    await p.queue.idle();
    const c = await client();
    const flags: string[][] = [];
    try {
      await c.mailboxOpen("INBOX");
      for await (const m of c.fetch("1:*", { flags: true })) flags.push([...(m.flags ?? [])]);
    } finally {
      await c.logout();
    }
    expect(flags).toHaveLength(2);
    for (const f of flags) expect(f).toEqual(expect.arrayContaining([PROCESSED_FLAG, "\\Seen"]));
    let received = 0;
    const again = await startImapPoller({
      url: `imap://${dovecot.user}:${dovecot.pass}@127.0.0.1:${dovecot.port}/INBOX`,
      pollSeconds: 60,
      receive: async () => void received++,
      log: p.log,
    });
    await again.close();
    expect(received).toBe(0);
  });
});
