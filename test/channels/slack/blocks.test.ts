/**
 * Block Kit renderers and the slash-command parser, tested directly: mrkdwn conversion and
 * escaping (no user text can ping @channel or forge a link), chunking to Slack's limits, money
 * shown exactly, the duty table's chapter 99 lines, warnings grouped by kind, the console link,
 * and approval-card button values bound to version and content hash.
 */
import { describe, expect, it } from "vitest";
import { approvalCardBlocks, decidedCardBlocks, parseCardRef } from "../../../src/channels/slack/blocks/approval.ts";
import { draftBlocks, warningsText } from "../../../src/channels/slack/blocks/draft.ts";
import { dutyTable } from "../../../src/channels/slack/blocks/duty.ts";
import { capBlocks, chunk, contextBlock, toMrkdwn, usd } from "../../../src/channels/slack/blocks/text.ts";
import { parseSlashCommand } from "../../../src/channels/slack/commands/parse.ts";
import { stripBotMention } from "../../../src/channels/slack/events/index.ts";
import { parseSlackThreadId, slackThreadId } from "../../../src/channels/slack/thread-id.ts";
import type { DraftRecord } from "../../../src/store/index.ts";
import { blocksText } from "./helpers.ts";

const draft = {
  id: "d-123",
  version: 2,
  schemaVersion: 1,
  threadId: "slack:T1:C1:1.1",
  status: "awaiting_approval",
  contentHash: "abcdef0123456789abcdef",
  createdBy: "slack:U1",
  waitingThreadId: "slack:T1:C1:1.1",
  createdAt: "2026-11-21T12:00:00.000Z",
  updatedAt: "2026-11-21T12:00:00.000Z",
  content: {
    schemaVersion: 1,
    header: { entryType: "01", portOfEntry: null },
    lines: [
      { lineNumber: 1, description: "Sweaters <b>", hts: "6110.20.2079", chapter99: [{ heading: "9903.88.15", rate: "7.5%", amount: "900.00" }], enteredValue: "12000.00", duty: "2820.00" },
    ],
    totals: { enteredValue: "12000.00", duty: "3720.00", tax: "0.00", other: "41.57", total: "3761.57" },
    warnings: [
      { code: "missing_data", field: "portOfEntry", message: "Port of entry is missing" },
      { code: "missing_data", field: "importerNumber", message: "Importer number is missing" },
      { code: "pga", line: 1, message: "FTC textile labelling" },
    ],
    notes: [],
    sources: { htsRevision: "2026 Revision 4", documents: [], dutyCalculationId: null },
  },
} as unknown as DraftRecord;

