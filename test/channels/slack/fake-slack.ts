/**
 * A hand-written fake of the Slack Web API as a local HTTP server: it answers the methods the
 * adapter calls (auth.test, chat.*, views.open, files.*, users.info, reactions.*), accepts the
 * upload URLs it hands out, serves `url_private` downloads (only with the bot token), takes
 * response_url posts, and records every call so tests can assert what a broker would see. Failures
 * (a 429 with Retry-After, a platform error such as channel_not_found) can be injected per method.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** One recorded call. */
export interface FakeCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  at: number;
  /** What the fake answered. */
  result?: Record<string, unknown>;
}

/** A file the fake serves at url_private. */
export interface FakeFile {
  id: string;
  name: string;
  mimetype: string;
  data: Uint8Array;
}

type Failure = { status?: number; retryAfter?: number; error?: string; times: number };

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Form fields whose value the Web API client JSON-encodes. */
function decodeField(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function parseArgs(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) return body.length > 0 ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {};
  if (type.includes("application/x-www-form-urlencoded")) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) out[k] = decodeField(v);
    return out;
  }
  return { raw: body };
}

/** The fake Web API server. */
export class FakeSlack {
  readonly calls: FakeCall[] = [];
  readonly uploads: Array<{ fileId: string; bytes: Buffer }> = [];
  readonly responses: Array<{ path: string; body: Record<string, unknown> }> = [];
  readonly downloads: Array<{ id: string; authorized: boolean }> = [];
  readonly files = new Map<string, FakeFile>();
  readonly #failures = new Map<string, Failure>();
  #server: Server | undefined;
  #wss: WebSocketServer | undefined;
  readonly #sockets = new Set<WebSocket>();
  readonly #acks = new Map<string, (ack: Record<string, unknown>) => void>();
  /** The app-level token Socket Mode connects with (apps.connections.open). */
  appToken = "xapp-test-token";
  /** Socket Mode envelopes acknowledged by the app, in order. */
  readonly socketAcks: Array<Record<string, unknown>> = [];
  #ts = 1_700_000_000;
  #seq = 0;
  url = "";

  constructor(
    readonly botToken: string,
    readonly bot = { userId: "UBOT", botId: "BBOT", teamId: "T1" },
  ) {}

