/**
 * Image clean-up before OCR, on raw 8-bit greyscale buffers (no native code beyond sharp's
 * decode and resize). Phone photos and scans fail OCR for a few distinct reasons, each handled
 * here by one step:
 * - uneven lighting (a shadow or gradient across the page) defeats one global threshold: the
 *   page background is estimated per block and divided out;
 * - low resolution (a page photographed or scanned at ~150 dpi gives 8-10 px letters): the page is
 *   enlarged until its letters are about the size tesseract reads best (~300 dpi);
 * - speckle and JPEG noise: a median filter after enlarging (before it, it erodes small glyphs);
 * - grey, blurred strokes: Otsu's threshold on the flattened image gives clean black on white;
 * - skew: the rotation whose row profile is sharpest (projection-profile search).
 */
import sharp, { type Sharp } from "sharp";

/** One channel, 0 = black, 255 = white, row-major. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Divides out the page background: each block's bright level (a high percentile, so text does not
 * darken it) is interpolated across the page and every pixel is scaled so that background is white.
 */
export function flattenBackground(img: GreyImage, block = 48): GreyImage {
  const { width: w, height: h, data } = img;
  const bw = Math.max(1, Math.ceil(w / block));
  const bh = Math.max(1, Math.ceil(h / block));
  const level = new Float64Array(bw * bh);
  const hist = new Uint32Array(256);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      hist.fill(0);
      let n = 0;
      for (let y = by * block; y < Math.min(h, (by + 1) * block); y += 2) {
        for (let x = bx * block; x < Math.min(w, (bx + 1) * block); x += 2) {
          hist[data[y * w + x]!]!++;
          n++;
        }
      }
      // The 90th percentile: blocks are mostly background even where text is dense.
      let acc = 0;
      let v = 255;
      for (; v > 0; v--) {
        acc += hist[v]!;
        if (acc >= n * 0.1) break;
      }
      level[by * bw + bx] = Math.max(v, 40);
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / block - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(bw - 1, x0 + 1);
      const tx = fx - x0;
      const bg = (level[y0 * bw + x0]! * (1 - tx) + level[y0 * bw + x1]! * tx) * (1 - ty) + (level[y1 * bw + x0]! * (1 - tx) + level[y1 * bw + x1]! * tx) * ty;
      out[y * w + x] = Math.min(255, Math.round((data[y * w + x]! * 255) / bg));
    }
  }
  return { data: out, width: w, height: h };
}

/** Otsu's threshold: the grey level that best separates ink from paper. */
export function otsuThreshold(img: GreyImage): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]!]!++;
  const total = img.data.length;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * hist[v]!;
  let sumB = 0;
  let wB = 0;
  let best = 128;
  let bestVar = -1;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > bestVar) {
      bestVar = between;
      best = t;
    }
  }
  return best;
}

/** Black (0) where the pixel is at or below the threshold, white (255) elsewhere. */
export function binarise(img: GreyImage, threshold: number): GreyImage {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = img.data[i]! <= threshold ? 0 : 255;
  return { data: out, width: img.width, height: img.height };
}

/** A box in pixels, inclusive. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Bounding boxes of the connected ink components (4-connected) of a black-and-white image. */
export function inkBoxes(bin: GreyImage): Box[] {
  const { width: w, height: h, data } = bin;
  const parent = new Int32Array(w * h).fill(-1);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (data[i] !== 0) continue;
      parent[i] = i;
      if (x > 0 && data[i - 1] === 0) parent[find(i)] = find(i - 1);
      if (y > 0 && data[i - w] === 0) {
        const a = find(i);
        const b = find(i - w);
        if (a !== b) parent[a] = b;
      }
    }
  }
  const boxes = new Map<number, Box>();
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (parent[i] === -1) continue;
      const r = find(i);
      const box = boxes.get(r);
      if (!box) boxes.set(r, { x0: x, y0: y, x1: x, y1: y });
      else {
        if (x < box.x0) box.x0 = x;
        if (x > box.x1) box.x1 = x;
        box.y1 = y;
      }
    }
  }
  return [...boxes.values()];
}

/** Glyph-sized components: not specks, not rules or box edges, not letters merged into a blob. */
export function glyphBoxes(bin: GreyImage): Box[] {
  return inkBoxes(bin).filter((b) => {
    const bh = b.y1 - b.y0 + 1;
    const bw = b.x1 - b.x0 + 1;
    return bh >= 4 && bh <= 120 && bw <= bh * 2.5 && bw >= 2;
  });
}

/** Median glyph height in pixels: the letter size that decides how much a page is enlarged; 0 if too little text. */
export function glyphHeight(bin: GreyImage): number {
  const heights = glyphBoxes(bin).map((b) => b.y1 - b.y0 + 1);
  if (heights.length < 30) return 0;
  heights.sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)]!;
}

/**
 * Skew angle in degrees (-5..5): the rotation under which ink falls into the fewest, most crowded
 * rows (text lines). A coarse search in quarter degrees is refined around the best angle.
 */
