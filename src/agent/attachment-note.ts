/**
 * How attachments are announced to the model. A channel's files are saved as documents of the
 * thread first; the human message then carries one note per document, which an LLM reads as text
 * and the offline model parses. The note names the stored document id, never the file's content:
 * document text reaches the model only through the extraction tool's result, as data.
 */

/** A document attached to a message, as the note records it. */
export interface AttachmentRef {
  documentId: string;
  filename: string;
}

const NOTE_RE = /\[Attached document ([^\s:\]]+): ([^\]\n]+)\]/g;

/** The note appended to a message for one saved attachment. */
export function formatAttachmentNote(ref: AttachmentRef): string {
  // Brackets and newlines in a sender-chosen file name would let it forge another note.
  const safeName = ref.filename.replace(/[[\]\n\r]/g, "_");
  return `[Attached document ${ref.documentId}: ${safeName}]`;
}

/** The attachment notes in a message's text, in order. */
export function parseAttachmentNotes(text: string): AttachmentRef[] {
  return [...text.matchAll(NOTE_RE)].map((m) => ({ documentId: m[1]!, filename: m[2]!.trim() }));
}

/** The message text without its attachment notes (what the user actually wrote). */
export function stripAttachmentNotes(text: string): string {
  return text.replace(NOTE_RE, "").trim();
}
