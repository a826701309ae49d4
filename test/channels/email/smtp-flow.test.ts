/**
 * The SMTP path end to end with real mail components: nodemailer as the shipper's and the broker's
 * mail client, Tollgate's SMTP listener on port 0, a capture SMTP server as the outbound relay, the
 * offline model, real tools and store. Invoice mailed -> threaded reply with the extraction ->
 * "please draft the entry" -> draft reply with the PDF -> "file it" -> approval request to the
 * brokers -> DKIM-signed "APPROVE <code>" -> filed, the shipper told, the audit chain intact.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { DOCUMENTS, outboxEntries, tempSetup } from "../../e2e/helpers.ts";
import {
  BROKER_A,
  BROKER_B,
  CaptureServer,
  INTAKE,
  SHIPPER,
  buildRaw,
  dkimKey,
  dnsTable,
  signRaw,
  smtpSend,
  startMailProcess,
  type Captured,
  type MailProcess,
} from "./helpers.ts";

const INVOICE = path.join(DOCUMENTS, "commercial_invoices_text_demo", "demo2_clothing.txt");
const setup = tempSetup("email-smtp");
const capture = new CaptureServer();
const brokerKey = dkimKey("broker.example");
let p: MailProcess;
let port: number;

beforeAll(async () => {
  await capture.start();
  const config = loadConfig({
    TOLLGATE_DATA_DIR: setup.dataDir,
    TOLLGATE_BROKERS: `email:${BROKER_A},email:${BROKER_B}`,
    SMTP_INTAKE_PORT: "0",
    SMTP_INTAKE_HOST: "127.0.0.1",
    TOLLGATE_INTAKE_ADDRESSES: INTAKE,
    SMTP_URL: `smtp://127.0.0.1:${capture.port}`,
    TOLLGATE_MAIL_FROM: INTAKE,
    TOLLGATE_MAIL_ALLOW: "@shipper.example",
  });
  p = await startMailProcess(config, { resolver: dnsTable(brokerKey) });
  port = p.channel.smtpPort()!;
}, 300_000);
afterAll(async () => {
  await p?.close();
  await capture.close();
  setup.cleanup();
});

function idOf(m: Captured): string {
  return m.mail.messageId!;
}

function codeIn(m: Captured): string {
  const match = /APPROVE ([A-Z2-7]{32})/.exec(m.mail.text ?? "");
  expect(match).not.toBeNull();
  return match![1]!;
}

describe("e-mail over SMTP, invoice to filing", () => {
  let first: Captured;
  let drafted: Captured;

  it("answers an e-mailed invoice in the same thread with what it read", async () => {
    await smtpSend(port, {
      from: `Maria Lopez <${SHIPPER}>`,
      to: INTAKE,
      subject: "Invoice BD-2026-4421",
      messageId: "<inv-4421@shipper.example>",
      text: "Hello, please extract the attached invoice.\n\nMaria",
      attachments: [{ filename: "demo2_clothing.txt", content: readFileSync(INVOICE), contentType: "text/plain" }],
    });
    first = await capture.waitFor(SHIPPER, 1);
    expect(first.mail.subject).toBe("Re: Invoice BD-2026-4421");
    expect(first.mail.inReplyTo).toBe("<inv-4421@shipper.example>");
    expect(first.mail.references).toContain("<inv-4421@shipper.example>");
    expect(first.mail.from?.value[0]?.address).toBe(INTAKE);
    expect(first.mail.headers.get("auto-submitted")).toBe("auto-replied");
    expect(first.mail.text).toContain("BD-2026-4421");
    expect(first.mail.html).toContain("BD-2026-4421");
  });

  it("drafts the entry on a reply and attaches the draft PDF with questions for what is missing", async () => {
    await smtpSend(port, {
      from: SHIPPER,
      to: INTAKE,
      subject: "Re: Invoice BD-2026-4421",
      messageId: "<inv-4421-2@shipper.example>",
      inReplyTo: idOf(first),
      references: ["<inv-4421@shipper.example>", idOf(first)],
      text: "Thanks. Please draft the entry.\n\n> earlier text",
    });
    drafted = await capture.waitFor(SHIPPER, 2);
    expect(drafted.mail.inReplyTo).toBe("<inv-4421-2@shipper.example>");
    const pdf = drafted.mail.attachments.find((a) => a.contentType === "application/pdf");
    expect(pdf).toBeDefined();
    expect(pdf!.content.subarray(0, 5).toString()).toBe("%PDF-");
    const drafts = await p.app.store.drafts.list();
    expect(drafts).toHaveLength(1);
    expect(drafted.mail.text).toContain(`Draft ${drafts[0]!.id} version 1`);
    expect(drafted.mail.text).toMatch(/Questions before this can be filed:\n1\. What is the /);
  });

  it("asks the brokers to approve when the shipper says file it, and a DKIM-signed APPROVE files it", async () => {
    await smtpSend(port, {
      from: SHIPPER,
      to: INTAKE,
      subject: "Re: Invoice BD-2026-4421",
      messageId: "<inv-4421-3@shipper.example>",
      inReplyTo: idOf(drafted),
      references: ["<inv-4421@shipper.example>", idOf(drafted)],
      text: "Looks good, file it.",
    });
    const waiting = await capture.waitFor(SHIPPER, 3);
    expect(waiting.mail.text).toMatch(/waits for a licensed broker's approval/);
    const [draft] = await p.app.store.drafts.list();
    expect(draft!.status).toBe("awaiting_approval");
    const reqA = await capture.waitFor(BROKER_A, 1);
    const reqB = await capture.waitFor(BROKER_B, 1);
    expect(reqA.mail.subject).toBe(`Approval requested: entry draft ${draft!.id} version 1`);
    expect(reqA.mail.text).toContain(draft!.contentHash);
    expect(reqA.mail.attachments.some((a) => a.contentType === "application/pdf")).toBe(true);
    expect(codeIn(reqA)).not.toBe(codeIn(reqB));
    // The code is stored only as a hash.
    const stored = await p.app.store.db.query<{ code_hash: string }>("select code_hash from email_approval_codes");
    expect(JSON.stringify(stored.rows)).not.toContain(codeIn(reqA));
    expect(outboxEntries(setup.dataDir)).toEqual([]);

    const raw = await signRaw(
      await buildRaw({
        from: BROKER_A,
        to: INTAKE,
        subject: `Re: ${reqA.mail.subject}`,
        messageId: "<approve-1@broker.example>",
        inReplyTo: idOf(reqA),
        text: `APPROVE ${codeIn(reqA)}\n\nOn Fri, Tollgate wrote:\n> To approve, reply with`,
      }),
      brokerKey,
    );
    await smtpSend(port, { raw }, { from: BROKER_A, to: [INTAKE] });
    const confirmed = await capture.waitFor(BROKER_A, 2);
    expect(confirmed.mail.text).toContain(`Recorded: you approved draft ${draft!.id} version 1`);
    const outcome = await capture.waitFor(SHIPPER, 4);
    expect(outcome.mail.text).toMatch(/filed/i);
    expect(outcome.mail.inReplyTo).toBe("<inv-4421-3@shipper.example>");
    expect(outboxEntries(setup.dataDir)).toEqual([`${draft!.id}-v1`]);
    expect(await p.app.store.filings.getFor(draft!.id, 1)).not.toBeNull();
    const approvals = await p.app.store.approvals.listFor(draft!.id, 1);
    expect(approvals.map((a) => `${a.actorChannel}:${a.actorIdentity}`)).toEqual([`email:${BROKER_A}`]);
    expect((await p.app.store.audit.verify()).ok).toBe(true);
  });
});
