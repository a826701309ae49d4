/**
 * The e-mail channel's pure parts, on real MIME built by nodemailer: bodies (HTML reduced to text),
 * attachments kept or ignored (inline logos), forwarded .eml opened, robots recognised, the allow
 * list, decision commands read only from the sender's own lines, approval codes, and the claim
 * table deduplicating across two database connections (a real PostgreSQL with TEST_DATABASE_URL).
 */
import { describe, expect, it } from "vitest";
import { hashCode, newApprovalCode } from "../../../src/channels/email/approval-codes.ts";
import { looksLikeDecision, parseApprovalCommand } from "../../../src/channels/email/approval-command.ts";
import { replySubject, textToHtml } from "../../../src/channels/email/compose.ts";
import { MailRepository } from "../../../src/channels/email/messages-repo.ts";
import { htmlToPlain, parseEmail } from "../../../src/channels/email/parse.ts";
import { verifySender } from "../../../src/channels/email/sender-auth.ts";
import { automatedReason, isAllowedSender } from "../../../src/channels/email/senders.ts";
import { loadConfig } from "../../../src/config.ts";
import { PgDb, PgliteDb, storeOver } from "../../../src/store/index.ts";
import { buildRaw } from "./helpers.ts";

const PNG_1PX = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

describe("parsing", () => {
  it("reduces an HTML-only body to text and keeps PDFs while dropping an inline signature logo", async () => {
    const raw = await buildRaw({
      from: "Maria <Maria@Shipper.Example>",
      to: "entries@tollgate.example",
      subject: "Docs",
      html: '<p>Hello,<br>please <b>draft</b> the entry.</p><p><img src="cid:logo@shipper"></p>',
      attachments: [
        { filename: "logo.png", content: PNG_1PX, cid: "logo@shipper", contentDisposition: "inline" },
        { filename: "invoice.pdf", content: Buffer.from("%PDF-1.4 test"), contentType: "application/pdf" },
        { filename: "setup.exe", content: Buffer.from("MZ"), contentType: "application/x-msdownload" },
      ],
    });
    const mail = await parseEmail(raw);
    expect(mail.from).toBe("maria@shipper.example");
    expect(mail.text).toMatch(/please draft the entry\./i);
    expect(mail.text).not.toContain("<b>");
    expect(mail.files.map((f) => f.filename)).toEqual(["invoice.pdf"]);
    expect(mail.ignored).toEqual(["logo.png", "setup.exe"]);
  });

  it("reduces HTML to text: blocks, lists, entities; scripts dropped", () => {
    expect(htmlToPlain("<style>p{}</style><p>Invoice&nbsp;7 &amp; 8</p><ul><li>one</li><li>two</li></ul><script>x()</script>&#8364;5")).toBe(
      "Invoice 7 & 8\n- one\n- two\n€5",
    );
  });

  it("opens a forwarded message attached as message/rfc822, with its text and files", async () => {
    const inner = await buildRaw({
      from: "supplier@factory.example",
      to: "maria@shipper.example",
      subject: "Commercial invoice 77",
      text: "Invoice attached.",
      attachments: [{ filename: "ci-77.txt", content: "COMMERCIAL INVOICE\nInvoice Number: 77", contentType: "text/plain" }],
    });
    const raw = await buildRaw({
      from: "maria@shipper.example",
      to: "entries@tollgate.example",
      subject: "Fwd: Commercial invoice 77",
      text: "See the forwarded mail.",
      attachments: [{ filename: "forwarded.eml", content: inner, contentType: "message/rfc822" }],
    });
    const mail = await parseEmail(raw);
    expect(mail.text).toContain("See the forwarded mail.");
    expect(mail.text).toContain("From: supplier@factory.example");
    expect(mail.text).toContain("Invoice attached.");
    expect(mail.files.map((f) => f.filename)).toEqual(["ci-77.txt"]);
  });

  it("reads threading headers and gives the same content the same hash under another Message-ID", async () => {
    const base = { from: "maria@shipper.example", to: "entries@tollgate.example", subject: "Re: x", inReplyTo: "<a@b>", references: ["<r@b>", "<a@b>"], text: "file it" };
    const one = await parseEmail(await buildRaw({ ...base, messageId: "<one@shipper.example>" }));
    const two = await parseEmail(await buildRaw({ ...base, messageId: "<two@shipper.example>" }));
    const otherThread = await parseEmail(await buildRaw({ ...base, inReplyTo: "<c@b>", messageId: "<three@shipper.example>" }));
    expect(one.messageId).toBe("one@shipper.example");
    expect(one.inReplyTo).toEqual(["a@b"]);
    expect(one.references).toEqual(["r@b", "a@b"]);
    expect(one.contentHash).toBe(two.contentHash);
    expect(otherThread.contentHash).not.toBe(one.contentHash);
  });
});

