/**
 * The e-mail channel mounted in the real server (`startServer`, pg-boss queue on embedded PGlite):
 * the broker is a server user with role broker and a linked e-mail address (no TOLLGATE_BROKERS),
 * and an invoice mailed to the SMTP listener goes all the way to a filed entry after the broker's
 * DKIM-signed APPROVE reply, with turns and decisions run as queued jobs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmailChannel, type EmailChannel } from "../../../src/channels/email/channel.ts";
import { loadConfig } from "../../../src/config.ts";
import { createLogger } from "../../../src/server/logger.ts";
import { startServer, type RunningServer, type ServerContext } from "../../../src/server/server.ts";
import { DOCUMENTS, NOW, knowledgeBase, outboxEntries, tempSetup } from "../../e2e/helpers.ts";
import { BROKER_A, CaptureServer, INTAKE, SHIPPER, buildRaw, dkimKey, dnsTable, signRaw, smtpSend } from "./helpers.ts";

const INVOICE = readFileSync(path.join(DOCUMENTS, "commercial_invoices_text_demo", "demo2_clothing.txt"));
const setup = tempSetup("email-server");
const capture = new CaptureServer();
const brokerKey = dkimKey("broker.example");
let server: RunningServer;
let ctx: ServerContext;
let port: number;

beforeAll(async () => {
  await capture.start();
  const config = loadConfig({
    TOLLGATE_DATA_DIR: setup.dataDir,
    SMTP_INTAKE_PORT: "0",
    SMTP_INTAKE_HOST: "127.0.0.1",
    TOLLGATE_INTAKE_ADDRESSES: INTAKE,
    SMTP_URL: `smtp://127.0.0.1:${capture.port}`,
    TOLLGATE_MAIL_FROM: INTAKE,
    TOLLGATE_MAIL_ALLOW: "@shipper.example",
  });
  server = await startServer({
    config,
    port: 0,
    knowledge: await knowledgeBase(config),
    clock: () => NOW,
    bcryptRounds: 4,
    logger: createLogger("silent"),
    queuePollSeconds: 0.5,
    channels: [(c) => createEmailChannel(c, { resolver: dnsTable(brokerKey) })],
  });
  ctx = await server.ready;
  await ctx.users.addUser({ name: "ana", role: "broker", password: "broker password 1", email: [BROKER_A] });
  port = (ctx.channels.find((c) => c.name === "email") as EmailChannel).smtpPort()!;
}, 300_000);
afterAll(async () => {
  await server?.close();
  await capture.close();
  setup.cleanup();
});

describe("e-mail channel in the server", () => {
  it("drafts from a mailed invoice, asks the linked broker, and files after the signed APPROVE", async () => {
    await smtpSend(port, {
      from: SHIPPER,
      to: INTAKE,
      subject: "Entry for BD-2026-4421",
      messageId: "<srv-1@shipper.example>",
      text: "Please draft an entry from the attached invoice.",
      attachments: [{ filename: "invoice.txt", content: INVOICE, contentType: "text/plain" }],
    });
    const drafted = await capture.waitFor(SHIPPER, 1);
    expect(drafted.mail.inReplyTo).toBe("<srv-1@shipper.example>");
    expect(drafted.mail.attachments.some((a) => a.contentType === "application/pdf")).toBe(true);

    await smtpSend(port, { from: SHIPPER, to: INTAKE, subject: "Re: Entry for BD-2026-4421", messageId: "<srv-2@shipper.example>", inReplyTo: drafted.mail.messageId, text: "file it" });
    const request = await capture.waitFor(BROKER_A, 1);
    const code = /APPROVE ([A-Z2-7]{32})/.exec(request.mail.text ?? "")![1]!;
    const [draft] = await ctx.app.store.drafts.list();
    expect(draft!.status).toBe("awaiting_approval");

    const raw = await signRaw(await buildRaw({ from: BROKER_A, to: INTAKE, subject: `Re: ${request.mail.subject}`, messageId: "<srv-approve@broker.example>", inReplyTo: request.mail.messageId, text: `APPROVE ${code}` }), brokerKey);
    await smtpSend(port, { raw }, { from: BROKER_A, to: [INTAKE] });
    const outcome = await capture.waitFor(SHIPPER, 3);
    expect(outcome.mail.text).toMatch(/filed/i);
    expect(outboxEntries(setup.dataDir)).toEqual([`${draft!.id}-v1`]);
    const approvals = await ctx.app.store.approvals.listFor(draft!.id, 1);
    expect(approvals.map((a) => `${a.actorChannel}:${a.actorIdentity}`)).toEqual([`email:${BROKER_A}`]);
    expect((await ctx.app.store.audit.verify()).ok).toBe(true);
  });
});
