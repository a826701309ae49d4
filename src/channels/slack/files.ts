/**
 * Documents posted with a Slack message. Only PDF, PNG, JPEG and text files are taken; each one's
 * size (as Slack reports it, then the download's Content-Length and the bytes actually read) is
 * checked against TOLLGATE_MAX_FILE_MB before and while downloading, and the bot token is sent
 * only to Slack's file hosts. A file that cannot be taken becomes a notice in the reply, not a
 * failed turn.
 */
import type { Attachment } from "../../agent/messages.ts";
import { DocumentError } from "../../errors.ts";
import { isTrustedUrl, type SlackDeps } from "./deps.ts";

/** The parts of a Slack file object the adapter reads. */
export interface SlackFile {
  id: string;
  name?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
  /** "check_file_info" when Slack left the file's details out of the event. */
  file_access?: string;
}

/** True for the document types Tollgate reads. */
export function isSupportedType(mimetype: string | undefined, name: string): boolean {
  const m = (mimetype ?? "").toLowerCase();
  if (m === "application/pdf" || m === "image/png" || m === "image/jpeg" || m.startsWith("text/")) return true;
  // Slack reports some uploads as octet-stream; trust the extension only for those.
  return (m === "" || m === "application/octet-stream") && /\.(pdf|png|jpe?g|txt|csv)$/i.test(name);
}

/** Reads a response body, stopping as soon as it exceeds `max` bytes. */
async function readLimited(res: Response, max: number, name: string): Promise<Uint8Array> {
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw new DocumentError(`${name} is larger than the ${Math.round(max / 1048576)} MB limit (TOLLGATE_MAX_FILE_MB); it was not read.`, "document_too_large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Downloads one file (after the type and size checks) as an attachment of the turn. */
export async function downloadFile(deps: SlackDeps, given: SlackFile): Promise<Attachment> {
  let file = given;
  if (!file.url_private || file.file_access === "check_file_info") {
    const info = await deps.client.files.info({ file: file.id });
    file = { ...file, ...(info.file as SlackFile) };
  }
  const name = file.name ?? file.id;
  const max = deps.ctx.app.config.limits.maxFileBytes;
  if (!isSupportedType(file.mimetype, name)) {
    throw new DocumentError(`${name} (${file.mimetype ?? "unknown type"}) was not read: Tollgate reads PDF, PNG, JPEG and text files.`, "unsupported_type");
  }
  if (file.size !== undefined && file.size > max) {
    throw new DocumentError(`${name} is larger than the ${Math.round(max / 1048576)} MB limit (TOLLGATE_MAX_FILE_MB); it was not downloaded.`, "document_too_large");
  }
  const url = file.url_private_download ?? file.url_private;
  if (!url || !isTrustedUrl(deps, url)) throw new DocumentError(`${name} has no download address on a Slack host; it was not read.`, "document_not_found");
  const res = await deps.fetch(url, { headers: { Authorization: `Bearer ${deps.botToken}` }, redirect: "follow" });
  // Without a valid token Slack answers with its HTML sign-in page, not an error status.
  if (!res.ok || (res.headers.get("content-type") ?? "").startsWith("text/html")) {
    await res.body?.cancel();
    throw new DocumentError(`${name} could not be downloaded from Slack (HTTP ${res.status}); check the app's files:read scope.`, "document_download_failed");
  }
  const length = Number(res.headers.get("content-length") ?? NaN);
  if (Number.isFinite(length) && length > max) {
    await res.body?.cancel();
    throw new DocumentError(`${name} is larger than the ${Math.round(max / 1048576)} MB limit (TOLLGATE_MAX_FILE_MB); it was not downloaded.`, "document_too_large");
  }
  const data = await readLimited(res, max, name);
  return { filename: name, mediaType: file.mimetype, data };
}
