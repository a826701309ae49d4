/**
 * CLI dispatcher: `tollgate <command> [args]`. It loads configuration once, finds the command and
 * maps errors to exit codes: 2 for usage and input errors the user can fix, 1 for system failures.
 */
import { loadConfig } from "../../config.ts";
import { describeError, isUserError } from "../../errors.ts";
import { COMMANDS } from "./commands.ts";
import { processIo, type CliIo } from "./io.ts";

/** The performance mark set when `main` starts. */
export const MAIN_MARK = "tollgate:main";

async function help(io: CliIo, name?: string): Promise<number> {
  if (name && COMMANDS[name]) {
    const cmd = (await COMMANDS[name]()).default;
    io.stdout(`${cmd.summary}\n\n${cmd.usage}`);
    return 0;
  }
  const lines = ["Tollgate: an assistant for US customs brokerage.", "", "Usage: tollgate <command> [options]", "", "Commands:"];
  for (const [cmdName, load] of Object.entries(COMMANDS)) {
    const cmd = (await load()).default;
    lines.push(`  ${cmdName.padEnd(16)} ${cmd.summary}`);
  }
  lines.push("", "Run `tollgate help <command>` for a command's options.");
  io.stdout(lines.join("\n"));
  return name ? 2 : 0;
}

/** Runs one CLI invocation and returns its exit code. */
export async function main(argv: string[], io: CliIo = processIo, env?: Record<string, string | undefined>): Promise<number> {
  // Start-up figures (the server's "ready" log) count from here as well as from the process start.
  performance.mark(MAIN_MARK);
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") return help(io, rest[0]);
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`Unknown command "${name}". Run \`tollgate help\` for the list of commands.`);
    return 2;
  }
  let debug = false;
  try {
    const config = loadConfig(env);
    debug = config.logLevel === "debug";
    const cmd = (await load()).default;
    return await cmd.run(rest, { config, io });
  } catch (err) {
    io.stderr(`Error: ${describeError(err)}`);
    if (!isUserError(err) && err instanceof Error && err.stack && debug) io.stderr(err.stack);
    return isUserError(err) ? 2 : 1;
  }
}
