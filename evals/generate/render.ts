/**
 * Shared by both document generators: a seeded random source and the degradation of a rendered
 * page into a "scan" (grey, slight rotation, speckle noise, PNG) or a "photo" (stronger rotation,
 * blur, uneven lighting, JPEG). Rendering is pdf.js (through pdf-parse), the image work is sharp.
 */
import { PDFParse } from "pdf-parse";
import sharp from "sharp";

export type Rng = () => number;

/** Small deterministic PRNG, so the datasets regenerate identically. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Renders page 1 of a one-page PDF and degrades it; null for multi-page documents. */
export async function degrade(pdf: Buffer, r: Rng, kind: "scan" | "photo"): Promise<{ bytes: Buffer; ext: string } | null> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const info = await parser.getInfo();
    if (info.total !== 1) return null;
    const shot = await parser.getScreenshot({ scale: kind === "scan" ? 2.2 : 2, imageDataUrl: false, imageBuffer: true });
    const page = Buffer.from(shot.pages[0]!.data);
    const angle = (r() - 0.5) * (kind === "scan" ? 2.4 : 5);
    let img = sharp(page).flatten({ background: "#ffffff" }).greyscale().rotate(angle, { background: "#ffffff" });
    if (kind === "photo") img = img.blur(0.6 + r() * 0.5);
    const { data, info: meta } = await img.raw().toBuffer({ resolveWithObject: true });
    const ch = meta.channels;
    const w = meta.width;
    const h = meta.height;
    // Speckle noise everywhere, and for photos a lighting gradient across the page.
    for (let y = 0; y < h; y++) {
      const shade = kind === "photo" ? 30 * (y / h) + 10 * Math.sin((y / h) * 3) : 0;
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * ch;
        const noise = (r() - 0.5) * (kind === "scan" ? 40 : 50) + (r() < 0.002 ? -160 : 0);
        for (let c = 0; c < ch; c++) data[i + c] = Math.max(0, Math.min(255, data[i + c]! + noise - shade - (kind === "photo" ? (x / w) * 20 : 0)));
      }
    }
    const out = sharp(data, { raw: { width: w, height: h, channels: ch } });
    return kind === "scan" ? { bytes: await out.png().toBuffer(), ext: "png" } : { bytes: await out.jpeg({ quality: 70 }).toBuffer(), ext: "jpg" };
  } finally {
    await parser.destroy();
  }
}
