/**
 * `tollgate users add|list|disable|enable|passwd`: the people who sign in to the console and, with
 * role broker, approve filings on every channel their identities are linked to. The password is read
 * from standard input (without echo on a terminal), never from the command line.
 */
import { parseArgs } from "node:util";
import { InputError } from "../../../errors.ts";
import { UserService } from "../../../server/users.ts";
import { openStore, type UserRecord } from "../../../store/index.ts";
import type { CliCommand, CliContext } from "../io.ts";

const USAGE = [
  "tollgate users add <name> --role broker|clerk|compliance|admin [--display-name \"Ana Ruiz\"] [--email a@b]... [--slack U123]...",
  "    (reads the password from standard input: echo \"$PW\" | tollgate users add ana --role broker)",
  "tollgate users list [--json]",
  "tollgate users disable <name>",
  "tollgate users enable <name>",
  "tollgate users passwd <name>   (new password from standard input)",
].join("\n");

async function readPassword(ctx: CliContext, prompt: string): Promise<string> {
  if (!ctx.io.readSecret) throw new InputError("No standard input to read the password from.", "usage");
  const pw = (await ctx.io.readSecret(prompt)).replace(/\r?\n$/, "");
  if (pw === "") throw new InputError("No password given on standard input.", "password_missing");
  return pw;
}

function row(u: UserRecord): string {
  return `${u.name.padEnd(16)} ${u.role.padEnd(11)} ${u.disabled ? "disabled" : "active  "} ${u.displayName}${u.identities.length ? `  [${u.identities.join(", ")}]` : ""}`;
}

const command: CliCommand = {
  summary: "Add, list, disable and enable users (console sign-in; role broker approves filings).",
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        role: { type: "string" },
        "display-name": { type: "string" },
        email: { type: "string", multiple: true },
        slack: { type: "string", multiple: true },
        json: { type: "boolean" },
      },
    });
    const [sub, name] = positionals;
    if (!sub) throw new InputError(`Give a subcommand.\nUsage:\n${USAGE}`, "usage");
    const needName = (): string => {
      if (!name) throw new InputError(`Give the user name.\nUsage:\n${USAGE}`, "usage");
      return name;
    };
    if (!["add", "list", "disable", "enable", "passwd"].includes(sub)) throw new InputError(`Unknown users subcommand "${sub}".\nUsage:\n${USAGE}`, "usage");
    if (sub === "add" && !values.role) throw new InputError(`Give the role with --role.\nUsage:\n${USAGE}`, "usage");
    const store = await openStore(ctx.config);
    try {
      const users = new UserService(store);
      switch (sub) {
        case "add": {
          const userName = needName();
          const password = await readPassword(ctx, `Password for ${userName}: `);
          const u = await users.addUser({ name: userName, role: values.role!, password, displayName: values["display-name"], email: values.email, slack: values.slack });
          ctx.io.stdout(`Added ${u.role} ${u.name}${u.identities.length ? ` (${u.identities.join(", ")})` : ""}. Sign in to the console as ${u.name}.`);
          return 0;
        }
        case "list": {
          const all = await store.users.list();
          if (values.json) ctx.io.stdout(JSON.stringify(all, null, 2));
          else ctx.io.stdout(all.length === 0 ? "No users. Add one with: tollgate users add <name> --role broker" : all.map(row).join("\n"));
          return 0;
        }
        case "disable":
        case "enable": {
          const u = await store.users.setDisabled(needName(), sub === "disable");
          ctx.io.stdout(`${sub === "disable" ? "Disabled" : "Enabled"} ${u.name}${sub === "disable" ? " (sessions ended; approvals not yet filed no longer count)" : ""}.`);
          return 0;
        }
        default: {
          const userName = needName();
          await users.setPassword(userName, await readPassword(ctx, `New password for ${userName}: `));
          ctx.io.stdout(`Password of ${userName} changed; their sessions were ended.`);
          return 0;
        }
      }
    } finally {
      await store.close();
    }
  },
};

export default command;
