/**
 * Offline OCR with tesseract.js and the bundled English model (@tesseract.js-data/eng), so
 * scanned invoices and phone photos work without a network. Each image is cleaned first
 * (image-prep.ts: lighting flattened, enlarged to ~300 dpi, despeckled, deskewed), recognised
 * with word boxes, and lines that read badly are read again
 * on their own with a single-line page segmentation mode; the better reading is kept. One worker
 * per call, always terminated, keeps memory bounded when many documents are processed in turn.
 */
import { createRequire } from "node:module";
import type { createWorker } from "tesseract.js";
import { DocumentError } from "../errors.ts";
import type { PreparedImage } from "./image-prep.ts";
import type { Word } from "./words.ts";

const require = createRequire(import.meta.url);

// tesseract.js and the image clean-up (sharp) are imported on the first OCR, not when the module
// loads: the server and most commands start without them.
let tesseractModule: Promise<typeof import("tesseract.js")> | undefined;
let imagePrepModule: Promise<typeof import("./image-prep.ts")> | undefined;
const loadTesseract = () => (tesseractModule ??= import("tesseract.js"));
const loadImagePrep = () => (imagePrepModule ??= import("./image-prep.ts"));

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

interface TWord { text: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }
interface TLine { words: TWord[]; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }

const toWords = (ws: TWord[]): Word[] =>
  ws.filter((w) => w.text.trim() !== "").map((w) => ({ text: w.text.trim(), page: 1, x0: w.bbox.x0, x1: w.bbox.x1, y0: w.bbox.y0, y1: w.bbox.y1, conf: w.confidence / 100 }));

/** Share of the page's text-like ink left unread above which the sparse-text pass runs. */
const SPARSE_PASS_AT = 0.03;

type Worker = Awaited<ReturnType<typeof createWorker>>;
type Tesseract = typeof import("tesseract.js");
type ImagePrep = typeof import("./image-prep.ts");

/**
 * Text the page layout skipped: when much of the page's ink lies under no recognised word (a
 * column of numbers taken for a picture, a bold title), the page is read again in sparse-text mode,
 * which finds text wherever it is, and the words that fall where the first reading had none are
 * added. Pages read completely pay nothing for this.
 */
async function sparsePass({ PSM }: Tesseract, { uncoveredInk }: ImagePrep, worker: Worker, prep: PreparedImage, words: Word[]): Promise<Word[]> {
  const missed = uncoveredInk(prep.grey, words);
  if (missed < SPARSE_PASS_AT) return [];
  await worker.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT });
  const again = await worker.recognize(prep.png, {}, { blocks: true });
  await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
  const found = toWords((again.data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words as unknown as TWord[]))));
  const overlaps = (a: Word, b: Word) => Math.min(a.x1, b.x1) > Math.max(a.x0, b.x0) && Math.min(a.y1, b.y1) > Math.max(a.y0, b.y0);
  return found.filter((w) => w.conf >= 0.3 && !words.some((o) => overlaps(w, o)));
}

/** Recognises the text of each image (PNG/JPEG bytes), in order. */
export async function ocrImages(images: Uint8Array[]): Promise<OcrPage[]> {
  const [tesseract, imagePrep] = await Promise.all([loadTesseract(), loadImagePrep()]);
  const { createWorker, OEM, PSM } = tesseract;
  const { prepareImage } = imagePrep;
  const PAGE_MODE = PSM.AUTO;
  let worker: Worker | undefined;
  try {
    worker = await createWorker("eng", OEM.LSTM_ONLY, { langPath: langPath(), gzip: true, cacheMethod: "none" });
    const pages: OcrPage[] = [];
    for (const image of images) {
      let prep: PreparedImage;
      try {
        prep = await prepareImage(image);
      } catch (err) {
        throw new DocumentError("The image could not be read by OCR; it may be corrupt or not an image.", "document_ocr_failed", err);
      }
      const prepared = prep.png;
      // Keep spaces between columns: table detection relies on the gaps tesseract would collapse.
      await worker.setParameters({ preserve_interword_spaces: "1", ...(prep.dpi ? { user_defined_dpi: String(prep.dpi) } : {}), tessedit_pageseg_mode: PAGE_MODE });
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
          await worker.setParameters({ tessedit_pageseg_mode: PAGE_MODE });
        }
        words.push(...best);
      }
      words.push(...(await sparsePass(tesseract, imagePrep, worker, prep, words)));
      pages.push({ text: data.text, confidence: (data.confidence ?? 0) / 100, words, width: prep.width, height: prep.height });
    }
    return pages;
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    throw new DocumentError("The image could not be read by OCR; it may be corrupt or not an image.", "document_ocr_failed", err);
  } finally {
    await worker?.terminate().catch(() => undefined);
  }
}
