/** Input/output of one CLI invocation, passed in so tests can capture what a command prints. */
import type { Config } from "../../config.ts";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for piped batch input); undefined when there is none. */
  readStdin?: () => Promise<string>;
}

/** What every command receives. */
export interface CliContext {
  config: Config;
  io: CliIo;
}

/** A CLI command: parses its own arguments and returns the process exit code. */
export interface CliCommand {
  /** One-line summary shown by `tollgate help`. */
  summary: string;
  /** Usage lines shown by `tollgate help <command>` and on argument errors. */
  usage: string;
  run: (args: string[], ctx: CliContext) => Promise<number>;
}

/** The process's own standard streams. */
export const processIo: CliIo = {
  stdout: (text) => {
    process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  },
  stderr: (text) => {
    process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
  },
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
};
