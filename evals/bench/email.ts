/**
 * E-mail channel benchmark: time from a mail's arrival at the SMTP intake listener (the client's
 * DATA accepted) to the threaded reply reaching the outbound relay, on the offline defaults (offline
 * model, embedded PGlite, real tools). Two documents: a 1-page text invoice and a 1-page scan (the
 * same kind of invoice rendered to PNG, so it goes through OCR), with turns as jobs of an in-process
 * queue; then the text invoice through the real server, whose pg-boss queue adds its polling
 * interval. Start-up is not counted. Target: under 5 s for the text invoice.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFParse } from "pdf-parse";
import { loadConfig, PROJECT_ROOT } from "../../src/config.ts";
import { createEmailChannel, type EmailChannel } from "../../src/channels/email/channel.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer } from "../../src/server/server.ts";
import { CaptureServer, INTAKE, SHIPPER, smtpSend, startMailProcess } from "../../test/channels/email/helpers.ts";

const DOCS = path.join(PROJECT_ROOT, "evals", "datasets", "documents");
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs the benchmark. */
export async function bench(): Promise<{ title: string; markdown: string; json: unknown }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tollgate-bench-email-"));
  const capture = new CaptureServer();
  await capture.start();
  const env = {
    SMTP_INTAKE_PORT: "0",
    SMTP_INTAKE_HOST: "127.0.0.1",
    TOLLGATE_INTAKE_ADDRESSES: INTAKE,
    SMTP_URL: `smtp://127.0.0.1:${capture.port}`,
    TOLLGATE_MAIL_FROM: INTAKE,
    TOLLGATE_MAIL_ALLOW: SHIPPER,
  };
  const config = loadConfig({ ...env, TOLLGATE_DATA_DIR: dataDir });
  const t0 = Date.now();
  const p = await startMailProcess(config);
  const startupMs = Date.now() - t0;
  const port = p.channel.smtpPort()!;

  const text = readFileSync(path.join(DOCS, "commercial_invoices_text_demo", "demo2_clothing.txt"));
  const parser = new PDFParse({ data: new Uint8Array(readFileSync(path.join(DOCS, "commercial_invoices_tariffcheck", "invoice_austria_1.pdf"))) });
  const shot = await parser.getScreenshot({ scale: 2, imageDataUrl: false, imageBuffer: true });
  await parser.destroy();
  const scan = Buffer.from(shot.pages[0]!.data);

  const cases = [
    { name: "1-page text invoice", filename: "invoice.txt", content: text, contentType: "text/plain" },
    { name: "1-page scan (PNG, OCR)", filename: "scan.png", content: scan, contentType: "image/png" },
  ];
  const rows: Array<{ name: string; runs: number[]; median: number; max: number; replyMentionsInvoice: boolean }> = [];
  let n = 0;
  for (const c of cases) {
    const runs: number[] = [];
    let mentions = true;
    for (let i = 0; i < RUNS; i++) {
      n += 1;
      const start = performance.now();
      await smtpSend(port, {
        from: SHIPPER,
        to: INTAKE,
        subject: `Bench ${n}`,
        messageId: `<bench-${n}-${Date.now()}@shipper.example>`,
        text: "Please extract the attached invoice.",
        attachments: [{ filename: c.filename, content: c.content, contentType: c.contentType }],
      });
      const reply = await capture.waitFor(SHIPPER, n, 120_000);
      runs.push(Math.round(performance.now() - start));
      mentions &&= /invoice/i.test(reply.mail.text ?? "");
    }
    rows.push({ name: c.name, runs, median: median(runs), max: Math.max(...runs), replyMentionsInvoice: mentions });
  }
  await p.close();

  // The same text invoice through the real server: pg-boss on PGlite, default 1 s queue polling.
  const serverDir = mkdtempSync(path.join(tmpdir(), "tollgate-bench-email-server-"));
  const serverConfig = loadConfig({ ...env, TOLLGATE_DATA_DIR: serverDir });
  const server = await startServer({ config: serverConfig, port: 0, knowledge: p.app.knowledge, logger: createLogger("silent"), channels: [(c) => createEmailChannel(c)] });
  const ctx = await server.ready;
  const serverPort = (ctx.channels.find((c) => c.name === "email") as EmailChannel).smtpPort()!;
  const serverRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    n += 1;
    const start = performance.now();
    await smtpSend(serverPort, {
      from: SHIPPER,
      to: INTAKE,
      subject: `Bench ${n}`,
      messageId: `<bench-${n}-${Date.now()}@shipper.example>`,
      text: "Please extract the attached invoice.",
      attachments: [{ filename: "invoice.txt", content: text, contentType: "text/plain" }],
    });
    await capture.waitFor(SHIPPER, n, 120_000);
    serverRuns.push(Math.round(performance.now() - start));
  }
  rows.push({ name: "1-page text invoice, server (pg-boss on PGlite, 1 s polling)", runs: serverRuns, median: median(serverRuns), max: Math.max(...serverRuns), replyMentionsInvoice: true });
  await server.close();
  await capture.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(serverDir, { recursive: true, force: true });

  const markdown = [
    `Arrival at the SMTP listener to the reply at the relay, offline defaults, ${RUNS} mails each (first includes warm-up); start-up ${(startupMs / 1000).toFixed(1)} s not counted.`,
    "",
    "| document | median ms | max ms | runs (ms) |",
    "|---|---:|---:|---|",
    ...rows.map((r) => `| ${r.name} | ${r.median} | ${r.max} | ${r.runs.join(", ")} |`),
  ].join("\n");
  return { title: "E-mail arrival to reply", markdown, json: { startupMs, rows } };
}
