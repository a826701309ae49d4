/**
 * The IMAP path against hoodiecrow, an in-process IMAP server: mail already waiting in the mailbox
 * is processed at start, new mail appended later is noticed (IDLE, with the timer as fallback) and
 * answered in the same thread, robots are not answered, and processed messages carry the
 * `$TollgateProcessed` keyword so a restarted poller processes nothing twice.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import hoodiecrow, { type HoodiecrowServer } from "hoodiecrow-imap";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmailChannel } from "../../../src/channels/email/channel.ts";
import { PROCESSED_FLAG } from "../../../src/channels/email/imap-poller.ts";
import { loadConfig } from "../../../src/config.ts";
import type { ChannelContext } from "../../../src/server/channel.ts";
import { DOCUMENTS, tempSetup } from "../../e2e/helpers.ts";
import { BROKER_A, CaptureServer, INTAKE, SHIPPER, buildRaw, startMailProcess, type MailProcess } from "./helpers.ts";

const INVOICE = readFileSync(path.join(DOCUMENTS, "commercial_invoices_text_demo", "demo2_clothing.txt"));
const setup = tempSetup("email-imap");
const capture = new CaptureServer();
let imapServer: HoodiecrowServer;
let imapPort: number;
let p: MailProcess;

async function invoiceMail(): Promise<string> {
  const raw = await buildRaw({
    from: SHIPPER,
    to: INTAKE,
    subject: "Invoice by IMAP",
    messageId: "<imap-1@shipper.example>",
    text: "Please extract the attached invoice.",
    attachments: [{ filename: "invoice.txt", content: INVOICE, contentType: "text/plain" }],
  });
  return raw.toString("utf8");
}

async function withClient<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = new ImapFlow({ host: "127.0.0.1", port: imapPort, secure: false, auth: { user: "testuser", pass: "testpass" }, logger: false });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.logout();
  }
}

beforeAll(async () => {
  await capture.start();
  const autoReply = "From: maria@shipper.example\r\nTo: entries@tollgate.example\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <ooo@shipper.example>\r\n\r\nAway until Monday.";
  imapServer = hoodiecrow({
    plugins: ["IDLE", "UIDPLUS", "ENABLE", "LITERALPLUS"],
    storage: { INBOX: { messages: [{ raw: await invoiceMail() }, { raw: autoReply }], permanentFlags: ["\\*"] } },
  });
  await new Promise<void>((resolve) => imapServer.listen(0, "127.0.0.1", resolve));
  imapPort = (imapServer.server.address() as AddressInfo).port;
  const config = loadConfig({
    TOLLGATE_DATA_DIR: setup.dataDir,
    TOLLGATE_BROKERS: `email:${BROKER_A}`,
    IMAP_URL: `imap://testuser:testpass@127.0.0.1:${imapPort}/INBOX`,
    IMAP_POLL_SECONDS: "1",
    SMTP_URL: `smtp://127.0.0.1:${capture.port}`,
    TOLLGATE_MAIL_FROM: INTAKE,
    TOLLGATE_MAIL_ALLOW: "@shipper.example",
  });
  p = await startMailProcess(config);
}, 300_000);
afterAll(async () => {
  await p?.close();
  await new Promise<void>((resolve) => imapServer.close(resolve));
  await capture.close();
  setup.cleanup();
});

describe("e-mail over IMAP", () => {
  it("answers the invoice waiting in the mailbox and ignores the auto-reply", async () => {
    const reply = await capture.waitFor(SHIPPER, 1);
    expect(reply.mail.subject).toBe("Re: Invoice by IMAP");
    expect(reply.mail.inReplyTo).toBe("<imap-1@shipper.example>");
    expect(reply.mail.text).toContain("BD-2026-4421");
    await p.queue.idle();
    expect(capture.to(SHIPPER)).toHaveLength(1);
    const flags = await withClient(async (c) => {
      await c.mailboxOpen("INBOX");
      const out: string[][] = [];
      for await (const m of c.fetch("1:*", { flags: true })) out.push([...(m.flags ?? [])]);
      return out;
    });
    expect(flags.every((f) => f.includes(PROCESSED_FLAG))).toBe(true);
  });

  it("notices mail appended later and answers it in the same thread", async () => {
    const first = capture.to(SHIPPER)[0]!;
    const raw = await buildRaw({
      from: SHIPPER,
      to: INTAKE,
      subject: "Re: Invoice by IMAP",
      messageId: "<imap-2@shipper.example>",
      inReplyTo: first.mail.messageId,
      references: ["<imap-1@shipper.example>", first.mail.messageId!],
      text: "Please draft the entry.",
    });
    await withClient((c) => c.append("INBOX", raw));
    const drafted = await capture.waitFor(SHIPPER, 2);
    expect(drafted.mail.inReplyTo).toBe("<imap-2@shipper.example>");
    expect(drafted.mail.attachments.some((a) => a.contentType === "application/pdf")).toBe(true);
    const drafts = await p.app.store.drafts.list();
    expect(drafts).toHaveLength(1);
  });

  it("a restarted poller processes nothing twice", async () => {
    await p.channel.stop!();
    const ctx = { app: p.app, queue: p.queue, log: p.log, assistant: undefined } as unknown as ChannelContext;
    const again = createEmailChannel(ctx, { mailer: undefined });
    await again.start!();
    const processed = await again.imap()!.poll();
    await p.queue.idle();
    await again.stop!();
    expect(processed).toBe(0);
    expect(capture.to(SHIPPER)).toHaveLength(2);
  });
});
