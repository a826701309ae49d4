/**
 * Labelled fields and blocks by geometry. A value is the rest of its label's cell ("Invoice No.:
 * 123"), the next cell to the right on the same line, or the first cell below that overlaps the
 * label horizontally (labels above values, boxes on forms). A block (a party) is the run of lines
 * below its label, aligned with it, until a gap, another label, or the box's end.
 */
import type { LabelDictionary } from "./label-dictionary.ts";
import { overlapX, type Cell, type Layout, type LLine } from "./layout.ts";
import type { Source } from "./schemas.ts";

/** A value read for a label, with where it was found. */
export interface FieldHit {
  value: string;
  confidence: number;
  source: Source;
  label: Cell;
  valueCell: Cell | null;
  line: LLine;
}

/** Provenance record of a layout line. */
export function sourceOfLine(line: LLine): Source {
  return { page: line.page, line: line.index, text: line.text.trim() };
}

/** Every cell that starts with a label of one of `keys`, in reading order. */
export function labelCells(layout: Layout, dict: LabelDictionary, group: "fields" | "totals", keys: string[]) {
  const out: Array<{ line: LLine; li: number; cell: Cell; ci: number; rest: string; key: string }> = [];
  layout.lines.forEach((line, li) =>
    line.cells.forEach((cell, ci) => {
      const m = dict.match(group, cell.text, keys);
      if (m) out.push({ line, li, cell, ci, rest: m.rest, key: m.key });
    }),
  );
  return out;
}

/** The cell below `anchor` (same page, within `maxLines` line heights) overlapping it horizontally. */
export function cellBelow(layout: Layout, li: number, anchor: { x0: number; x1: number; y1: number }, maxGap: number): { line: LLine; li: number; cell: Cell } | null {
  const page = layout.lines[li]!.page;
  for (let k = li + 1; k < layout.lines.length; k++) {
    const line = layout.lines[k]!;
    if (line.page !== page || line.y0 - anchor.y1 > maxGap) return null;
    const cell = line.cells.find((c) => overlapX(c, anchor) > Math.min(c.x1 - c.x0, anchor.x1 - anchor.x0) * 0.3 || (c.x0 >= anchor.x0 - 2 && c.x0 <= anchor.x1));
    if (cell) return { line, li: k, cell };
  }
  return null;
}

/**
 * Finds the value of the first label of `keys` whose candidate values pass `accept`: the rest of
 * the cell, the cell to its right, then the cell below.
 */
export function findField(layout: Layout, dict: LabelDictionary, keys: string[], accept: (v: string) => boolean, group: "fields" | "totals" = "fields"): FieldHit | null {
  const em = layout.em;
  for (const { line, li, cell, ci, rest } of labelCells(layout, dict, group, keys)) {
    if (rest !== "" && accept(rest)) return { value: rest, confidence: 0.92, source: sourceOfLine(line), label: cell, valueCell: cell, line };
    if (rest !== "") continue;
    const right = line.cells[ci + 1];
    if (right && right.x0 - cell.x1 < em * 22 && !dict.isLabel(right.text) && accept(right.text)) {
      return { value: right.text, confidence: 0.9, source: sourceOfLine(line), label: cell, valueCell: right, line };
    }
    const below = cellBelow(layout, li, cell, em * 1.6);
    if (below && !dict.isLabel(below.cell.text) && !dict.match("fields", below.cell.text)?.colon && accept(below.cell.text)) {
      return { value: below.cell.text, confidence: 0.85, source: sourceOfLine(below.line), label: cell, valueCell: below.cell, line: below.line };
    }
  }
  return null;
}

/** A block of lines (a party's name and address) with where it starts. */
export interface BlockHit {
  lines: string[];
  source: Source;
  confidence: number;
  /** Position of the label (line index x 1000 + cell index), to tell blocks apart. */
  at: number;
}

/**
 * Reads the block under (or right of) a label: the label cell's own rest is the first line;
 * then lines below aligned with the block's left edge, while the gap stays under 1.6 line heights
 * and no other label begins.
 */
export function findBlock(layout: Layout, dict: LabelDictionary, keys: string[], skip: (at: number) => boolean = () => false): BlockHit | null {
  const em = layout.em;
  for (const { line, li, cell, ci, rest } of labelCells(layout, dict, "fields", keys)) {
    if (skip(li * 1000 + ci)) continue;
    const out: string[] = [];
    let anchor: { x0: number; x1: number; y1: number } = cell;
    let src: LLine = line;
    if (rest !== "") {
      out.push(rest);
    } else {
      const right = line.cells[ci + 1];
      // Label in a left column, block in the next ("Consignee:   ACME Inc.").
      if (right && right.x0 - cell.x1 < em * 6 && !dict.isLabel(right.text)) {
        out.push(right.text);
        anchor = right;
      }
    }
    // Column the block lives in: from the label (or first value) to just before the next cell.
    const next = line.cells.find((c) => c.x0 > anchor.x1 + em);
    const colX0 = Math.min(cell.x0, anchor.x0) - em * 0.5;
    const colX1 = next ? next.x0 - em * 0.5 : Infinity;
    let last = { y1: line.y1 };
    for (let k = li + 1; k < layout.lines.length && out.length < 7; k++) {
      const l = layout.lines[k]!;
      if (l.page !== line.page || l.y0 - last.y1 > em * 1.2) break;
      const cells = l.cells.filter((c) => c.x0 >= colX0 && c.x0 < colX1);
      if (cells.length === 0) {
        if (l.cells.some((c) => overlapX(c, { x0: colX0, x1: Math.min(colX1, colX0 + 200) }) > 0)) break;
        continue;
      }
      const first = cells[0]!;
      if (dict.isLabel(first.text) || dict.match("fields", first.text)?.colon) break;
      out.push(cells.map((c) => c.text).join(" "));
      if (out.length === 1) src = l;
      last = l;
    }
    if (out.length) return { lines: out, source: sourceOfLine(src), confidence: rest !== "" ? 0.9 : 0.85, at: li * 1000 + ci };
  }
  return null;
}
