/**
 * `tollgate tokens create --user <name> [--label "ci"]`: an API token for scripts
 * (`Authorization: Bearer <token>`). It is printed once; only its SHA-256 is stored.
 */
import { parseArgs } from "node:util";
import { InputError } from "../../../errors.ts";
import { UserService } from "../../../server/users.ts";
import { openStore } from "../../../store/index.ts";
import type { CliCommand } from "../io.ts";

const USAGE = 'tollgate tokens create --user <name> [--label "<what it is for>"]\ntollgate tokens list --user <name>';

const command: CliCommand = {
  summary: "Create API tokens for scripts (printed once; Authorization: Bearer <token>).",
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { user: { type: "string" }, label: { type: "string" } } });
    const [sub] = positionals;
    if (sub !== "create" && sub !== "list") throw new InputError(`Give a subcommand (create or list).\nUsage:\n${USAGE}`, "usage");
    if (!values.user) throw new InputError(`Give the user with --user <name>.\nUsage:\n${USAGE}`, "usage");
    const store = await openStore(ctx.config);
    try {
      if (sub === "list") {
        const user = await store.users.findByName(values.user);
        if (!user) throw new InputError(`No user named "${values.user}".`, "user_not_found");
        const tokens = await store.sessions.listTokens(user.id);
        ctx.io.stdout(tokens.length === 0 ? `${user.name} has no API tokens.` : tokens.map((t) => `${t.createdAt}  ${t.label ?? "(no label)"}  sha256:${t.tokenHash.slice(0, 12)}…`).join("\n"));
        return 0;
      }
      const { token, user } = await new UserService(store).createApiToken(values.user, values.label);
      ctx.io.stdout(token);
      ctx.io.stderr(`API token for ${user.name} (${user.role}). It is shown only this once; send it as Authorization: Bearer <token>.`);
      return 0;
    } finally {
      await store.close();
    }
  },
};

export default command;
