/**
 * Offline OCR with tesseract.js and the bundled English model (@tesseract.js-data/eng), so
 * scanned invoices and phone photos work without a network. Each image is cleaned first with
 * sharp (greyscale; on photos a median filter and contrast stretch; deskew by the angle whose
 * row profile is sharpest), recognised with word boxes, and lines that read badly are read again
 * on their own with a single-line page segmentation mode; the better reading is kept. One worker
 * per call, always terminated, keeps memory bounded when many documents are processed in turn.
 */
import { createRequire } from "node:module";
import { DocumentError } from "../errors.ts";
import type { Word } from "./words.ts";

const require = createRequire(import.meta.url);

// sharp and tesseract.js are imported on the first OCR, not when the module loads: the server and
// most commands start without them.
let sharpModule: Promise<typeof import("sharp")> | undefined;
let tesseractModule: Promise<typeof import("tesseract.js")> | undefined;
const loadSharp = async () => (await (sharpModule ??= import("sharp"))).default;
const loadTesseract = () => (tesseractModule ??= import("tesseract.js"));

/** Directory holding eng.traineddata.gz from the @tesseract.js-data/eng package. */
function langPath(): string {
  return (require("@tesseract.js-data/eng") as { langPath: string }).langPath;
}

/** Text of one OCR'd image with tesseract's mean confidence (0..1) and its word boxes. */
export interface OcrPage {
  text: string;
  confidence: number;
  words: Word[];
  width: number;
  height: number;
}

/**
 * Skew angle in degrees (-4..4): the rotation under which dark pixels fall into the fewest, most
 * crowded rows (text lines), measured on a small binarised copy.
 */
export async function skewAngle(image: Buffer): Promise<number> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(image).greyscale().resize({ width: 800, withoutEnlargement: true }).normalise().threshold(150).raw().toBuffer({ resolveWithObject: true });
  const pts: Array<[number, number]> = [];
  for (let y = 0; y < info.height; y++) for (let x = 0; x < info.width; x++) if (data[y * info.width + x]! < 128) pts.push([x, y]);
  if (pts.length < 200) return 0;
  const step = Math.max(1, Math.floor(pts.length / 40000));
  let best = 0;
  let bestScore = -1;
  for (let a = -4; a <= 4.001; a += 0.25) {
    const t = (a * Math.PI) / 180;
    const rows = new Map<number, number>();
    for (let i = 0; i < pts.length; i += step) {
      const [x, y] = pts[i]!;
      const r = Math.round(y * Math.cos(t) - x * Math.sin(t));
      rows.set(r, (rows.get(r) ?? 0) + 1);
    }
    let score = 0;
    for (const v of rows.values()) score += v * v;
    if (score > bestScore) {
      bestScore = score;
      best = a;
    }
  }
  return best;
}

/** Greyscale, despeckled, contrast-stretched and deskewed copy of an image, as PNG. */
export async function prepareImage(image: Uint8Array): Promise<Buffer> {
  const sharp = await loadSharp();
  const src = sharp(Buffer.from(image));
  const meta = await src.metadata();
  // Speckle is removed by a light median (and contrast stretched) only on JPEG photos: on clean
  // renders and PNG scans it erodes small glyphs ("2026-51796" read as "2026.517%").
  let img = src.flatten({ background: "#ffffff" }).greyscale();
  if (meta.format === "jpeg") img = img.median(3).normalise();
  const grey = await img.png().toBuffer();
  const angle = await skewAngle(grey);
  return angle === 0 ? grey : sharp(grey).rotate(-angle, { background: "#ffffff" }).png().toBuffer();
}

interface TWord { text: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }
interface TLine { words: TWord[]; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }

const toWords = (ws: TWord[]): Word[] =>
  ws.filter((w) => w.text.trim() !== "").map((w) => ({ text: w.text.trim(), page: 1, x0: w.bbox.x0, x1: w.bbox.x1, y0: w.bbox.y0, y1: w.bbox.y1, conf: w.confidence / 100 }));

/** Recognises the text of each image (PNG/JPEG bytes), in order. */
export async function ocrImages(images: Uint8Array[]): Promise<OcrPage[]> {
  const [sharp, { createWorker, OEM, PSM }] = await Promise.all([loadSharp(), loadTesseract()]);
  let worker: Awaited<ReturnType<typeof createWorker>> | undefined;
  try {
    worker = await createWorker("eng", OEM.LSTM_ONLY, { langPath: langPath(), gzip: true, cacheMethod: "none" });
    const pages: OcrPage[] = [];
    for (const image of images) {
      let prepared: Buffer;
      try {
        prepared = await prepareImage(image);
      } catch (err) {
        throw new DocumentError("The image could not be read by OCR; it may be corrupt or not an image.", "document_ocr_failed", err);
      }
      const meta = await sharp(prepared).metadata();
      // Keep spaces between columns: table detection relies on the gaps tesseract would collapse.
      await worker.setParameters({ preserve_interword_spaces: "1", tessedit_pageseg_mode: PSM.AUTO });
      const { data } = await worker.recognize(prepared, {}, { text: true, blocks: true });
      const lines: TLine[] = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines as unknown as TLine[]));
      const words: Word[] = [];
      for (const line of lines) {
        let best = toWords(line.words);
        // A line that read badly is read again alone (single-line mode, a little margin around it).
        if (line.confidence < 70 && line.bbox.x1 - line.bbox.x0 > 20) {
          const pad = 4;
          const rectangle = { left: Math.max(0, line.bbox.x0 - pad), top: Math.max(0, line.bbox.y0 - pad), width: line.bbox.x1 - line.bbox.x0 + 2 * pad, height: line.bbox.y1 - line.bbox.y0 + 2 * pad };
          await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE });
          const again = await worker.recognize(prepared, { rectangle }, { blocks: true });
          const aw = (again.data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words as unknown as TWord[])));
          const mean = (ws: TWord[]) => (ws.length ? ws.reduce((s, w) => s + w.confidence, 0) / ws.length : 0);
          if (aw.length && mean(aw) > line.confidence + 5) best = toWords(aw);
          await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
        }
        words.push(...best);
      }
      pages.push({ text: data.text, confidence: (data.confidence ?? 0) / 100, words, width: meta.width ?? 0, height: meta.height ?? 0 });
    }
    return pages;
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    throw new DocumentError("The image could not be read by OCR; it may be corrupt or not an image.", "document_ocr_failed", err);
  } finally {
    await worker?.terminate().catch(() => undefined);
  }
}
