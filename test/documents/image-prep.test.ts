/**
 * Image clean-up before OCR, on synthetic pixel buffers: uneven lighting flattened, ink separated
 * from paper, letter size measured, skew found.
 */
import { describe, expect, it } from "vitest";
import { binarise, flattenBackground, glyphHeight, otsuThreshold, skewAngle, type GreyImage } from "../../src/documents/image-prep.ts";

/** A page of "text": rows of letter-sized dark blocks, rotated by `angle` degrees, lit by `light(x, y)`. */
function page(opts: { angle?: number; glyph?: number; light?: (x: number, y: number) => number } = {}): GreyImage {
  const w = 600;
  const h = 400;
  const g = opts.glyph ?? 12;
  const t = ((opts.angle ?? 0) * Math.PI) / 180;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Coordinates in the unrotated page.
      const u = x * Math.cos(t) + y * Math.sin(t);
      const v = -x * Math.sin(t) + y * Math.cos(t);
      const inRow = v > 40 && v < h - 40 && ((v - 40) % (g * 2)) < g;
      const inGlyph = u > 40 && u < w - 40 && ((u - 40) % (g * 0.9)) < g * 0.6;
      const paper = opts.light ? opts.light(x, y) : 235;
      data[y * w + x] = inRow && inGlyph ? Math.round(paper * 0.25) : paper;
    }
  }
  return { data, width: w, height: h };
}

describe("image preparation for OCR", () => {
  it("flattens a lighting gradient so one threshold separates ink from paper everywhere", () => {
    // Paper goes from bright on the left to as dark as the ink's neighbourhood on the right.
    const img = page({ light: (x) => Math.round(250 - (x / 600) * 150) });
    const flat = flattenBackground(img);
    const bin = binarise(flat, otsuThreshold(flat));
    // Paper pixels at both edges are white after flattening, ink stays black.
    expect(bin.data[10 * 600 + 5]).toBe(255);
    expect(bin.data[10 * 600 + 595]).toBe(255);
    const inkRight = 48 * 600 + 540;
    expect(img.data[inkRight]).toBeLessThan(60);
    expect(bin.data[inkRight]).toBe(0);
    // Without flattening the dim right edge of the paper falls on the ink side of the threshold.
    const raw = binarise(img, otsuThreshold(img));
    expect(raw.data[10 * 600 + 595]).toBe(0);
  });

  it("measures the letter height that decides the enlargement", () => {
    const small = page({ glyph: 8 });
    const large = page({ glyph: 16 });
    expect(glyphHeight(binarise(small, 128))).toBe(8);
    expect(glyphHeight(binarise(large, 128))).toBe(16);
  });

  it("finds the skew of rotated text lines and none on straight ones", () => {
    expect(skewAngle(binarise(page(), 128))).toBe(0);
    expect(skewAngle(binarise(page({ angle: 2 }), 128))).toBeCloseTo(2, 0);
    expect(skewAngle(binarise(page({ angle: -1.5 }), 128))).toBeCloseTo(-1.5, 0);
  });
});
