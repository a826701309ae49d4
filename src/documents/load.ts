/**
 * Turns input bytes or text into page texts, choosing the path a document needs: the PDF text
 * layer (pdf-parse), OCR for image-only PDFs and photos, or plain text / e-mail bodies. Limits on
 * size and pages are enforced before any heavy work, and every failure becomes a DocumentError
 * with a stable code so callers can tell the user what to fix.
 */
import type { Config } from "../config.ts";
import { DocumentError } from "../errors.ts";
import { buildLayout, type Layout } from "./layout.ts";
import { ocrImages } from "./ocr.ts";
import { wordsFromPdf, wordsFromText, type PositionedDoc } from "./words.ts";

/** One line of a page, with cells split at column gaps. */
export interface DocLine {
  page: number;
  line: number;
  text: string;
  cells: string[];
  /** Character offset of each cell in `text`, for column alignment (plain text and OCR only). */
  cellStarts?: number[];
}

/** The text of a document as the extractors see it. */
export interface LoadedDocument {
  method: "text-layer" | "ocr" | "plain-text";
  pages: string[];
  lines: DocLine[];
  /** Mean OCR confidence when OCR was used. */
  ocrConfidence?: number;
  /** Positioned words grouped into lines and cells: what the layout extractor reads. */
  layout: Layout;
}

/** A document to load: raw bytes (PDF, PNG, JPEG, text) or already-decoded text. */
export interface DocumentInput {
  bytes?: Uint8Array;
  text?: string;
  filename?: string;
}

const ITEM_SEP = "\u001f";
// Below this many letters per page a PDF is treated as scanned: footers or stamps alone should
// not stop a scanned invoice from being OCR'd.
const MIN_LETTERS_PER_PAGE = 40;

function kindOf(bytes: Uint8Array): "pdf" | "png" | "jpeg" | "text" | "unknown" {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  if (head.includes("%PDF-")) return "pdf";
  if (bytes[0] === 0x89 && head.startsWith("\x89PNG")) return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  const sample = Buffer.from(bytes.subarray(0, 4096));
  let control = 0;
  for (const b of sample) if (b < 9 || (b > 13 && b < 32)) control++;
  return control <= sample.length * 0.01 ? "text" : "unknown";
}

/** Splits page text into lines; cells at tabs or runs of 2+ spaces (plain text, OCR). */
export function toLines(pages: string[]): DocLine[] {
  const out: DocLine[] = [];
  pages.forEach((pageText, p) => {
    pageText.split(/\r?\n/).forEach((raw, i) => {
      const itemised = raw.includes(ITEM_SEP);
      const cells = itemised
        ? splitItems(raw)
        : raw
            .split(/\t|\s{2,}/)
            .map((c) => c.trim())
            .filter((c) => c !== "");
      const text = itemised ? raw.split(ITEM_SEP).join("").replace(/\t/g, " ") : raw.replace(/\t/g, "  ");
      if (text.trim() === "" || /^-- \d+ of \d+ --$/.test(text.trim())) return;
      const line: DocLine = { page: p + 1, line: i + 1, text: text.replace(/\s+$/, ""), cells };
      if (!itemised) line.cellStarts = [...text.matchAll(/(?:^|(?<=\s{2}))\S/g)].map((m) => m.index);
      if (line.cellStarts && line.cellStarts.length !== cells.length) delete line.cellStarts;
      out.push(line);
    });
  });
  return out;
}

/** pdf.js emits separate whitespace items where the PDF has a horizontal gap: those are cell edges. */
function splitItems(raw: string): string[] {
  const cells: string[] = [];
  let cur = "";
  for (const item of raw.split(ITEM_SEP)) {
    if (item.trim() === "" || item.startsWith("\t")) {
      if (cur.trim() !== "") cells.push(cur.trim());
      cur = item.trim();
    } else cur += item;
  }
  if (cur.trim() !== "") cells.push(cur.trim());
  return cells;
}

/** Loads a document's text, using OCR when there is no usable text layer. */
export async function loadDocument(input: DocumentInput, config: Config): Promise<LoadedDocument> {
  if (input.text !== undefined) {
    if (input.text.length > config.limits.maxFileBytes) throw tooLarge(input.text.length, config);
    const text = emailBody(input.text);
    if (text.trim() === "") throw new DocumentError("The document is empty.", "document_empty");
    const pages = text.split("\f");
    return { method: "plain-text", pages, lines: toLines(pages), layout: buildLayout(wordsFromText(pages)) };
  }
  const bytes = input.bytes;
  if (!bytes || bytes.length === 0) throw new DocumentError("The document is empty (0 bytes).", "document_empty");
  if (bytes.length > config.limits.maxFileBytes) throw tooLarge(bytes.length, config);
  const kind = kindOf(bytes);
  if (kind === "pdf") return loadPdf(bytes, config);
  if (kind === "png" || kind === "jpeg") {
    const [page] = await ocrImages([bytes]);
    const pages = [page!.text];
    return { method: "ocr", pages, lines: toLines(pages), ocrConfidence: page!.confidence, layout: buildLayout(ocrWords([page!])) };
  }
  if (kind === "text") {
    const text = Buffer.from(bytes).toString("utf8");
    return loadDocument({ text, filename: input.filename }, config);
  }
  throw new DocumentError(
    `Unsupported file${input.filename ? ` "${input.filename}"` : ""}: expected a PDF, PNG, JPEG or text document.`,
    "document_unsupported",
  );
}