describe("senders", () => {
  it("matches addresses and @domain entries, not subdomains or look-alikes", () => {
    const allow = ["@shipper.example", "ops@forwarder.example"];
    expect(isAllowedSender(allow, "Maria@Shipper.example")).toBe(true);
    expect(isAllowedSender(allow, "ops@forwarder.example")).toBe(true);
    expect(isAllowedSender(allow, "other@forwarder.example")).toBe(false);
    expect(isAllowedSender(allow, "x@sub.shipper.example")).toBe(false);
    expect(isAllowedSender(allow, "x@shipper.example.evil")).toBe(false);
    expect(isAllowedSender([], "maria@shipper.example")).toBe(false);
  });

  it("recognises auto-replies, bulk and list mail, reports and bounces", () => {
    const h = (o: Record<string, string>) => new Map(Object.entries(o));
    expect(automatedReason(h({ "auto-submitted": "auto-replied" }), "a@b")).toMatch(/Auto-Submitted/);
    expect(automatedReason(h({ "auto-submitted": "no" }), "a@b")).toBeNull();
    expect(automatedReason(h({ precedence: "auto_reply" }), "a@b")).toMatch(/Precedence/);
    expect(automatedReason(h({ "x-autoreply": "yes" }), "a@b")).toBe("X-Autoreply");
    expect(automatedReason(h({ "list-id": "<l.example>" }), "a@b")).toBe("mailing list");
    expect(automatedReason(h({ "content-type": "multipart/report; report-type=delivery-status" }), "a@b")).toBe("delivery report");
    expect(automatedReason(h({}), "<>")).toBe("null return path");
    expect(automatedReason(h({}), "a@b")).toBeNull();
  });
});

describe("decision commands and codes", () => {
  const code = newApprovalCode();

  it("issues 160-bit base32 codes and stores them only as SHA-256", () => {
    expect(code).toMatch(/^[A-Z2-7]{32}$/);
    expect(new Set(Array.from({ length: 200 }, () => newApprovalCode())).size).toBe(200);
    expect(hashCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCode(code.toLowerCase())).toBe(hashCode(code));
  });

  it("reads APPROVE / REJECT from the sender's own lines only, never from the quoted request", () => {
    expect(parseApprovalCommand(`approve ${code}\n\nThanks`)).toEqual({ decision: "approve", code, reason: "" });
    expect(parseApprovalCommand(`REJECT ${code} Importer number missing.\nPlease fix.\n\nAna`)).toEqual({
      decision: "reject",
      code,
      reason: "Importer number missing. Please fix.",
    });
    expect(parseApprovalCommand(`Looks fine.\n\nOn Mon, Tollgate wrote:\n> APPROVE ${code}`)).toBeNull();
    expect(parseApprovalCommand(`> APPROVE ${code}`)).toBeNull();
    expect(parseApprovalCommand("I approve this, file it")).toBeNull();
    expect(looksLikeDecision("APPROVE 1234")).toBe(true);
    expect(looksLikeDecision("please draft")).toBe(false);
  });

  it("trusted-relay mode accepts only mail handed over by the relay's address", async () => {
    const raw = await buildRaw({ from: "ana@broker.example", to: "entries@tollgate.example", subject: "x", text: `APPROVE ${code}` });
    const opts = { mode: "trusted-relay" as const, relayAddresses: ["10.0.0.5"] };
    expect((await verifySender(raw, "ana@broker.example", { via: "smtp", remoteAddress: "::ffff:10.0.0.5" }, opts)).ok).toBe(true);
    expect((await verifySender(raw, "ana@broker.example", { via: "smtp", remoteAddress: "10.0.0.6" }, opts)).ok).toBe(false);
    expect((await verifySender(raw, "ana@broker.example", { via: "imap" }, opts)).ok).toBe(false);
  });
});