  /** A new Slack-style message ts (monotonic). */
  nextTs(): string {
    this.#seq += 1;
    return `${this.#ts + this.#seq}.${String(this.#seq).padStart(6, "0")}`;
  }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      void this.#handle(req, (status, body, headers = {}) => {
        res.writeHead(status, headers);
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    // Socket Mode: the WebSocket endpoint apps.connections.open hands out, on the same server.
    this.#wss = new WebSocketServer({ server: this.#server, path: "/socket" });
    this.#wss.on("connection", (ws) => {
      this.#sockets.add(ws);
      ws.on("close", () => this.#sockets.delete(ws));
      ws.on("message", (data) => {
        const ack = JSON.parse(String(data)) as Record<string, unknown>;
        this.socketAcks.push(ack);
        const id = String(ack.envelope_id ?? "");
        this.#acks.get(id)?.(ack);
        this.#acks.delete(id);
      });
      ws.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A1" }, debug_info: { host: "fake" } }));
    });
  }

  /** True once a Socket Mode client is connected. */
  get socketConnected(): boolean {
    return this.#sockets.size > 0;
  }

  /**
   * Sends a Socket Mode envelope (events_api, interactive, slash_commands) to the connected app and
   * resolves with its acknowledgement and how long it took.
   */
  async sendEnvelope(type: "events_api" | "interactive" | "slash_commands", payload: Record<string, unknown>, retryAttempt = 0): Promise<{ ack: Record<string, unknown>; ms: number }> {
    const [ws] = this.#sockets;
    if (!ws) throw new Error("no Socket Mode client connected");
    const envelopeId = `env-${++this.#seq}`;
    const started = performance.now();
    const acked = new Promise<Record<string, unknown>>((resolve) => this.#acks.set(envelopeId, resolve));
    ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== "events_api", retry_attempt: retryAttempt, retry_reason: retryAttempt > 0 ? "timeout" : "" }));
    const ack = await acked;
    return { ack, ms: performance.now() - started };
  }

  async stop(): Promise<void> {
    for (const ws of this.#sockets) ws.terminate();
    this.#wss?.close();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  /** The Web API base URL (trailing slash, as the client wants it). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Serves a file at url_private and returns its Slack file object. */
  addFile(f: FakeFile): Record<string, unknown> {
    this.files.set(f.id, f);
    return { id: f.id, name: f.name, mimetype: f.mimetype, size: f.data.byteLength, url_private: `${this.url}/files/${f.id}/${encodeURIComponent(f.name)}`, url_private_download: `${this.url}/files/${f.id}/${encodeURIComponent(f.name)}?download=1` };
  }

  /** Makes the next `times` calls of a method fail. */
  fail(method: string, failure: Partial<Failure>): void {
    this.#failures.set(method, { times: 1, ...failure });
  }

  /** Calls of one method (optionally matching a predicate). */
  callsOf(method: string, where: (args: Record<string, unknown>) => boolean = () => true): FakeCall[] {
    return this.calls.filter((c) => c.method === method && where(c.args));
  }

  /** Waits until a call of the method matching the predicate is recorded. */
  async waitFor(method: string, where: (args: Record<string, unknown>) => boolean = () => true, timeoutMs = 10_000): Promise<FakeCall> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.callsOf(method, where).at(-1);
      if (found) return found;
      if (Date.now() > until) throw new Error(`no ${method} call matched within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Messages posted into one thread (chat.postMessage with that thread_ts), in order. */
  threadMessages(channel: string, threadTs: string): FakeCall[] {
    return this.callsOf("chat.postMessage", (a) => a.channel === channel && a.thread_ts === threadTs);
  }

  async #handle(req: IncomingMessage, send: (status: number, body: string | Buffer, headers?: Record<string, string>) => void): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const body = await readBody(req);
    const auth = req.headers.authorization ?? null;
    const token = auth?.startsWith("Bearer ") ? auth.slice(7) : null;
    const current: { call?: FakeCall } = {};
    const json = (obj: Record<string, unknown>, status = 200, headers: Record<string, string> = {}) => {
      if (current.call) current.call.result = obj;
      send(status, JSON.stringify(obj), { "content-type": "application/json", ...headers });
    };

    if (req.method === "GET" && url.pathname.startsWith("/files/")) {
      const id = url.pathname.split("/")[2]!;
      const file = this.files.get(id);
      const authorized = token === this.botToken;
      this.downloads.push({ id, authorized });
      // Slack answers an unauthenticated download with its HTML sign-in page.
      if (!authorized) return send(200, "<html>sign in</html>", { "content-type": "text/html" });
      if (!file) return send(404, "not found");
      return send(200, Buffer.from(file.data), { "content-type": file.mimetype, "content-length": String(file.data.byteLength) });
    }
    if (req.method === "POST" && url.pathname.startsWith("/upload/")) {
      this.uploads.push({ fileId: url.pathname.split("/")[2]!, bytes: body });
      return send(200, "OK", { "content-type": "text/plain" });
    }
    if (req.method === "POST" && url.pathname.startsWith("/response/")) {
      this.responses.push({ path: url.pathname, body: JSON.parse(body.toString("utf8")) as Record<string, unknown> });
      return json({ ok: true });
    }
    if (!url.pathname.startsWith("/api/")) return send(404, "not found");

    const method = url.pathname.slice(5);
    const args = parseArgs(req, body);
    const call: FakeCall = { method, args, token: token ?? (typeof args.token === "string" ? args.token : null), at: Date.now() };
    current.call = call;
    this.calls.push(call);
    const failure = this.#failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      if (failure.status === 429) return json({ ok: false, error: "ratelimited" }, 429, { "retry-after": String(failure.retryAfter ?? 1) });
      return json({ ok: false, error: failure.error ?? "internal_error" });
    }
    if (method === "apps.connections.open") {
      return token === this.appToken ? json({ ok: true, url: `${this.url.replace("http:", "ws:")}/socket` }) : json({ ok: false, error: "invalid_auth" });
    }
    if (token !== this.botToken) return json({ ok: false, error: "invalid_auth" });

    switch (method) {
      case "auth.test":
        return json({ ok: true, user_id: this.bot.userId, bot_id: this.bot.botId, team_id: this.bot.teamId, user: "tollgate", team: "Test" });
      case "chat.postMessage": {
        const ts = this.nextTs();
        return json({ ok: true, channel: args.channel, ts, message: { ts, text: args.text, thread_ts: args.thread_ts } });
      }
      case "chat.update":
        return json({ ok: true, channel: args.channel, ts: args.ts });
      case "chat.postEphemeral":
        return json({ ok: true, message_ts: this.nextTs() });
      case "views.open":
        return json({ ok: true, view: { id: `V${this.#seq++}` } });
      case "reactions.add":
      case "reactions.remove":
        return json({ ok: true });
      case "users.info":
        return json({ ok: true, user: { id: args.user, name: String(args.user).toLowerCase(), real_name: String(args.user) } });
      case "files.info": {
        const f = this.files.get(String(args.file));
        return f ? json({ ok: true, file: this.addFile(f) }) : json({ ok: false, error: "file_not_found" });
      }
      case "files.getUploadURLExternal": {
        const fileId = `F${this.#seq++}`;
        return json({ ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId });
      }
      case "files.completeUploadExternal": {
        const files = (args.files as Array<{ id: string; title?: string }>) ?? [];
        return json({ ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) });
      }
      default:
        return json({ ok: false, error: "unknown_method" });
    }
  }
}
