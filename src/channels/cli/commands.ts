/**
 * The CLI's command table. Modules are imported lazily so `tollgate duty` does not pay for loading
 * the rulings index, and so on. Each module's default export is a `CliCommand`.
 */
import type { CliCommand } from "./io.ts";

export const COMMANDS: Record<string, () => Promise<{ default: CliCommand }>> = {
  extract: () => import("./commands/extract.ts"),
  index: () => import("./commands/index.ts"),
  "search-tariff": () => import("./commands/search-tariff.ts"),
  "search-rulings": () => import("./commands/search-rulings.ts"),
  classify: () => import("./commands/classify.ts"),
  ask: () => import("./commands/ask.ts"),
  chat: () => import("./commands/chat.ts"),
  duty: () => import("./commands/duty.ts"),
  drafts: () => import("./commands/drafts.ts"),
  audit: () => import("./commands/audit.ts"),
  users: () => import("./commands/users.ts"),
  tokens: () => import("./commands/tokens.ts"),
  serve: () => import("./commands/serve.ts"),
  mcp: () => import("./commands/mcp.ts"),
  rulings: () => import("./commands/rulings.ts"),
};
