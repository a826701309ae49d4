/** The draft page's pure helpers: warnings grouped by kind, line ranges, version diffs, escaping. */
import { describe, expect, it } from "vitest";
import { diffDrafts, groupWarnings, lineRanges } from "../../../src/server/console/draft-presenter.ts";
import { html, textToHtml } from "../../../src/server/console/html.ts";
import type { EntryWarning } from "../../../src/domain/entry/model.ts";
import { sampleDraft } from "../../store/fixtures.ts";

describe("groupWarnings", () => {
  it("shows each kind once, with the lines of each distinct finding", () => {
    const warnings: EntryWarning[] = [
      { code: "missing_data", field: "header.portOfEntry", message: "Missing port of entry code (block 6): the documents do not give it; the broker must supply it." },
      ...[1, 2, 3, 5].map((n): EntryWarning => ({ code: "missing_data", line: n, message: `Line ${n}: missing gross weight (block 30).` })),
      { code: "low_confidence", line: 4, message: "Line 4: the classification 6110.20.2079 has low confidence (0.41); a broker must confirm it." },
      { code: "invalid_hts", line: 2, message: "Line 2: 1234.56.7890 is not a declarable 10-digit line of HTSUS 2026." },
    ];
    const groups = groupWarnings(warnings);
    expect(groups.map((g) => g.code)).toEqual(["invalid_hts", "missing_data", "low_confidence"]);
    const missing = groups.find((g) => g.code === "missing_data")!;
    expect(missing.count).toBe(5);
    expect(missing.lines).toEqual([1, 2, 3, 5]);
    expect(missing.items).toEqual([
      { text: "Missing port of entry code (block 6): the documents do not give it; the broker must supply it.", lines: [] },
      { text: "Missing gross weight (block 30).", lines: [1, 2, 3, 5] },
    ]);
    expect(lineRanges(missing.lines)).toBe("1-3, 5");
  });

  it("returns nothing for no warnings", () => {
    expect(groupWarnings([])).toEqual([]);
    expect(lineRanges([])).toBe("");
  });
});

describe("diffDrafts", () => {
  it("names the changed header and line fields with old and new values", () => {
    const a = sampleDraft();
    const b = structuredClone(a);
    b.header.portOfEntry = "1001";
    b.lines[0]!.hts = "6110.30.3020";
    b.totals.total = "999.99";
    const changes = diffDrafts(a, b);
    expect(changes).toEqual(
      expect.arrayContaining([
        { path: "header.portOfEntry", before: a.header.portOfEntry, after: "1001" },
        { path: "lines[1].hts", before: a.lines[0]!.hts, after: "6110.30.3020" },
        { path: "totals.total", before: a.totals.total, after: "999.99" },
      ]),
    );
    expect(changes.every((c) => !c.path.startsWith("sources"))).toBe(true);
    expect(diffDrafts(a, structuredClone(a))).toEqual([]);
  });
});

describe("html", () => {
  it("escapes interpolated text and keeps nested templates", () => {
    const name = `<img src=x onerror="alert(1)">`;
    expect(html`<p title="${name}">${name} ${html`<b>ok</b>`}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <b>ok</b></p>',
    );
    expect(textToHtml("**Total** `6110.20`\n<script>").value).toBe("<p><strong>Total</strong> <code>6110.20</code><br>&lt;script&gt;</p>");
  });
});
