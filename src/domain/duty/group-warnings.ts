/**
 * One warning that applies to several lines is given once, with the line numbers: "Lines 1, 3, 4: ...".
 * Used for the result's warnings (CLI and tool text print them) and for the entry draft.
 */

/** A line's number and its warnings. */
export interface LineWarnings {
  line: number;
  hts?: string;
  warnings: readonly string[];
}

/** Identical warnings grouped across lines, in order of first appearance, with the lines each applies to. */
export function groupWarnings(lines: readonly LineWarnings[]): { message: string; lines: number[]; text: string }[] {
  const byText = new Map<string, { lines: number[]; hts: string[] }>();
  for (const l of lines) {
    for (const w of l.warnings) {
      const g = byText.get(w);
      if (!g) byText.set(w, { lines: [l.line], hts: [l.hts ?? ""] });
      else if (!g.lines.includes(l.line)) {
        g.lines.push(l.line);
        g.hts.push(l.hts ?? "");
      }
    }
  }
  const out: { message: string; lines: number[]; text: string }[] = [];
  for (const [message, g] of byText) {
    const text = g.lines.length === 1 ? `Line ${g.lines[0]}${g.hts[0] ? ` (${g.hts[0]})` : ""}: ${message}` : `Lines ${g.lines.join(", ")}: ${message}`;
    out.push({ message, lines: g.lines, text });
  }
  return out;
}
