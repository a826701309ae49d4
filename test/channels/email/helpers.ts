/**
 * Shared set-up of the e-mail channel tests: a small in-memory job queue (the server's
 * PostgreSQL-backed queue stands in its place in production), a capture SMTP server that receives
 * everything Tollgate sends, DKIM keys and a DNS table for sender authentication, and a "process"
 * with the application context, the e-mail channel and the assistant wired as the server wires them.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { dkimSign, type DNSResolver } from "mailauth";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { SMTPServer } from "smtp-server";
import { createAssistant } from "../../../src/agent/assistant.ts";
import type { EnqueueOptions, JobHandlerOptions, JobQueue } from "../../../src/agent/ports.ts";
import { createApp, type AppContext } from "../../../src/app.ts";
import { createEmailChannel, type EmailChannel, type EmailChannelOptions } from "../../../src/channels/email/channel.ts";
import type { Config } from "../../../src/config.ts";
import type { ChannelContext, Logger } from "../../../src/server/channel.ts";
import { knowledgeBase, NOW } from "../../e2e/helpers.ts";

/** Addresses used across the tests. */
export const INTAKE = "entries@tollgate.example";
export const SHIPPER = "maria@shipper.example";
export const BROKER_A = "ana@broker.example";
export const BROKER_B = "ben@broker.example";

/** A job queue in memory: dedupe keys, retries and onFailed as the port describes, one process only. */
export class MemoryQueue implements JobQueue {
  readonly #handlers = new Map<string, { handler: (p: unknown) => Promise<void>; options: JobHandlerOptions }>();
  readonly #seen = new Set<string>();
  readonly #running = new Set<Promise<void>>();
  readonly errors: Error[] = [];

  async work<T>(name: string, handler: (payload: T) => Promise<void>, options: JobHandlerOptions = {}): Promise<void> {
    this.#handlers.set(name, { handler: handler as (p: unknown) => Promise<void>, options });
  }

  async enqueue<T>(name: string, payload: T, options: EnqueueOptions = {}): Promise<string | null> {
    if (options.dedupeKey !== undefined) {
      if (this.#seen.has(options.dedupeKey)) return null;
      this.#seen.add(options.dedupeKey);
    }
    const entry = this.#handlers.get(name);
    if (!entry) throw new Error(`no handler for job ${name}`);
    const run = (async () => {
      await new Promise((r) => setImmediate(r));
      const attempts = 1 + (entry.options.retryLimit ?? 0);
      for (let i = 0; i < attempts; i++) {
        try {
          await entry.handler(payload);
          return;
        } catch (err) {
          if (i === attempts - 1) {
            this.errors.push(err as Error);
            await entry.options.onFailed?.(payload, err as Error);
          }
        }
      }
    })();
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
    return randomUUID();
  }

  /** Resolves when no job is running (jobs enqueued by jobs included). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }
}

/** A mail captured by the outbound relay. */
export interface Captured {
  raw: Buffer;
  mail: ParsedMail;
  to: string[];
}

/** An SMTP server on port 0 that keeps every message Tollgate sends. */
export class CaptureServer {
  readonly mails: Captured[] = [];
  #server: SMTPServer;
  port = 0;

  constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      hideSTARTTLS: true,
      disabledCommands: ["AUTH"],
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then((mail) => {
            this.mails.push({ raw, mail, to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()) });
            callback();
          }, callback);
        });
      },
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", () => resolve()));
    this.port = (this.#server.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** Mails to one address, in order. */
  to(address: string): Captured[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  /** Waits until `count` mails went to the address; returns the last of them. */
  async waitFor(address: string, count: number, timeoutMs = 20_000): Promise<Captured> {
    const start = Date.now();
    while (this.to(address).length < count) {
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for mail ${count} to ${address} (have ${this.to(address).length})`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.to(address)[count - 1]!;
  }
}

/** A DKIM key for a domain, with the DNS records that publish it (and a DMARC reject policy). */
export interface DkimKey {
  domain: string;
  selector: string;
  privateKey: string;
  records: Record<string, string[][]>;
}

export function dkimKey(domain: string, selector = "s1"): DkimKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const p = publicKey.export({ type: "spki", format: "der" }).toString("base64");
  return {
    domain,
    selector,
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    records: {
      [`${selector}._domainkey.${domain}`]: [[`v=DKIM1; k=rsa; p=${p}`]],
      [`_dmarc.${domain}`]: [["v=DMARC1; p=reject; adkim=s; aspf=s"]],
      [domain]: [["v=spf1 -all"]],
    },
  };
}

/** A DNS table as mailauth's resolver: TXT records only; everything else does not exist. */
export function dnsTable(...keys: DkimKey[]): DNSResolver {
  const txt = new Map<string, string[][]>();
  for (const k of keys) for (const [name, rr] of Object.entries(k.records)) txt.set(name.toLowerCase(), rr);
  return async (name: string, rrtype: string) => {
    const hit = rrtype === "TXT" ? txt.get(name.toLowerCase()) : undefined;
    if (hit) return hit;
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
  };
}

/** Builds a raw message with nodemailer (no sending). */
export async function buildRaw(message: Mail.Options): Promise<Buffer> {
  const t = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = await t.sendMail(message);
  return info.message as Buffer;
}

/** Signs a raw message with a DKIM key (the signature header prepended). */
export async function signRaw(raw: Buffer, key: DkimKey): Promise<Buffer> {
  const signer = { signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey };
  // mailauth signs with the entries of signatureData; its typings also ask for the fields at the top.
  const res = await dkimSign(raw, { ...signer, signatureData: [signer] });
  if (res.errors.length > 0) throw new Error(`DKIM signing failed: ${JSON.stringify(res.errors)}`);
  return Buffer.concat([Buffer.from(res.signatures), raw]);
}

/** Sends a message with a real SMTP client to the intake listener. */
export async function smtpSend(port: number, message: Mail.Options & { raw?: Buffer }, envelope?: { from: string; to: string[] }): Promise<void> {
  const t = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  try {
    await t.sendMail(envelope ? { ...message, envelope } : message);
  } finally {
    t.close();
  }
}

/** A logger that keeps what was logged. */
export function memoryLog(): Logger & { lines: Array<{ level: string; obj: object; msg?: string }> } {
  const lines: Array<{ level: string; obj: object; msg?: string }> = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, info: at("info"), warn: at("warn"), error: at("error"), debug: at("debug") };
}

/** One process with the e-mail channel started. */
export interface MailProcess {
  app: AppContext;
  channel: EmailChannel;
  queue: MemoryQueue;
  log: ReturnType<typeof memoryLog>;
  close(): Promise<void>;
}

/** Starts the application, the e-mail channel (listeners included) and the assistant with the channel's notifier. */
export async function startMailProcess(config: Config, opts: EmailChannelOptions & { queue?: MemoryQueue } = {}): Promise<MailProcess> {
  const app = await createApp(config, { knowledge: await knowledgeBase(config), clock: () => NOW });
  const queue = opts.queue ?? new MemoryQueue();
  const log = memoryLog();
  const ctx = { app, queue, log } as unknown as ChannelContext;
  const channel = createEmailChannel(ctx, opts);
  ctx.assistant = createAssistant(app, { notifiers: [channel.notifier!] });
  await channel.start!();
  return {
    app,
    channel,
    queue,
    log,
    close: async () => {
      await channel.stop!();
      await queue.idle();
      await app.close();
    },
  };
}