/**
 * For an e-mail (RFC 822 headers first), the body only: "From:"/"To:" headers would otherwise be
 * read as seller and buyer. Quoted-printable soft line breaks and "> " reply quoting are undone.
 */
export function emailBody(text: string): string {
  const headerEnd = text.search(/\r?\n\r?\n/);
  const head = headerEnd > 0 ? text.slice(0, headerEnd) : "";
  const isEmail = /^(?:from|to|subject|date|message-id|mime-version|received|return-path|cc):/im.test(head) && /^(?:from|subject):/im.test(head);
  if (!isEmail) return text;
  let body = text.slice(headerEnd).replace(/^\s+/, "");
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    body = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return body.replace(/^> ?/gm, "");
}

function tooLarge(size: number, config: Config): DocumentError {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return new DocumentError(
    `The document is ${mb(size)} MB, over the ${mb(config.limits.maxFileBytes)} MB limit (TOLLGATE_MAX_FILE_MB).`,
    "document_too_large",
  );
}

let pdfParse: Promise<typeof import("pdf-parse")> | undefined;

async function loadPdf(bytes: Uint8Array, config: Config): Promise<LoadedDocument> {
  // pdf.js may transfer (detach) the buffer it is given, so it gets a copy.
  // pdf.js is loaded on first use: it is the slowest module to import and most turns read no PDF.
  const { PDFParse } = await (pdfParse ??= import("pdf-parse"));
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const info = await parser.getInfo().catch((err: unknown) => {
      throw mapPdfError(err);
    });
    const total = info.total;
    if (!total) throw new DocumentError("The PDF has no pages.", "document_empty");
    if (total > config.limits.maxPages) {
      throw new DocumentError(
        `The PDF has ${total} pages, over the ${config.limits.maxPages}-page limit (TOLLGATE_MAX_PAGES).`,
        "document_too_many_pages",
      );
    }
    const result = await parser.getText({ itemJoiner: ITEM_SEP, pageJoiner: "" }).catch((err: unknown) => {
      throw mapPdfError(err);
    });
    const pages = result.pages.map((p) => p.text);
    const letters = pages.join("").replace(/[^A-Za-z]/g, "").length;
    if (letters >= MIN_LETTERS_PER_PAGE * pages.length * 0.5) {
      // pdf-parse keeps the pdf.js document it opened; the positioned words are read from it.
      const opened = (parser as unknown as { doc?: Parameters<typeof wordsFromPdf>[0] }).doc;
      const words = await wordsFromPdf(opened ?? bytes, config.limits.maxPages);
      return { method: "text-layer", pages, lines: toLines(pages), layout: buildLayout(words) };
    }
    // Image-only (scanned) PDF: render each page and OCR it. Scale 3 (~216 dpi): at 2, digits of
    // 8-point amounts in re-rendered scans were misread in our tests (6043.40 read as 6013.4).
    const shots = await parser.getScreenshot({ scale: 3, imageDataUrl: false, imageBuffer: true }).catch((err: unknown) => {
      throw mapPdfError(err);
    });
    const ocr = await ocrImages(shots.pages.map((s) => s.data));
    const ocrPages = ocr.map((o) => o.text);
    if (ocrPages.join("").trim() === "") throw new DocumentError("The PDF has no text and OCR found none.", "document_empty");
    const confidence = ocr.reduce((s, o) => s + o.confidence, 0) / Math.max(1, ocr.length);
    return { method: "ocr", pages: ocrPages, lines: toLines(ocrPages), ocrConfidence: confidence, layout: buildLayout(ocrWords(ocr)) };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

/** OCR pages as one positioned document (page numbers follow the image order). */
function ocrWords(pages: Array<{ words: PositionedDoc["words"]; width: number; height: number }>): PositionedDoc {
  return {
    words: pages.flatMap((p, i) => p.words.map((w) => ({ ...w, page: i + 1 }))),
    pages: pages.map((p) => ({ width: p.width, height: p.height })),
  };
}

function mapPdfError(err: unknown): DocumentError {
  if (err instanceof DocumentError) return err;
  const name = (err as { name?: string })?.name ?? "";
  const message = (err as { message?: string })?.message ?? String(err);
  if (name === "PasswordException" || /password|encrypt/i.test(message)) {
    return new DocumentError("The PDF is encrypted (password-protected); send an unprotected copy.", "document_encrypted", err);
  }
  return new DocumentError(`The PDF is corrupt or unreadable: ${message}`, "document_corrupt", err);
}
