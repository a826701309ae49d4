/**
 * The offline model: a deterministic LangChain chat model with tool calling, used when no LLM is
 * configured. It reads the conversation, recognises what the user asks for, calls the tools with
 * the arguments found in the user's words, and writes the answer from the tool results. It holds no
 * per-thread state: everything it needs is in the messages the agent passes it.
 */
import { BaseChatModel, type BaseChatModelParams, type BindToolsInput } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { CountryIndex } from "../../domain/countries.ts";
import type { Program } from "../../domain/programs.ts";
import { writeAnswer } from "./answers.ts";
import type { CodeCheck } from "./document-formats.ts";
import { plan } from "./planner.ts";

/** What the offline model reads besides the messages. */
export interface OfflineModelDeps {
  countries: CountryIndex;
  knowledgeDir: string;
  /** Special programs (for claims such as "under USMCA"); without them no claim is read. */
  programs?: ReadonlyMap<string, Program>;
  /** Checks codes printed on documents against the loaded schedule before they are repeated. */
  checkCode?: CodeCheck;
}

/** Argument names a bound tool accepts (empty set: unknown, pass everything). */
function argNames(tool: BindToolsInput): Set<string> {
  const t = tool as { schema?: unknown; function?: { parameters?: unknown }; parameters?: unknown };
  const schema = (t.schema ?? t.function?.parameters ?? t.parameters) as
    | { shape?: Record<string, unknown>; properties?: Record<string, unknown> }
    | undefined;
  const keys = schema?.shape ?? schema?.properties;
  return new Set(keys ? Object.keys(keys) : []);
}

function nameOf(tool: BindToolsInput): string | undefined {
  const t = tool as { name?: unknown; function?: { name?: unknown } };
  const name = t.name ?? t.function?.name;
  return typeof name === "string" ? name : undefined;
}

/** A deterministic tool-calling chat model for offline use. */
export class OfflineChatModel extends BaseChatModel {
  readonly #deps: OfflineModelDeps;
  readonly #tools: Map<string, Set<string>>;

  constructor(deps: OfflineModelDeps, tools: Map<string, Set<string>> = new Map(), params: BaseChatModelParams = {}) {
    super(params);
    this.#deps = deps;
    this.#tools = tools;
  }

  _llmType(): string {
    return "tollgate-offline";
  }

  /** Names of the tools this instance may call. */
  get toolNames(): string[] {
    return [...this.#tools.keys()];
  }

  override bindTools(tools: BindToolsInput[]): OfflineChatModel {
    const map = new Map(this.#tools);
    for (const tool of tools) {
      const name = nameOf(tool);
      if (name) map.set(name, argNames(tool));
    }
    return new OfflineChatModel(this.#deps, map);
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const step = plan(messages, { ...this.#deps, tools: this.#tools });
    let message: AIMessage;
    if (step.kind === "call") {
      // Ids only need to be unique within the thread; the message count makes them so and keeps
      // runs reproducible.
      message = new AIMessage({
        content: "",
        tool_calls: step.calls.map((c, i) => ({ id: `call_${messages.length}_${i}`, name: c.name, args: c.args, type: "tool_call" as const })),
      });
    } else {
      const answer = step.note && step.conversation.current.length === 0 ? step.note : writeAnswer(step.intent, step.conversation, step.args, this.#deps.checkCode);
      message = new AIMessage(step.note && step.conversation.current.length > 0 ? `${answer}\n\n${step.note}` : answer);
    }
    return { generations: [{ text: typeof message.content === "string" ? message.content : "", message }] };
  }
}
