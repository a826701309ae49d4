/**
 * Positioned words: the one representation every extraction path produces. Text-layer PDFs give
 * pdf.js text items with their transforms, scans and photos give tesseract's word boxes, and
 * plain text is laid on a monospace grid (one character = one cell), so the layout analysis that
 * follows never needs to know where the words came from. Coordinates are top-down, in the
 * source's own units (PDF points, image pixels or character cells).
 */
import type * as PdfJs from "pdfjs-dist/legacy/build/pdf.mjs";

// pdf.js is imported on the first PDF read, not when the module loads (the server starts without it).
let pdfjsModule: Promise<typeof PdfJs> | undefined;

/** One word with its box on a page (1-based page). */
export interface Word {
  text: string;
  page: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** OCR confidence 0..1; 1 for text layers and plain text. */
  conf: number;
}

/** Page sizes in the same units as the words. */
export interface PositionedDoc {
  words: Word[];
  pages: Array<{ width: number; height: number }>;
}

// Width of one monospace character cell and of one line for plain text, chosen to resemble
// 10-point type so the layout thresholds are the same for every source.
const CHAR_W = 6;
const LINE_H = 12;

/** East Asian wide characters take two cells in a fixed-width layout. */
function cellWidth(ch: string): number {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
}

/** Plain text on a monospace grid: each run of non-spaces is a word. */
export function wordsFromText(pages: string[]): PositionedDoc {
  const words: Word[] = [];
  const sizes: Array<{ width: number; height: number }> = [];
  pages.forEach((text, p) => {
    const lines = text.split(/\r?\n/);
    let maxCol = 0;
    lines.forEach((raw, row) => {
      const line = raw.replace(/\t/g, "    ");
      let col = 0;
      let cur = "";
      let start = 0;
      const flush = () => {
        if (cur) words.push({ text: cur, page: p + 1, x0: start * CHAR_W, x1: col * CHAR_W, y0: row * LINE_H, y1: row * LINE_H + LINE_H * 0.8, conf: 1 });
        cur = "";
      };
      for (const ch of line) {
        if (/\s/.test(ch)) flush();
        else {
          if (!cur) start = col;
          cur += ch;
        }
        col += cellWidth(ch);
      }
      flush();
      maxCol = Math.max(maxCol, col);
    });
    sizes.push({ width: maxCol * CHAR_W, height: lines.length * LINE_H });
  });
  return { words, pages: sizes };
}

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/** Splits a text item into words, spreading the item's width over its characters. */
function splitItem(item: TextItem, page: number, pageHeight: number, out: Word[]): void {
  const [a, b, , d, e, f] = item.transform as [number, number, number, number, number, number];
  // Rotated text (stamps, vertical labels) is rare on these documents and would need its own axis.
  if (Math.abs(b) > Math.abs(a) * 0.2) return;
  const size = Math.abs(d) || item.height || 10;
  const perChar = item.str.length ? item.width / item.str.length : 0;
  const top = pageHeight - f - size * 0.8;
  for (const m of item.str.matchAll(/\S+/g)) {
    const x0 = e + m.index * perChar;
    out.push({ text: m[0], page, x0, x1: x0 + m[0].length * perChar, y0: top, y1: top + size, conf: 1 });
  }
}

type PdfDoc = Awaited<ReturnType<typeof PdfJs.getDocument>["promise"]>;

/**
 * Words of a text-layer PDF through pdf.js (the copy pdf-parse bundles). Given a document pdf.js
 * already opened (pdf-parse's), it is reused: its fonts are parsed once, which halves the time.
 */
export async function wordsFromPdf(source: Uint8Array | PdfDoc, maxPages: number): Promise<PositionedDoc> {
  const own = source instanceof Uint8Array;
  const doc = source instanceof Uint8Array ? await (await (pdfjsModule ??= import("pdfjs-dist/legacy/build/pdf.mjs"))).getDocument({ data: new Uint8Array(source), verbosity: 0 }).promise : source;
  try {
    const words: Word[] = [];
    const pages: Array<{ width: number; height: number }> = [];
    for (let p = 1; p <= Math.min(doc.numPages, maxPages); p++) {
      const page = await doc.getPage(p);
      const vp = page.getViewport({ scale: 1 });
      pages.push({ width: vp.width, height: vp.height });
      const content = await page.getTextContent();
      for (const item of content.items) if ("str" in item && item.str.trim() !== "") splitItem(item as TextItem, p, vp.height, words);

    }
    return { words, pages };
  } finally {
    if (own) await doc.destroy();
  }
}
