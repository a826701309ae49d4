/**
 * HTML from TypeScript: a tagged template that escapes every interpolated value unless it is
 * already `SafeHtml` (the result of another `html` template), so page code cannot forget to escape
 * text that came from a document, a chat message or a ruling.
 */

/** Markup that is already escaped and may be inserted as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A value a template accepts: text (escaped), markup, numbers, nothing, or lists of these. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/** The template tag: `html\`<p>${userText}</p>\``. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Trusted markup written by this module's own code (never pass outside text). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** A `?a=1&b=2` query string with encoded values (empty values left out). */
export function query(params: Record<string, string | number | undefined | null>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : "";
}

/**
 * Plain text with light markdown (as the agent writes it) to markup: paragraphs and line breaks,
 * `**bold**` and `code`; everything else stays escaped text.
 */
export function textToHtml(text: string): SafeHtml {
  const inline = (s: string) =>
    escapeHtml(s)
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/`([^`]+)`/g, "<code>$1</code>");
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${p.split("\n").map(inline).join("<br>")}</p>`);
  return new SafeHtml(paragraphs.join(""));
}