describe("mrkdwn", () => {
  it("converts bold, headings and links, and escapes control characters", () => {
    expect(toMrkdwn("**Total** is [CBP](https://www.cbp.gov/x) & <!channel>")).toBe("*Total* is <https://www.cbp.gov/x|CBP> &amp; &lt;!channel&gt;");
    expect(toMrkdwn("## Draft ready")).toBe("*Draft ready*");
  });

  it("chunks long text at line breaks within the section limit", () => {
    const text = Array.from({ length: 400 }, (_, i) => `line ${i} ${"x".repeat(20)}`).join("\n");
    const parts = chunk(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(3000);
    expect(parts.join("\n")).toBe(text);
  });

  it("shows money exactly, grouped", () => {
    expect(usd("1234567.891")).toBe("$1,234,567.891");
    expect(usd("-12.50")).toBe("-$12.50");
    expect(usd(null)).toBe("—");
  });

  it("keeps a message within 50 blocks", () => {
    const many = Array.from({ length: 60 }, () => contextBlock("x"));
    expect(capBlocks(many)).toHaveLength(50);
  });

  it("removes only the bot's mention", () => {
    expect(stripBotMention("<@UBOT> classify <@UOTHER>'s socks", "UBOT")).toBe("classify <@UOTHER>'s socks");
  });
});

describe("cards", () => {
  it("a draft card lists lines with chapter 99 numbers, totals, warnings by kind and the console link", () => {
    const text = blocksText(draftBlocks(draft, "https://console.example/"));
    expect(text).toContain("Entry summary draft d-123 v2");
    expect(text).toContain("`9903.88.15` $900.00");
    expect(text).toContain("Sweaters &lt;b&gt;");
    expect(text).toContain("$3,761.57");
    expect(warningsText(draft.content.warnings)).toMatch(/^\*Missing data\* \(2\)\n• Port of entry is missing\n• Importer number is missing\n\*Partner agencies \(PGA\)\* \(1\)\n• line 1: FTC textile labelling$/);
    expect(JSON.stringify(draftBlocks(draft, "https://console.example/"))).toContain("https://console.example/drafts/d-123?version=2");
    expect(JSON.stringify(draftBlocks(draft))).not.toContain("View in console");
  });

  it("approval buttons carry the exact version and content hash; the decided card has none", () => {
    const blocks = approvalCardBlocks(draft, "slack:U1");
    const actions = blocks.find((b) => b.type === "actions") as { elements: Array<{ value?: string }> };
    expect(parseCardRef(actions.elements[0]!.value)).toEqual({ draftId: "d-123", version: 2, contentHash: "abcdef0123456789abcdef" });
    expect(parseCardRef("not json")).toBeNull();
    expect(blocksText(blocks)).toContain("`abcdef012345`");
    const decided = decidedCardBlocks(draft, { decision: "rejected", by: "UB", at: "2026-11-21T12:00:00Z", reason: "no <port>" });
    expect(decided.some((b) => b.type === "actions")).toBe(false);
    expect(blocksText(decided)).toContain("Rejected by <@UB> at 2026-11-21T12:00:00Z\nReason: no &lt;port&gt;");
  });

  it("the duty table puts chapter 99 lines under their line", () => {
    const table = dutyTable({
      lines: [
        {
          index: 0, hts: "6110.20.2079", origin: "CN", value: "12000.00",
          components: [{ kind: "mfn", rate: "16.5%", amount: "1980.00" }, { kind: "chapter99", rate: "7.5%", amount: "900.00" }],
          chapter99: [{ heading: "9903.88.15", rate: "7.5%", amount: "900.00", program: "Section 301" }],
          needsManualRate: false, needsReview: false,
        },
      ],
    } as never);
    const rows = table.split("\n");
    expect(rows[1]).toMatch(/^1\s+6110\.20\.2079\s+CN\s+\$12,000\.00\s+16\.5%\s+\$1,980\.00$/);
    expect(rows[2]).toMatch(/^\s+\+ 9903\.88\.15\s+Section 301\s+7\.5%\s+\$900\.00$/);
  });
});

describe("/tollgate parsing and thread ids", () => {
  it("parses duty with quantities and options", () => {
    expect(parseSlashCommand("duty 6110.20.2079 cn $12,000 12:doz program=kr date=2026-11-21 mode=vessel")).toEqual({
      kind: "duty",
      input: { lines: [{ hts: "6110.20.2079", origin: "CN", value: "12000", qty: "12:doz", program: "KR" }], entryDate: "2026-11-21", mode: "vessel" },
    });
    expect(() => parseSlashCommand("duty 6110.20.2079")).toThrow(/duty needs/);
    expect(() => parseSlashCommand("duty 6110.20.2079 CN 10 mode=boat")).toThrow(/mode must be/);
    expect(parseSlashCommand("classify cotton socks origin=pk")).toEqual({ kind: "classify", description: "cotton socks", origin: "PK" });
    expect(parseSlashCommand("")).toEqual({ kind: "help" });
    expect(() => parseSlashCommand("approve d-1")).toThrow(/Unknown command/);
  });

  it("round-trips thread ids and refuses others", () => {
    const t = { team: "T1", channel: "C1", threadTs: "1764800000.000100" };
    expect(parseSlackThreadId(slackThreadId(t))).toEqual(t);
    expect(() => parseSlackThreadId("t-123")).toThrow(/not a Slack thread id/);
  });
});
