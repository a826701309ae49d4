/**
 * Tables by column alignment. A header is a line with at least three column labels (a line just
 * above or below it that holds only more header words, units or currencies is merged in: two-line
 * headers). Each header cell becomes a column with the unit or currency printed in it ("QTY (DZ)",
 * "U/PRICE USD"). Words of the rows are bound to columns by position; a row starts at a line with
 * a number in an anchor column, and lines with only text (wrapped descriptions) join the nearest
 * row above or below. A totals row ends the table; a header repeated on a later page continues it.
 */
import { fold, type LabelDictionary } from "./label-dictionary.ts";
import { overlapX, type Cell, type Layout, type LLine } from "./layout.ts";

/** A column with its span and what its header says about units. */
export interface Column {
  kind: string;
  header: string;
  x0: number;
  x1: number;
  /** Unit printed in the header ("DZ", "KG", "PCS"). */
  unit: string | null;
  /** ISO currency printed in the header. */
  currency: string | null;
}

/** One table row: text per column kind, and the lines it was read from. */
export interface TableRow {
  cells: Record<string, string>;
  lines: LLine[];
}

/** A table (possibly continued over pages) with its totals row. */
export interface Table {
  columns: Column[];
  rows: TableRow[];
  totals: Record<string, string> | null;
  totalsLine: LLine | null;
  header: LLine;
}

const UNIT_IN_HEADER = /\(?\b(pcs|pc|dz|doz|dozen|kgs?|prs|pairs|sets|units|m|m2|m3|cbm|lbs|ctns|l|ltrs?)\b\)?/i;
const CURRENCY_IN_HEADER = /\b(USD|EUR|GBP|CNY|RMB|JPY|INR|CHF|CAD|AUD|HKD|VND|THB|TRY|BDT|MXN|TWD|KRW)\b|([$€£¥])/;
const SYMBOL: Record<string, string> = { $: "USD", "€": "EUR", "£": "GBP", "¥": "CNY", RMB: "CNY" };

function columnKind(dict: LabelDictionary, text: string): string | null {
  const stripped = text.replace(CURRENCY_IN_HEADER, " ").replace(/\((?:[^)]*)\)/g, " ").replace(/\s+/g, " ").trim();
  const m = dict.match("columns", stripped) ?? dict.match("columns", text);
  if (m && (m.rest === "" || UNIT_IN_HEADER.test(m.rest) || CURRENCY_IN_HEADER.test(m.rest) || m.rest.length <= 12)) return m.key;
  return null;
}

const isHeaderWordLine = (dict: LabelDictionary, l: LLine) =>
  l.cells.every((c) => !/\d{2,}/.test(c.text.replace(/m[23]|\d{2,}\s*%/gi, "")) && (columnKind(dict, c.text) !== null || UNIT_IN_HEADER.test(c.text) || CURRENCY_IN_HEADER.test(c.text) || c.text.length <= 14));

