/**
 * Text for Slack: the agent writes plain text with light markdown; Slack's mrkdwn differs (single
 * `*` for bold, `<url|label>` links, `&`, `<`, `>` escaped), and a section holds at most 3,000
 * characters. Everything shown in Slack passes through here, so user-supplied text cannot ping
 * `@channel` or forge a link.
 */
import type { KnownBlock } from "./kit.ts";

/** Slack's limit on one section's text. */
const SECTION_LIMIT = 3000;
/** Slack's limit on a message's blocks. */
export const MAX_BLOCKS = 50;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A link in mrkdwn; the label is escaped and may not contain `|`. */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|\s]/g, encodeURIComponent)}|${escapeMrkdwn(label).replace(/\|/g, "/")}>`;
}

/** Converts the agent's light markdown (bold, headings, links, code) to Slack mrkdwn. */
export function toMrkdwn(markdown: string): string {
  const links: string[] = [];
  // Links first, so their URLs are not escaped or re-styled.
  const withoutLinks = markdown.replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_, label: string, url: string) => {
    links.push(link(url, label));
    return `\uE000${links.length - 1}\uE000`;
  });
  return escapeMrkdwn(withoutLinks)
    .replace(/^#{1,6}\s+(.+)$/gm, "*$1*")
    .replace(/\*\*([^*\n]+)\*\*/g, "*$1*")
    .replace(/__([^_\n]+)__/g, "*$1*")
    .replace(/\uE000(\d+)\uE000/g, (_, i: string) => links[Number(i)]!);
}

/** Splits text at line breaks into pieces of at most `limit` characters. */
export function chunk(text: string, limit = SECTION_LIMIT): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const pieces = line.length > limit ? (line.match(new RegExp(`.{1,${limit}}`, "gs")) ?? [line]) : [line];
    for (const piece of pieces) {
      if (current !== "" && current.length + 1 + piece.length > limit) {
        out.push(current);
        current = piece;
      } else {
        current = current === "" ? piece : `${current}\n${piece}`;
      }
    }
  }
  if (current.trim() !== "") out.push(current);
  return out;
}

/** Section blocks for a markdown text. */
export function textBlocks(markdown: string): KnownBlock[] {
  return chunk(toMrkdwn(markdown)).map((text) => ({ type: "section", text: { type: "mrkdwn", text } }));
}

/** A small grey line of context. */
export function contextBlock(mrkdwn: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: mrkdwn.slice(0, SECTION_LIMIT) }] };
}

/** A header block (plain text, at most 150 characters). */
export function headerBlock(text: string): KnownBlock {
  return { type: "header", text: { type: "plain_text", text: text.slice(0, 150), emoji: true } };
}

/** Money as `$1,234.56` from a decimal string (kept exact: only digit grouping is added). */
export function usd(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  const negative = amount.startsWith("-");
  const [whole, frac] = (negative ? amount.slice(1) : amount).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}$${grouped}${frac !== undefined ? `.${frac}` : ""}`;
}

/** Keeps a message within Slack's block limit, saying how much was left out. */
export function capBlocks(blocks: KnownBlock[]): KnownBlock[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  return [...blocks.slice(0, MAX_BLOCKS - 1), contextBlock(`_${blocks.length - MAX_BLOCKS + 1} more blocks left out; ask for the details in the thread._`)];
}