describe("rendering", () => {
  it("prefixes Re: once and escapes HTML", () => {
    expect(replySubject("Invoice 7")).toBe("Re: Invoice 7");
    expect(replySubject("RE: Invoice 7")).toBe("RE: Invoice 7");
    expect(textToHtml("a <script>\n- one\n- two")).toContain("a &lt;script&gt;");
    expect(textToHtml("- one\n- two")).toContain("<ul><li>one</li><li>two</li></ul>");
  });
});

describe("config", () => {
  it("reads the e-mail keys, and refuses a listener without intake addresses or half a TLS pair", () => {
    const c = loadConfig({ SMTP_INTAKE_PORT: "2525", TOLLGATE_INTAKE_ADDRESSES: "Entries@Tollgate.example", TOLLGATE_MAIL_ALLOW: "@Shipper.example, ops@f.example", IMAP_URL: "imaps://u:p@h/INBOX" });
    expect(c.email.intake).toEqual({ port: 2525, host: "0.0.0.0", tls: undefined });
    expect(c.email.intakeAddresses).toEqual(["entries@tollgate.example"]);
    expect(c.email.allow).toEqual(["@shipper.example", "ops@f.example"]);
    expect(c.email.auth).toBe("strict");
    expect(String(c.email.imapUrl)).toBe("[redacted]");
    expect(loadConfig({}).email.intake).toBeNull();
    expect(() => loadConfig({ SMTP_INTAKE_PORT: "2525" })).toThrow(/TOLLGATE_INTAKE_ADDRESSES/);
    expect(() => loadConfig({ SMTP_INTAKE_PORT: "2525", TOLLGATE_INTAKE_ADDRESSES: "a@b", SMTP_TLS_CERT: "/c.pem" })).toThrow(/SMTP_TLS_KEY/);
    expect(() => loadConfig({ IMAP_URL: "http://x" })).toThrow(/IMAP_URL/);
  });
});

const PG = process.env.TEST_DATABASE_URL;

describe("the same mail claimed by two replicas", () => {
  it("on embedded PGlite: one claim wins by Message-ID, one by content hash", async () => {
    const store = await storeOver(await PgliteDb.open());
    const repo = new MailRepository(store.db);
    const mail = { messageId: `m-${Date.now()}@x`, threadId: "email:t", contentHash: `h-${Date.now()}`, sender: "a@b", subject: "s", references: [], raw: new Uint8Array([1]), transport: {} };
    expect(await repo.claimInbound(mail)).toBe(true);
    expect(await repo.claimInbound(mail)).toBe(false);
    expect(await repo.claimInbound({ ...mail, messageId: `other-${mail.messageId}` })).toBe(false);
    expect(await repo.claimInbound({ ...mail, messageId: `dec-${mail.messageId}`, contentHash: null })).toBe(true);
    expect(await repo.claimInbound({ ...mail, messageId: `dec2-${mail.messageId}`, contentHash: null })).toBe(true);
    await store.close();
  });

  it.skipIf(!PG)("on PostgreSQL: two connections racing on one mail, exactly one wins", async () => {
    const a = await storeOver(new PgDb(PG!));
    const b = await storeOver(new PgDb(PG!));
    const mail = { messageId: `race-${Date.now()}@x`, threadId: "email:t", contentHash: `race-${Date.now()}`, sender: "a@b", subject: "s", references: [], raw: new Uint8Array([1]), transport: {} };
    const results = await Promise.all([new MailRepository(a.db).claimInbound(mail), new MailRepository(b.db).claimInbound(mail)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await a.close();
    await b.close();
  });
});
