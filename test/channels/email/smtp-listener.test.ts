/**
 * The SMTP listener on its own: STARTTLS offered with a configured certificate (a self-signed one
 * made with openssl for the test) and required by the client, recipients outside the intake
 * addresses rejected at RCPT, and the size limit enforced during DATA.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpListener, type SmtpListener } from "../../../src/channels/email/smtp-listener.ts";
import type { Arrival } from "../../../src/channels/email/sender-auth.ts";
import { memoryLog } from "./helpers.ts";

const OPENSSL = "/usr/bin/openssl";
const dir = mkdtempSync(path.join(tmpdir(), "tollgate-smtp-tls-"));
const received: Array<{ raw: Uint8Array; arrival: Arrival }> = [];
let listener: SmtpListener;

describe.skipIf(!existsSync(OPENSSL))("SMTP listener", () => {
  beforeAll(async () => {
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    execFileSync(OPENSSL, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
    listener = await startSmtpListener({
      port: 0,
      host: "127.0.0.1",
      tls: { cert, key },
      intakeAddresses: ["entries@tollgate.example"],
      maxMessageBytes: 64 * 1024,
      receive: async (raw, arrival) => void received.push({ raw, arrival }),
      log: memoryLog(),
    });
  });
  afterAll(async () => {
    await listener?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const client = (opts: { requireTLS?: boolean } = {}) =>
    nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, requireTLS: opts.requireTLS, tls: { rejectUnauthorized: false } });

  it("accepts mail over STARTTLS and records the envelope", async () => {
    const t = client({ requireTLS: true });
    const info = await t.sendMail({ from: "maria@shipper.example", to: "Entries@Tollgate.example", subject: "tls", text: "hello" });
    t.close();
    expect(info.accepted).toHaveLength(1);
    expect(received).toHaveLength(1);
    expect(Buffer.from(received[0]!.raw).toString()).toContain("Subject: tls");
    expect(received[0]!.arrival).toMatchObject({ via: "smtp", mailFrom: "maria@shipper.example" });
  });

  it("rejects other recipients at RCPT and oversized messages during DATA", async () => {
    const t = client();
    await expect(t.sendMail({ from: "maria@shipper.example", to: "postmaster@tollgate.example", subject: "x", text: "x" })).rejects.toThrow(/550/);
    await expect(
      t.sendMail({ from: "maria@shipper.example", to: "entries@tollgate.example", subject: "big", text: "x", attachments: [{ filename: "a.bin", content: Buffer.alloc(100 * 1024, 1) }] }),
    ).rejects.toThrow(/552 Message too large: the limit is 64 KB/);
    t.close();
    expect(received).toHaveLength(1);
  });
});
