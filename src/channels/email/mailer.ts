/**
 * Sends mail: through the relay named by SMTP_URL (nodemailer), or, offline, into the mail outbox
 * folder under the data directory as .eml files (what a relay would have been given).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";

/** Something that delivers one message and reports its Message-ID. */
export interface Mailer {
  send(message: Mail.Options): Promise<{ messageId: string }>;
  close(): void;
}

/** The mailer for the configuration: the SMTP relay, or the outbox folder. */
export function createMailer(opts: { smtpUrl?: string; outboxDir: string }): Mailer {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      send: async (message) => ({ messageId: (await transport.sendMail(message)).messageId }),
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    send: async (message) => {
      const info = await transport.sendMail(message);
      mkdirSync(opts.outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${info.messageId.replace(/[^A-Za-z0-9@.-]/g, "")}.eml`;
      writeFileSync(path.join(opts.outboxDir, name), info.message as Buffer);
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
