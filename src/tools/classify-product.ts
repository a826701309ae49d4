/**
 * `classify_product` tool: proposes ranked 10-digit HTS codes for a product description, each a
 * line of the loaded schedule with a calibrated confidence, its path, supporting rulings and a short
 * rationale. When confidence is low it says so and lists the facts that would decide. With a chat
 * model in the context (only when one is configured), the top candidates are re-ranked by it
 * (src/knowledge/llm-rerank.ts); without one the offline ranking is returned unchanged.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { tool } from "langchain";
import { z } from "zod";
import { InputError } from "../errors.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { RERANK_POOL, rerankWithLlm, type RerankedClassification } from "../knowledge/llm-rerank.ts";
import { stripCodes } from "../knowledge/text.ts";
import { userErrorsAsText } from "./tool-result.ts";

/** Tool input. */
export const ClassifyProductInput = z.object({
  description: z.string().min(1).describe("What the product is: material, construction, function, use, and for garments knit/woven, fibre content and gender"),
  origin: z.string().optional().describe("Country of origin (ISO alpha-2, e.g. 'CN'); recorded with the result, it does not change the classification"),
  k: z.number().int().min(1).max(20).default(5).describe("How many candidate codes to return (1-20, default 5)"),
});

/** Dependencies of the tool. */
export interface ClassifyProductContext {
  knowledge: KnowledgeBase;
  /** A configured chat model that re-ranks the candidates; absent offline (no re-ranking). */
  rerankModel?: BaseChatModel;
}

/** Tool result: the classification plus a plain-language note for the model. */
export interface ClassifyProductResult extends RerankedClassification {
  note: string;
}

/** Classifies a product. Throws InputError when the description has no words. */
export async function classifyProductTool(input: z.input<typeof ClassifyProductInput>, ctx: ClassifyProductContext): Promise<ClassifyProductResult> {
  const { description, origin, k } = ClassifyProductInput.parse(input);
  if (!/[a-z]{2,}/i.test(stripCodes(description))) {
    throw new InputError("Describe the product in words (what it is, what it is made of, what it is for); a code alone cannot be classified.", "empty_description");
  }
  const classifier = ctx.knowledge.classifier;
  const result: RerankedClassification = ctx.rerankModel
    ? await rerankWithLlm(
        await classifier.classify(description, { k: Math.max(k, RERANK_POOL), origin: origin?.toUpperCase() }),
        { model: ctx.rerankModel, schedule: ctx.knowledge.schedule, lowConfidence: classifier.params.lowConfidence },
        k,
      )
    : await classifier.classify(description, { k, origin: origin?.toUpperCase() });
  const top = result.candidates[0];
  const note = !top
    ? "No candidate was found; ask for a fuller description."
    : result.lowConfidence
      ? `Low confidence (${Math.round(top.confidence * 100)}% for ${top.code}). Ask the user: ${result.questions.join(" ")}`
      : `Top candidate ${top.code} at ${Math.round(top.confidence * 100)}% confidence. A licensed broker confirms the classification before filing.`;
  // Say so when a model reordered the list, so the answer never presents its order as the classifier's evidence.
  const reranked = result.rerankedBy === "llm" ? " Order re-ranked by the language model among the classifier's candidates (llmReason); confidence blends its rank with the calibrated score." : "";
  return { ...result, note: `${note}${reranked}` };
}

/** LangChain wrapper; user-fixable failures are returned as text for the model. */
export function createClassifyProductTool(ctx: ClassifyProductContext) {
  return tool(
    userErrorsAsText("Could not classify the product", async (input: z.infer<typeof ClassifyProductInput>) => JSON.stringify(await classifyProductTool(input, ctx))),
    {
      name: "classify_product",
      description:
        "Propose HTS classifications for a product description: ranked 10-digit codes of the loaded schedule with calibrated confidence, " +
        "path text, supporting CBP rulings and a rationale; when confidence is low, the questions that would decide between candidates. " +
        "Use it whenever the user needs a code for goods and has not given one (or asks whether a code is right).",
      schema: ClassifyProductInput,
    },
  );
}
