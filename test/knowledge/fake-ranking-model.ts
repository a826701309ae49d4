/** A fake chat model for re-ranking tests (no network). */
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";

/** Answers every structured-output call with a fixed tool call (or throws, when given an Error), and records prompts. */
export class FakeRankingModel extends BaseChatModel {
  prompts: string[] = [];
  private toolName = "rank_candidates";
  constructor(private readonly answer: unknown) {
    super({});
  }
  _llmType(): string {
    return "fake-ranking";
  }
  override bindTools(tools: Array<{ function?: { name: string } }>): this {
    this.toolName = tools[0]?.function?.name ?? this.toolName;
    return this;
  }
  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.prompts.push(messages.map((m) => String(m.content)).join("\n"));
    if (this.answer instanceof Error) throw this.answer;
    // The base withStructuredOutput parser accepts only message chunks.
    const message = new AIMessageChunk({ content: "", tool_calls: [{ name: this.toolName, args: this.answer as Record<string, unknown>, id: "call_1", type: "tool_call" }] });
    return { generations: [{ text: "", message }] };
  }
}
