/**
 * Page layout from positioned words: words on the same baseline form a line, and a line splits
 * into cells where the gap between two words is wider than a space (about 0.8 of the text
 * height). Lines keep their boxes, so fields, blocks and table columns are found by geometry
 * (right of, below, overlapping) rather than by character positions in a line of text.
 */
import type { DocLine } from "./load.ts";
import type { PositionedDoc, Word } from "./words.ts";

/** A run of words separated by ordinary spaces. */
export interface Cell {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  words: Word[];
}

/** Words sharing a baseline, left to right, split into cells. */
export interface LLine {
  page: number;
  /** 1-based index of the line on its page. */
  index: number;
  y0: number;
  y1: number;
  words: Word[];
  cells: Cell[];
  text: string;
}

/** A document as lines of cells, with the typical line height for distance thresholds. */
export interface Layout {
  lines: LLine[];
  pages: Array<{ width: number; height: number }>;
  /** Median word height: the unit of every geometric tolerance. */
  em: number;
}

const median = (xs: number[]) => {
  if (xs.length === 0) return 10;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function toCells(words: Word[], gap: number): Cell[] {
  const cells: Cell[] = [];
  for (const w of words) {
    const last = cells[cells.length - 1];
    if (last && w.x0 - last.x1 <= gap) {
      last.words.push(w);
      last.text += ` ${w.text}`;
      last.x1 = Math.max(last.x1, w.x1);
      last.y0 = Math.min(last.y0, w.y0);
      last.y1 = Math.max(last.y1, w.y1);
    } else cells.push({ text: w.text, x0: w.x0, x1: w.x1, y0: w.y0, y1: w.y1, words: [w] });
  }
  return cells;
}

/** Groups positioned words into lines and cells. */
export function buildLayout(doc: PositionedDoc): Layout {
  const em = median(doc.words.map((w) => w.y1 - w.y0));
  const lines: LLine[] = [];
  const byPage = new Map<number, Word[]>();
  for (const w of doc.words) byPage.set(w.page, [...(byPage.get(w.page) ?? []), w]);
  for (const page of [...byPage.keys()].sort((a, b) => a - b)) {
    const words = byPage.get(page)!.sort((a, b) => (a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2);
    const groups: Word[][] = [];
    for (const w of words) {
      const cy = (w.y0 + w.y1) / 2;
      const g = groups[groups.length - 1];
      const gy = g ? g.reduce((s, x) => s + (x.y0 + x.y1) / 2, 0) / g.length : 0;
      if (g && Math.abs(cy - gy) <= Math.max(2, Math.min(em, w.y1 - w.y0) * 0.45)) g.push(w);
      else groups.push([w]);
    }
    let index = 0;
    for (const g of groups) {
      g.sort((a, b) => a.x0 - b.x0);
      const h = median(g.map((w) => w.y1 - w.y0));
      const cells = toCells(g, h * 0.8);
      lines.push({
        page,
        index: ++index,
        y0: Math.min(...g.map((w) => w.y0)),
        y1: Math.max(...g.map((w) => w.y1)),
        words: g,
        cells,
        text: cells.map((c) => c.text).join("  "),
      });
    }
  }
  return { lines, pages: doc.pages, em };
}

/** The same lines in the shape the line-pattern extractors read (their fallback input). */
export function toDocLines(layout: Layout): DocLine[] {
  return layout.lines.map((l) => ({ page: l.page, line: l.index, text: l.text, cells: l.cells.map((c) => c.text) }));
}

/** Page texts reconstructed from the layout (cells joined by two spaces). */
export function pageTexts(layout: Layout): string[] {
  const pages: string[] = layout.pages.map(() => "");
  for (const l of layout.lines) pages[l.page - 1] = `${pages[l.page - 1] ?? ""}${l.text}\n`;
  return pages;
}

/** Horizontal overlap of two spans, in units. */
export function overlapX(a: { x0: number; x1: number }, b: { x0: number; x1: number }): number {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
}
