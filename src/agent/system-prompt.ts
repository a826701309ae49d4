/**
 * Loads the agent's system prompt. It lives in one markdown file next to this module so it can be
 * reviewed and changed like any other text, without touching code.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DataError } from "../errors.ts";

const PROMPT_FILE = fileURLToPath(new URL("./system-prompt.md", import.meta.url));

/** The system prompt text (read from disk on every call; callers keep it for the process). */
export function loadSystemPrompt(file: string = PROMPT_FILE): string {
  try {
    const text = readFileSync(file, "utf8").trim();
    if (text === "") throw new Error("the file is empty");
    return text;
  } catch (err) {
    throw new DataError(`Cannot read the agent system prompt ${file}.`, "system_prompt_missing", err);
  }
}