/** Columns of a header line, with a neighbouring header-only line merged in. */
function headerAt(dict: LabelDictionary, layout: Layout, i: number): { columns: Column[]; lastLine: number } | null {
  const line0 = layout.lines[i]!;
  // Header words set closer than a cell gap ("Quantity Unit", "N.W. G.W. CBM") are split into
  // runs that are each a column label.
  const splitCell = (c: Cell): Cell[] => {
    if (c.words.length < 2) return [c];
    for (let k = 1; k < c.words.length; k++) {
      const a = c.words.slice(0, k);
      const ta = a.map((w) => w.text).join(" ");
      if (dict.match("columns", ta)?.rest !== "") continue;
      const b = c.words.slice(k);
      const tb = b.map((w) => w.text).join(" ");
      const restCells = splitCell({ ...c, text: tb, words: b, x0: b[0]!.x0, x1: b[b.length - 1]!.x1 });
      if (restCells.every((x) => columnKind(dict, x.text) !== null) && columnKind(dict, c.text) !== columnKind(dict, tb)) {
        return [{ ...c, text: ta, words: a, x0: a[0]!.x0, x1: a[a.length - 1]!.x1 }, ...restCells];
      }
    }
    return [c];
  };
  const cells0 = line0.cells.flatMap(splitCell);
  const line = { ...line0, cells: cells0 };
  const kinds = line.cells.map((c) => columnKind(dict, c.text));
  const distinct = new Set(kinds.filter((k) => k));
  if (distinct.size < 3) return null;
  // Header cells with unknown words are kept as "other" columns so their words do not spill.
  const columns: Column[] = line.cells.map((c, k) => ({ kind: kinds[k] ?? "other", header: c.text, x0: c.x0, x1: c.x1, unit: null, currency: null }));
  let lastLine = i;
  const em = layout.em;
  let below = line;
  for (const j of [i - 1, i + 1, i + 2]) {
    const other = layout.lines[j];
    if (!other || other.page !== line.page) continue;
    if (j > i + 1 && lastLine !== i + 1) continue;
    const gap = j < i ? line.y0 - other.y1 : other.y0 - below.y1;
    if (gap > em * 0.9 || !isHeaderWordLine(dict, other)) continue;
    if (j < i && other.cells.some((c) => !columns.some((col) => overlapX(col, c) > 0))) continue;
    for (const c of other.cells) {
      const col = columns.find((x) => overlapX(x, c) > 0) ?? columns.reduce((a, b) => (Math.abs((a.x0 + a.x1) / 2 - (c.x0 + c.x1) / 2) < Math.abs((b.x0 + b.x1) / 2 - (c.x0 + c.x1) / 2) ? a : b));
      col.header = j < i ? `${c.text} ${col.header}` : `${col.header} ${c.text}`;
      col.x0 = Math.min(col.x0, c.x0);
      col.x1 = Math.max(col.x1, c.x1);
      // "UNIT" over "PRICE" is the unit price, not a unit column: the merged header decides.
      col.kind = columnKind(dict, col.header) ?? col.kind;
    }
    if (j > i) {
      lastLine = j;
      below = other;
    }
  }
  for (const col of columns) {
    const cur = CURRENCY_IN_HEADER.exec(col.header);
    if (cur) col.currency = SYMBOL[cur[0]] ?? cur[1] ?? null;
    const unitText = col.header.replace(/^[^(]*\(/, "(");
    const u = /\(([^)]+)\)/.exec(col.header)?.[1] ?? (UNIT_IN_HEADER.exec(fold(unitText).replace(fold(col.header.split(/\s/)[0]!), ""))?.[1] ?? null);
    if (u && !CURRENCY_IN_HEADER.test(u)) col.unit = u.trim();
  }
  // "Total" as a column header is the line amount when no other amount column exists.
  return { columns, lastLine };
}

/** Binds the words of a line to columns: each word goes to the column its centre falls under. */
function bind(line: LLine, columns: Column[]): Record<string, string> {
  const sorted = [...columns].sort((a, b) => a.x0 - b.x0);
  const bounds = sorted.map((c, k) => {
    const prev = sorted[k - 1];
    const next = sorted[k + 1];
    return { col: c, lo: prev ? (prev.x1 + c.x0) / 2 : -Infinity, hi: next ? (c.x1 + next.x0) / 2 : Infinity };
  });
  const out: Record<string, string> = {};
  const put = (kind: string, text: string) => (out[kind] = out[kind] ? `${out[kind]} ${text}` : text);
  const at = (x: number) => bounds.find((b) => x >= b.lo && x < b.hi) ?? bounds[bounds.length - 1]!;
  for (const cell of line.cells) {
    const numericCell = /^[\d.,()$€£\s%-]+(?:[A-Za-z]{1,5}\.?)?$/.test(cell.text);
    if (numericCell) {
      // Numbers are right-aligned under their header: bind them by their right edge, a unit
      // word after them by its centre ("829 PCS" under "Quantity | Unit").
      for (const w of cell.words) put(at(/\d/.test(w.text) ? w.x1 - 0.5 : (w.x0 + w.x1) / 2).col.kind, w.text);
      continue;
    }
    // Text runs on from where it starts ("... 98% cotton 2%" may reach past the column's middle);
    // a word of the run sitting right under another column's header belongs to that column.
    const home = at(cell.x0 + 0.5).col;
    for (const w of cell.words) {
      const under = sorted.find((c) => c !== home && overlapX(c, w) > (w.x1 - w.x0) * 0.5);
      put(under && /^[\d.,$€£-]+$/.test(w.text) ? under.kind : home.kind, w.text);
    }
  }
  return out;
}

const hasNumber = (s: string | undefined) => !!s && /\d/.test(s);

/** Finds the tables of a document; `anchors` are the column kinds whose number starts a row. */
export function findTables(layout: Layout, dict: LabelDictionary, anchors: string[]): Table[] {
  const tables: Table[] = [];
  const lines = layout.lines;
  const em = layout.em;
  let i = 0;
  while (i < lines.length) {
    const h = headerAt(dict, layout, i);
    if (!h || !h.columns.some((c) => anchors.includes(c.kind))) {
      i++;
      continue;
    }
    const kinds = h.columns.map((c) => c.kind).join("|");
    const prev = tables[tables.length - 1];
    // The same header on a later page continues the table above (unless that one was closed by totals).
    const table: Table =
      prev && !prev.totals && prev.columns.map((c) => c.kind).join("|") === kinds && lines[i]!.page > prev.header.page
        ? prev
        : { columns: h.columns, rows: [], totals: null, totalsLine: null, header: lines[i]! };
    if (table !== prev) tables.push(table);
    const anchorCols = h.columns.filter((c) => anchors.includes(c.kind)).map((c) => c.kind);
    const body: Array<{ line: LLine; cells: Record<string, string>; anchor: boolean }> = [];
    let k = h.lastLine + 1;
    let lastY = lines[h.lastLine]!.y1;
    const page = lines[i]!.page;
    for (; k < lines.length; k++) {
      const line = lines[k]!;
      if (line.page !== page) break;
      if (line.y0 - lastY > em * 3.2) break;
      const first = line.cells[0]!;
      const total = dict.match("totals", first.text);
      const cells = bind(line, table.columns);
      if (total && (total.rest === "" || /^[\d.,\s$€£A-Z]+$/.test(total.rest))) {
        if (total.key === "total" || total.key === "subtotal") {
          table.totals = cells;
          table.totalsLine = line;
        }
        k++;
        break;
      }
      if (headerAt(dict, layout, k)) break;
      // Lines beginning with a field label ("Made in ...", "Country of origin: ...") end the table.
      if (dict.match("fields", first.text)?.colon) break;
      const anchor = anchorCols.some((c) => hasNumber(cells[c]) && /^[\d.,\s$€£()-]+[A-Za-z]{0,5}$/.test(cells[c]!.replace(/^[A-Z]{3}\s*/, "")));
      body.push({ line, cells, anchor });
      lastY = line.y1;
    }
    // Text-only lines join the nearest anchor row (above on ties: descriptions wrap downwards).
    const anchorsAt = body.map((b, n) => (b.anchor ? n : -1)).filter((n) => n >= 0);
    const rows = new Map<number, TableRow>(anchorsAt.map((n) => [n, { cells: { ...body[n]!.cells }, lines: [body[n]!.line] }]));
    body.forEach((b, n) => {
      if (b.anchor || anchorsAt.length === 0) return;
      const cy = (b.line.y0 + b.line.y1) / 2;
      let best = -1;
      let bestD = Infinity;
      for (const a of anchorsAt) {
        const l = body[a]!.line;
        const d = Math.abs((l.y0 + l.y1) / 2 - cy) + (a > n ? 0.01 : 0);
        if (d < bestD) {
          bestD = d;
          best = a;
        }
      }
      if (bestD > em * 3) return;
      const row = rows.get(best)!;
      for (const [kind, text] of Object.entries(b.cells)) row.cells[kind] = row.cells[kind] ? (n < best ? `${text} ${row.cells[kind]}` : `${row.cells[kind]} ${text}`) : text;
      row.lines.push(b.line);
    });
    table.rows.push(...anchorsAt.map((n) => rows.get(n)!));
    i = Math.max(k, i + 1);
  }
  return tables.filter((t) => t.rows.length > 0);
}
