/**
 * The SMTP intake listener: accepts mail for the intake addresses only (others are rejected at
 * RCPT), enforces the size limit during DATA (advertised with SIZE, checked while the data streams),
 * offers STARTTLS when a certificate is configured, and answers 250 only once the mail is recorded.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import type { Logger } from "../../server/channel.ts";
import type { Arrival } from "./sender-auth.ts";
import { formatBytes } from "./compose.ts";

/** Settings of the listener. */
export interface SmtpListenerOptions {
  port: number;
  host: string;
  tls?: { cert: string; key: string };
  intakeAddresses: readonly string[];
  maxMessageBytes: number;
  /** Records one mail; a throw answers 451 (the sender retries). */
  receive: (raw: Uint8Array, arrival: Arrival) => Promise<unknown>;
  log: Logger;
}

/** A running listener. */
export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Starts the listener; resolves when it is listening. */
export async function startSmtpListener(opts: SmtpListenerOptions): Promise<SmtpListener> {
  const accepted = new Set(opts.intakeAddresses.map((a) => a.toLowerCase()));
  const limit = formatBytes(opts.maxMessageBytes);
  const options: SMTPServerOptions = {
    secure: false,
    name: "tollgate",
    banner: "Tollgate intake",
    authOptional: true,
    disabledCommands: ["AUTH"],
    size: opts.maxMessageBytes,
    hideSTARTTLS: !opts.tls,
    ...(opts.tls ? { key: readFileSync(opts.tls.key), cert: readFileSync(opts.tls.cert) } : {}),
    onRcptTo(address, _session, callback) {
      if (accepted.has(address.address.trim().toLowerCase())) return callback();
      return callback(smtpError(`<${address.address}>: no such mailbox here; this server accepts mail for the intake address only`, 550));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(smtpError(`Message too large: the limit is ${limit}. Send the documents in several smaller messages.`, 552));
          return;
        }
        const mailFrom = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;
        const arrival: Arrival = { via: "smtp", remoteAddress: session.remoteAddress, helo: session.hostNameAppearsAs, mailFrom };
        opts.receive(new Uint8Array(Buffer.concat(chunks)), arrival).then(
          () => callback(),
          (err: unknown) => {
            opts.log.error({ err: err instanceof Error ? err.message : String(err) }, "email: SMTP intake failed");
            callback(smtpError("Temporary failure recording the message; please retry later", 451));
          },
        );
      });
    },
  };
  const server = new SMTPServer(options);
  server.on("error", (err) => opts.log.warn({ err: err.message }, "email: SMTP listener error"));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