export function skewAngle(bin: GreyImage): number {
  const { width: w, height: h, data } = bin;
  const pts: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (data[y * w + x] === 0) pts.push(x, y);
  if (pts.length < 400) return 0;
  const step = Math.max(1, Math.floor(pts.length / 2 / 60000)) * 2;
  const sharpness = (a: number) => {
    const t = (a * Math.PI) / 180;
    const s = Math.sin(t);
    const c = Math.cos(t);
    const rows = new Map<number, number>();
    for (let i = 0; i < pts.length; i += step) {
      const r = Math.round(pts[i + 1]! * c - pts[i]! * s);
      rows.set(r, (rows.get(r) ?? 0) + 1);
    }
    let score = 0;
    for (const v of rows.values()) score += v * v;
    return score;
  };
  let best = 0;
  let bestScore = -1;
  const tryAngle = (a: number) => {
    const score = sharpness(a);
    if (score > bestScore) {
      bestScore = score;
      best = a;
    }
  };
  for (let a = -5; a <= 5.001; a += 0.25) tryAngle(Math.round(a * 100) / 100);
  const coarse = best;
  for (let a = coarse - 0.2; a <= coarse + 0.201; a += 0.05) tryAngle(Math.round(a * 100) / 100);
  return Math.abs(best) < 0.1 ? 0 : best;
}

/** Letter height (median glyph component, px) the page is enlarged to: about 10-point type at 300 dpi. */
const TARGET_GLYPH = 22;
const MAX_SCALE = 3;

async function toGrey(img: Sharp): Promise<GreyImage> {
  const { data, info } = await img.greyscale().raw().toBuffer({ resolveWithObject: true });
  if (info.channels === 1) return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  const out = new Uint8Array(info.width * info.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels]!;
  return { data: out, width: info.width, height: info.height };
}

const fromGrey = (g: GreyImage) => sharp(Buffer.from(g.data.buffer, g.data.byteOffset, g.data.length), { raw: { width: g.width, height: g.height, channels: 1 } });

/** A page cleaned for OCR (PNG, black text on white) and the factor it was enlarged by. */
export interface PreparedImage {
  png: Buffer;
  /** The same page as raw grey pixels. */
  grey: GreyImage;
  width: number;
  height: number;
  scale: number;
  angle: number;
  /** Resolution the letter size implies (tesseract's own estimate is thrown by speckle); null if unknown. */
  dpi: number | null;
}

/**
 * Flattens the lighting, enlarges the page to ~300 dpi (judged by its letter size), removes
 * speckle and deskews (PNG/JPEG bytes in). The result stays grey: tesseract's own thresholding of
 * a clean grey page reads blurred strokes better than a hard black-and-white copy.
 */
export async function prepareImage(image: Uint8Array): Promise<PreparedImage> {
  const grey = flattenBackground(await toGrey(sharp(Buffer.from(image)).flatten({ background: "#ffffff" })));
  const probe = binarise(grey, otsuThreshold(grey));
  const glyph = glyphHeight(probe);
  const scale = glyph > 0 ? Math.min(MAX_SCALE, Math.max(1, Math.round((TARGET_GLYPH / glyph) * 4) / 4)) : 1;
  let img = fromGrey(grey);
  if (scale > 1) img = sharp(await img.resize({ width: Math.round(grey.width * scale), kernel: "cubic" }).png().toBuffer());
  // The median runs on the enlarged page: at the original size it erodes small glyphs.
  img = img.median(3);
  const angle = skewAngle(probe);
  if (angle !== 0) img = sharp(await img.png().toBuffer()).rotate(-angle, { background: "#ffffff" });
  const { data, info } = await img.greyscale().png().toBuffer({ resolveWithObject: true });
  const page = await toGrey(sharp(data));
  const dpi = glyph > 0 ? Math.round(Math.min(600, Math.max(70, (300 * glyph * scale) / TARGET_GLYPH))) : null;
  return { png: data, grey: page, width: info.width, height: info.height, scale, angle, dpi };
}

/**
 * Share of a prepared page's text-like ink that no recognised word covers: text tesseract's page
 * layout skipped (a column it took for a picture, a bold title whose letters ran together). Ink
 * is weighed by area, so a title of merged letters counts for its size; specks, rules and boxes
 * (components far from the page's letter height) are left out.
 */
export function uncoveredInk(page: GreyImage, words: Box[]): number {
  const ink = inkBoxes(binarise(page, otsuThreshold(page)));
  const hs = ink.map((g) => g.y1 - g.y0 + 1).filter((h) => h >= 4).sort((a, b) => a - b);
  const m = hs[Math.floor(hs.length / 2)] ?? 0;
  if (m === 0) return 0;
  const pad = 4;
  let total = 0;
  let missed = 0;
  for (const g of ink) {
    const h = g.y1 - g.y0 + 1;
    const w = g.x1 - g.x0 + 1;
    if (h < m * 0.5 || h > m * 4 || w > m * 60) continue;
    const area = h * w;
    total += area;
    const cx = (g.x0 + g.x1) / 2;
    const cy = (g.y0 + g.y1) / 2;
    if (!words.some((o) => cx >= o.x0 - pad && cx <= o.x1 + pad && cy >= o.y0 - pad && cy <= o.y1 + pad)) missed += area;
  }
  return total ? missed / total : 0;
}
