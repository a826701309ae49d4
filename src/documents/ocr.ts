/**
 * Offline OCR with tesseract.js and the bundled English model (@tesseract.js-data/eng), so
 * scanned invoices and phone photos work without a network. One worker is created per call and
 * always terminated, which keeps memory bounded when many documents are processed in turn.
 */
import { createRequire } from "node:module";
import { createWorker, OEM } from "tesseract.js";
import { DocumentError } from "../errors.ts";

const require = createRequire(import.meta.url);

/** Directory holding eng.traineddata.gz from the @tesseract.js-data/eng package. */
function langPath(): string {
  return (require("@tesseract.js-data/eng") as { langPath: string }).langPath;
}

/** Text of one OCR'd image with tesseract's mean confidence (0..1). */
export interface OcrPage {
  text: string;
  confidence: number;
}

/** Recognises the text of each image (PNG/JPEG bytes), in order. */
export async function ocrImages(images: Uint8Array[]): Promise<OcrPage[]> {
  let worker: Awaited<ReturnType<typeof createWorker>> | undefined;
  try {
    worker = await createWorker("eng", OEM.LSTM_ONLY, { langPath: langPath(), gzip: true, cacheMethod: "none" });
    // Keep spaces between columns: table detection relies on the gaps tesseract would collapse.
    await worker.setParameters({ preserve_interword_spaces: "1" });
    const pages: OcrPage[] = [];
    for (const image of images) {
      const { data } = await worker.recognize(Buffer.from(image));
      pages.push({ text: data.text, confidence: (data.confidence ?? 0) / 100 });
    }
    return pages;
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    throw new DocumentError("The image could not be read by OCR; it may be corrupt or not an image.", "document_ocr_failed", err);
  } finally {
    await worker?.terminate().catch(() => undefined);
  }
}
