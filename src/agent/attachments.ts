/**
 * Files attached to a thread. A channel's attachment is saved before the agent sees the message;
 * the agent refers to it by id only (derived from the content hash), and `extract_document`
 * resolves the id within the same thread, so one thread cannot read another's documents by
 * guessing an id. `FileAttachmentStore` keeps the files under the data directory; with several
 * replicas the same interface would be implemented over a table of the store.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { DocumentError, NotFoundError } from "../errors.ts";
import type { Attachment } from "../channels/types.ts";
import type { AttachmentRef } from "./attachment-note.ts";

/** A saved attachment. */
export interface SavedAttachment extends AttachmentRef {
  sha256: string;
  bytes: number;
}

/** A saved attachment with its content, as resolved for extraction. */
export interface AttachmentContent extends SavedAttachment {
  data: Uint8Array;
}

/** Where a thread's attachments are kept. */
export interface AttachmentStore {
  /** Saves an attachment of a thread; saving the same content again returns the same id. */
  save(threadId: string, attachment: Attachment): Promise<SavedAttachment>;
  /** The content of a document id in a thread; NotFoundError when the thread has no such document. */
  resolve(threadId: string, documentId: string): Promise<AttachmentContent>;
}

function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A file name safe to use on disk (no directories, no control characters). */
function safeName(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[^\w.\- ]+/g, "_").trim();
  return base === "" || base === "." || base === ".." ? "document" : base.slice(0, 120);
}

/** Attachment files of threads, under one directory. */
export class FileAttachmentStore implements AttachmentStore {
  readonly #root: string;
  readonly #maxBytes: number;

  constructor(root: string, maxBytes: number) {
    this.#root = root;
    this.#maxBytes = maxBytes;
  }

  // Thread ids come from channels (Slack ts, e-mail ids): hashing them keeps paths safe and short.
  #threadDir(threadId: string): string {
    return path.join(this.#root, sha256(threadId).slice(0, 24));
  }

  async save(threadId: string, attachment: Attachment): Promise<SavedAttachment> {
    let data = attachment.data;
    if (!data) {
      if (!attachment.path) throw new DocumentError(`Attachment ${attachment.filename} has no content.`, "document_empty");
      const info = await stat(attachment.path).catch((err: unknown) => {
        throw new DocumentError(`Cannot read ${attachment.path}: file not found or not accessible.`, "document_not_found", err);
      });
      if (!info.isFile()) throw new DocumentError(`${attachment.path} is not a file.`, "document_not_found");
      if (info.size > this.#maxBytes) throw new DocumentError(`${attachment.filename} is larger than the ${Math.round(this.#maxBytes / 1048576)} MB limit.`, "document_too_large");
      data = await readFile(attachment.path);
    }
    if (data.byteLength > this.#maxBytes) throw new DocumentError(`${attachment.filename} is larger than the ${Math.round(this.#maxBytes / 1048576)} MB limit.`, "document_too_large");
    if (data.byteLength === 0) throw new DocumentError(`${attachment.filename} is empty.`, "document_empty");
    const hash = sha256(data);
    const documentId = `doc-${hash.slice(0, 16)}`;
    const dir = path.join(this.#threadDir(threadId), documentId);
    await mkdir(dir, { recursive: true });
    const filename = safeName(attachment.filename);
    const file = path.join(dir, filename);
    await writeFile(file, data);
    return { documentId, filename, sha256: hash, bytes: data.byteLength };
  }

  async resolve(threadId: string, documentId: string): Promise<AttachmentContent> {
    if (!/^doc-[0-9a-f]{16}$/.test(documentId)) throw new NotFoundError(`"${documentId}" is not a document id of this thread.`, "document_not_found");
    const dir = path.join(this.#threadDir(threadId), documentId);
    const files = await readdir(dir).catch(() => [] as string[]);
    const filename = files.sort()[0];
    if (!filename) throw new NotFoundError(`This thread has no document ${documentId}.`, "document_not_found");
    const file = path.join(dir, filename);
    const data = await readFile(file);
    return { documentId, filename, sha256: sha256(data), bytes: data.byteLength, data };
  }
}
