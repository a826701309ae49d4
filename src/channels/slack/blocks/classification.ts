/**
 * Classification candidates as a list: confidence, code, path, the general rate and the rulings
 * that support each one (with their public links), then the facts that would decide when the
 * classifier is unsure. Rendered from the classifier's own result, never re-ranked here.
 */
import type { KnownBlock } from "./kit.ts";
import type { Classification } from "../../../knowledge/classifier.ts";
import type { RulingHit } from "../../../knowledge/search.ts";
import { contextBlock, escapeMrkdwn, headerBlock, link } from "./text.ts";

/** The classifier's result, as the tool returns it and the thread's records keep it. */
export type ClassificationView = Pick<Classification, "revision" | "candidates" | "lowConfidence" | "questions"> & {
  description?: string;
  origin?: string;
  rerankedBy?: string;
};

/** Blocks for one classification result. */
export function classificationBlocks(r: ClassificationView): KnownBlock[] {
  const title = r.description ? `Classification: ${r.description}` : "Classification candidates";
  const blocks: KnownBlock[] = [headerBlock(title)];
  if (r.candidates.length === 0) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: "No candidate found; describe the product more fully (material, function, use)." } });
    return blocks;
  }
  r.candidates.forEach((c, i) => {
    const rulings = c.rulings.slice(0, 3).map((x) => `${link(x.link, x.number)} (${x.date}, ${x.match})`);
    const lines = [
      `*${i + 1}. \`${c.code}\`*  ${Math.round(c.confidence * 100)}%  ·  general ${escapeMrkdwn(c.rates.general || "—")}`,
      escapeMrkdwn(c.pathText),
      ...(rulings.length > 0 ? [`Rulings: ${rulings.join(", ")}`] : []),
    ];
    blocks.push({ type: "section", text: { type: "mrkdwn", text: lines.join("\n").slice(0, 3000) } });
  });
  if (r.lowConfidence && r.questions.length > 0) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Low confidence.* These facts would decide:\n${r.questions.map((q) => `• ${escapeMrkdwn(q)}`).join("\n")}`.slice(0, 3000) } });
  }
  const notes = [`HTSUS ${escapeMrkdwn(r.revision)}`, ...(r.origin ? [`origin ${escapeMrkdwn(r.origin)}`] : [])];
  if (r.rerankedBy) notes.push("order re-ranked by the configured language model");
  notes.push("a licensed customs broker confirms the classification before filing");
  blocks.push(contextBlock(notes.join(" · ")));
  return blocks;
}

/** Blocks for a rulings search: number, date, subject, codes and snippet, each linked. */
export function rulingsBlocks(query: string, hits: readonly RulingHit[], corpusSize: number): KnownBlock[] {
  const blocks: KnownBlock[] = [headerBlock(`Rulings: ${query}`)];
  if (hits.length === 0) blocks.push({ type: "section", text: { type: "mrkdwn", text: "No ruling matched." } });
  for (const h of hits) {
    const codes = h.codes.map((c) => `\`${c.code}\`${c.status === "valid" ? "" : c.current ? ` (now ${c.current})` : " (no longer in the schedule)"}`).join(", ");
    const text = [`*${link(h.link, h.number)}* (${h.date}) ${escapeMrkdwn(h.subject)}`, codes, `_${escapeMrkdwn(h.snippet)}_`].filter((s) => s !== "").join("\n");
    blocks.push({ type: "section", text: { type: "mrkdwn", text: text.slice(0, 3000) } });
  }
  blocks.push(contextBlock(`Searched ${corpusSize} CBP CROSS rulings loaded here; absence of a match proves little.`));
  return blocks;
}
