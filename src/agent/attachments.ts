/**
 * Files attached to a thread. A channel's attachment is saved before the agent sees the message;
 * the agent refers to it by id only (derived from the content hash), and `extract_document`
 * resolves the id within the same thread, so one thread cannot read another's documents by
 * guessing an id. The bytes are kept in the store's database (`thread_files`), not on the local
 * disk: app processes are stateless, and a file received by one replica must be readable by the
 * replica that runs the thread's next turn.
 */
import { stat, readFile } from "node:fs/promises";
import path from "node:path";
import { DocumentError, NotFoundError } from "../errors.ts";
import type { Attachment } from "./messages.ts";
import type { ThreadFileRepository } from "../store/thread-files.ts";
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

/** An attachment over the size limit (TOLLGATE_MAX_FILE_MB); the user can send a smaller file. */
export class AttachmentTooLargeError extends DocumentError {
  constructor(
    readonly filename: string,
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(`${filename} is larger than the ${Math.round(maxBytes / 1048576)} MB limit (TOLLGATE_MAX_FILE_MB).`, "document_too_large");
  }
}

// 16 hex characters (64 bits) of the SHA-256: short enough for a model to copy, and a collision
// inside one thread is not a practical concern. Ids are per thread; the same file in two threads has
// the same id, but each thread resolves only its own files.
const DOCUMENT_ID_RE = /^doc-([0-9a-f]{16})$/;

/** The document id of content with this SHA-256. */
function documentIdOf(sha256: string): string {
  return `doc-${sha256.slice(0, 16)}`;
}

/**
 * A file name without directories or control characters. The name is shown back to the model and
 * the user in the attachment note, where a path-like or multi-line name would only mislead.
 */
function safeName(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[^\w.\- ]+/g, "_").trim();
  return base === "" || base === "." || base === ".." ? "document" : base.slice(0, 120);
}

/** Attachments of threads in the store's `thread_files` table, shared by every replica. */
export class StoreAttachmentStore implements AttachmentStore {
  readonly #files: ThreadFileRepository;
  readonly #maxBytes: number;

  constructor(files: ThreadFileRepository, maxBytes: number) {
    this.#files = files;
    this.#maxBytes = maxBytes;
  }

  async save(threadId: string, attachment: Attachment): Promise<SavedAttachment> {
    const data = attachment.data ?? (await this.#readLocal(attachment));
    if (data.byteLength > this.#maxBytes) throw new AttachmentTooLargeError(attachment.filename, data.byteLength, this.#maxBytes);
    if (data.byteLength === 0) throw new DocumentError(`${attachment.filename} is empty.`, "document_empty");
    const saved = await this.#files.save({ threadId, fileName: safeName(attachment.filename), mediaType: attachment.mediaType ?? null, bytes: data });
    return { documentId: documentIdOf(saved.sha256), filename: saved.fileName, sha256: saved.sha256, bytes: saved.size };
  }

  async resolve(threadId: string, documentId: string): Promise<AttachmentContent> {
    const prefix = DOCUMENT_ID_RE.exec(documentId)?.[1];
    if (!prefix) throw new NotFoundError(`"${documentId}" is not a document id of this thread.`, "document_not_found");
    const file = await this.#files.get(threadId, prefix);
    if (!file) throw new NotFoundError(`This thread has no document ${documentId}.`, "document_not_found");
    return { documentId, filename: file.fileName, sha256: file.sha256, bytes: file.size, data: file.bytes };
  }

  /**
   * The content of a file named by a local path (the CLI's `--attach`). The size is checked before
   * reading, so an oversized file is refused without loading it into memory.
   */
  async #readLocal(attachment: Attachment): Promise<Buffer> {
    if (!attachment.path) throw new DocumentError(`Attachment ${attachment.filename} has no content.`, "document_empty");
    const info = await stat(attachment.path).catch((err: unknown) => {
      throw new DocumentError(`Cannot read ${attachment.path}: file not found or not accessible.`, "document_not_found", err);
    });
    if (!info.isFile()) throw new DocumentError(`${attachment.path} is not a file.`, "document_not_found");
    if (info.size > this.#maxBytes) throw new AttachmentTooLargeError(attachment.filename, info.size, this.#maxBytes);
    return readFile(attachment.path);
  }
}
