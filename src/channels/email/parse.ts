/**
 * Turns a raw RFC 5322 message into what the e-mail channel works with: sender, threading headers,
 * the body as plain text (HTML reduced to text), and the files a shipper meant to send. Signature
 * and logo images embedded in the HTML are dropped; forwarded messages attached as `.eml` /
 * `message/rfc822` are opened, their text appended and their files kept, a few levels deep.
 */
import { createHash } from "node:crypto";
import { simpleParser, type AddressObject, type Attachment as MailAttachment, type HeaderValue, type ParsedMail } from "mailparser";

/** A file that came with the mail. */
export interface MailFile {
  filename: string;
  mediaType: string;
  data: Uint8Array;
  sha256: string;
}

/** A parsed inbound mail. */
export interface ParsedEmail {
  /** Message-ID without angle brackets (a synthetic one when the mail had none). */
  messageId: string;
  hadMessageId: boolean;
  inReplyTo: string[];
  references: string[];
  /** Sender address, lower case ("" when there is none). */
  from: string;
  fromName?: string;
  /** Where replies go (Reply-To, else From). */
  replyTo: string;
  subject: string;
  /** The text the sender wrote (plain text part, or the HTML part reduced to text), then any forwarded mail's text. */
  text: string;
  files: MailFile[];
  /** Images left out because they are inline decoration (signatures, logos). */
  ignored: string[];
  /** Header lines that matter for loop prevention, lower-cased names. */
  headers: Map<string, string>;
  /** SHA-256 of sender, subject, In-Reply-To, text and files: the same content delivered twice has the same hash. */
  contentHash: string;
}

/** Inline images at most this large are decoration (a scan pasted into the body is larger). */
const DECORATION_MAX_BYTES = 48 * 1024;
/** How many forwarded messages deep we open. */
const MAX_FORWARD_DEPTH = 3;

const ACCEPTED_TYPES = /^(application\/pdf|image\/(png|jpe?g|tiff?|gif|webp|bmp)|text\/(plain|csv|tab-separated-values)|application\/(octet-stream|vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet|vnd\.ms-excel|json|xml))$/i;

function stripBrackets(id: string): string {
  return id.trim().replace(/^<|>$/g, "").trim();
}

function idList(v: string | string[] | undefined): string[] {
  if (!v) return [];
  const all = (Array.isArray(v) ? v : [v]).flatMap((s) => s.match(/<[^<>]+>/g) ?? s.split(/\s+/));
  return all.map(stripBrackets).filter((s) => s !== "");
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address: string; name?: string } | null {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  for (const obj of list) {
    for (const v of obj.value) {
      if (v.address) return { address: v.address.trim().toLowerCase(), name: v.name || undefined };
    }
  }
  return null;
}

function headerText(v: HeaderValue | undefined): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.map((x) => headerText(x as HeaderValue)).join(", ");
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object" && "value" in v) {
    const inner = (v as { value: unknown }).value;
    if (typeof inner === "string") return inner;
    if (Array.isArray(inner)) return inner.map((x: { address?: string }) => x.address ?? "").join(", ");
  }
  if (typeof v === "object" && "text" in v) return String((v as { text: unknown }).text);
  return String(v);
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** HTML reduced to text: blocks and line breaks become new lines, tags go, entities are decoded. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|tr|li|h[1-6]|table|blockquote)>/gi, "\n")
    .replace(/<li[^>]*>/gi, "- ")
    .replace(/<\/t[dh]>/gi, "\t")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1]?.toLowerCase() === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function isDecoration(att: MailAttachment, html: string): boolean {
  if (!att.contentType.toLowerCase().startsWith("image/")) return false;
  if (att.contentDisposition !== "inline" && !att.related) return false;
  const referenced = att.cid !== undefined && html.includes(`cid:${att.cid}`);
  return (referenced || att.contentDisposition === "inline") && att.size <= DECORATION_MAX_BYTES;
}

