/**
 * Repairs OCR-damaged labels before the layout is read. A scan or photo turns "Consignee" into
 * "C0NSIGNEE" or "Conagnee" and "BILL OF LADING" into "RAT OF LADING"; every later step looks
 * labels up in the dictionary exactly, so such a cell would lose its field. A cell whose leading
 * words are within a small edit distance of a label or document title (and that matches no label
 * as printed) has those words replaced by the label. Values are never touched: only text that
 * starts a cell and is close to the dictionary's vocabulary.
 */
import { fold, type LabelDictionary } from "./label-dictionary.ts";
import type { Cell, Layout, LLine } from "./layout.ts";

/** Levenshtein distance, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Edits allowed for a label of this length: none under 5 letters, then one per four letters. */
const allowance = (len: number) => (len < 5 ? 0 : Math.floor(len / 4));

// OCR reads digits for letters inside words ("C0NSIGNEE", "N0TIFY"); compared as letters.
const asLetters = (s: string) => s.replace(/0/g, "o").replace(/1/g, "l").replace(/5/g, "s");

/**
 * The label the first `n` words of a cell most likely are, with the number of words it covers;
 * null when none is close enough or the words already are a label.
 */
export function nearestLabel(words: string[], dict: LabelDictionary): { label: string; words: number } | null {
  let best: { label: string; words: number; score: number } | null = null;
  for (let n = Math.min(4, words.length); n >= 1; n--) {
    const printed = fold(words.slice(0, n).join(" ")).replace(/[:：.]+$/, "");
    const text = asLetters(printed);
    if (text.length < 5 || /\d/.test(text)) continue;
    // The cell starts with a label as printed ("Amount EUR"): it is left as it is.
    if (dict.vocabulary.includes(printed)) return null;
    for (const label of dict.vocabulary) {
      const max = allowance(label.length);
      if (max === 0) continue;
      const d = editDistance(text, label, max);
      if (d <= max && (!best || d / label.length < best.score)) best = { label, words: n, score: d / label.length };
    }
  }
  return best ? { label: best.label, words: best.words } : null;
}

function repairCell(cell: Cell, dict: LabelDictionary): boolean {
  const original = cell.text;
  // A box edge read as a character before the label ("| Port of Loadmg").
  while (cell.words.length > 1 && /^[|[\]{};!]+$/.test(cell.words[0]!.text)) cell.words.shift();
  cell.text = cell.words.map((w) => w.text).join(" ");
  const isLabel = dict.match("fields", cell.text) || dict.match("totals", cell.text) || dict.match("columns", cell.text);
  const hit = isLabel ? null : nearestLabel(cell.words.map((w) => w.text), dict);
  if (hit) {
    const covered = cell.words.slice(0, hit.words);
    const colon = /[:：]$/.test(covered[covered.length - 1]!.text) ? ":" : "";
    const merged = { ...covered[0]!, text: `${hit.label}${colon}`, x1: covered[covered.length - 1]!.x1, y0: Math.min(...covered.map((w) => w.y0)), y1: Math.max(...covered.map((w) => w.y1)) };
    const words = [merged, ...cell.words.slice(hit.words)];
    const text = words.map((w) => w.text).join(" ");
    // Kept only where the result reads as a label would: the whole cell, or a label the dictionary
    // accepts with what follows it ("Manufacture Durand SARL" is a name, not "manufacturer ...").
    const accepted = words.length === 1 || dict.match("fields", text) || dict.match("totals", text) || dict.match("columns", text);
    if (accepted) {
      cell.words = words;
      cell.text = text;
    }
  }
  return cell.text !== original;
}

/** The layout of an OCR'd document with damaged labels and titles replaced by the dictionary's own. */
export function repairLabels(layout: Layout, dict: LabelDictionary): Layout {
  const lines: LLine[] = layout.lines.map((line) => {
    const cells = line.cells.map((c) => ({ ...c, words: [...c.words] }));
    const changed = cells.map((c) => repairCell(c, dict));
    if (!changed.includes(true)) return line;
    return { ...line, cells, words: cells.flatMap((c) => c.words), text: cells.map((c) => c.text).join("  ") };
  });
  return { ...layout, lines };
}
