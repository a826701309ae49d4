/**
 * Agent assembly: langchain's `createAgent` with every tool, the system prompt, the thread
 * checkpointer and human-in-the-loop middleware that pauses every `file_declaration` call until a
 * licensed broker decides. The pause is resumed only by the approval service (see resume.ts); the
 * filing tool itself checks the store for a hash-bound approval as a second, independent guard.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { createAgent, createMiddleware, humanInTheLoopMiddleware } from "langchain";

/** Name of the tool that files an entry: the one action that needs a broker's approval. */
export const FILING_TOOL = "file_declaration";

/** What the agent is built from. */
export interface AgentParts {
  model: BaseChatModel;
  tools: StructuredToolInterface[];
  systemPrompt: string;
  checkpointer: BaseCheckpointSaver;
}

/** Runtime context every turn passes to the tools: who is talking, in which thread. */
export interface TurnContext {
  threadId: string;
  actor: { channel: string; identity: string };
}

/**
 * Lets system failures propagate. Tools return the failures a user can fix as text themselves, so
 * anything a tool throws is a system failure (database down, data missing) that must reach the
 * caller rather than be shown to the model as "please fix your mistakes". With a `wrapToolCall`
 * middleware present, the agent's tool node re-raises tool errors, except invalid tool arguments,
 * which still go back to the model so it can correct them.
 */
const propagateSystemErrors = createMiddleware({
  name: "PropagateSystemErrors",
  wrapToolCall: async (request, handler) => handler(request),
});

/** Builds the agent. */
export function buildAgent(parts: AgentParts) {
  return createAgent({
    model: parts.model,
    tools: parts.tools,
    systemPrompt: parts.systemPrompt,
    checkpointer: parts.checkpointer,
    middleware: [
      propagateSystemErrors,
      humanInTheLoopMiddleware({
        interruptOn: {
          [FILING_TOOL]: {
            // No "edit": a broker who wants changes edits the draft, which makes a new version
            // that needs its own approval.
            allowedDecisions: ["approve", "reject"],
            description: (call) =>
              `Filing of draft ${String(call.args.draftId)} version ${String(call.args.version)} needs a licensed broker's approval.`,
          },
        },
      }),
    ],
  });
}

/** The assembled agent type. */
export type TollgateAgent = ReturnType<typeof buildAgent>;