function isForwardedMessage(att: MailAttachment): boolean {
  return att.contentType.toLowerCase() === "message/rfc822" || /\.eml$/i.test(att.filename ?? "");
}

function mediaTypeOf(att: MailAttachment): string {
  const t = att.contentType.toLowerCase();
  if (t === "application/octet-stream" && att.filename) {
    if (/\.pdf$/i.test(att.filename)) return "application/pdf";
    if (/\.(txt|csv)$/i.test(att.filename)) return "text/plain";
    if (/\.png$/i.test(att.filename)) return "image/png";
    if (/\.jpe?g$/i.test(att.filename)) return "image/jpeg";
  }
  return t;
}

function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

interface Body {
  text: string;
  files: MailFile[];
  ignored: string[];
}

async function bodyOf(mail: ParsedMail, depth: number): Promise<Body> {
  const html = typeof mail.html === "string" ? mail.html : "";
  // A text part is preferred; mailparser reduces some HTML-only bodies itself, not those inside
  // multipart/related (HTML with embedded logos), which we reduce here.
  const own = (mail.text ?? "").trim();
  const parts: string[] = [own !== "" ? own : htmlToPlain(html)];
  const files: MailFile[] = [];
  const ignored: string[] = [];
  let n = 0;
  for (const att of mail.attachments) {
    n += 1;
    const name = att.filename ?? `attachment-${n}`;
    if (isForwardedMessage(att) && depth < MAX_FORWARD_DEPTH) {
      const inner = await simpleParser(att.content);
      const sub = await bodyOf(inner, depth + 1);
      const from = firstAddress(inner.from)?.address ?? "unknown sender";
      parts.push(`---------- Forwarded message ----------\nFrom: ${from}\nSubject: ${inner.subject ?? ""}\n\n${sub.text}`);
      files.push(...sub.files);
      ignored.push(...sub.ignored);
      continue;
    }
    if (isDecoration(att, html)) {
      ignored.push(name);
      continue;
    }
    const mediaType = mediaTypeOf(att);
    if (!ACCEPTED_TYPES.test(mediaType)) {
      ignored.push(name);
      continue;
    }
    const data = new Uint8Array(att.content);
    files.push({ filename: name, mediaType, data, sha256: sha256(data) });
  }
  return { text: parts.filter((p) => p !== "").join("\n\n"), files, ignored };
}

/** Parses a raw message. */
export async function parseEmail(raw: Uint8Array | Buffer): Promise<ParsedEmail> {
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
  const mail = await simpleParser(buf, { skipImageLinks: true });
  const body = await bodyOf(mail, 0);
  const from = firstAddress(mail.from);
  const replyTo = firstAddress(mail.replyTo)?.address ?? from?.address ?? "";
  const headers = new Map<string, string>();
  for (const [k, v] of mail.headers) headers.set(k.toLowerCase(), headerText(v));
  // What the message says and where it stands in the conversation: a re-delivery under a new
  // Message-ID matches, while the same short answer ("file it") in two threads does not.
  const contentHash = sha256(
    [
      from?.address ?? "",
      (mail.subject ?? "").trim(),
      idList(mail.inReplyTo).join(" "),
      body.text.replace(/\s+/g, " ").trim(),
      ...body.files.map((f) => `${f.filename}:${f.sha256}`),
    ].join("\n"),
  );
  const hadMessageId = typeof mail.messageId === "string" && stripBrackets(mail.messageId) !== "";
  return {
    messageId: hadMessageId ? stripBrackets(mail.messageId!) : `no-id-${contentHash.slice(0, 32)}@tollgate.invalid`,
    hadMessageId,
    inReplyTo: idList(mail.inReplyTo),
    references: idList(mail.references),
    from: from?.address ?? "",
    fromName: from?.name,
    replyTo,
    subject: (mail.subject ?? "").trim(),
    text: body.text,
    files: body.files,
    ignored: body.ignored,
    headers,
    contentHash,
  };
}
