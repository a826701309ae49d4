/** Input/output of one CLI invocation, passed in so tests can capture what a command prints. */
import { createInterface } from "node:readline";
import type { Config } from "../../config.ts";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for piped batch input); undefined when there is none. */
  readStdin?: () => Promise<string>;
  /** Reads one secret line (a password): without echo on a terminal, else the first line of standard input. */
  readSecret?: (prompt: string) => Promise<string>;
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
  readSecret: async (prompt) => {
    if (!process.stdin.isTTY) {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return (Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "");
    }
    // On a terminal: prompt on stderr and do not echo what is typed.
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
    let prompted = false;
    out._writeToOutput = (s: string) => {
      if (!prompted) {
        prompted = true;
        process.stderr.write(s);
      }
    };
    try {
      return await new Promise<string>((resolve) => rl.question(prompt, resolve));
    } finally {
      rl.close();
      process.stderr.write("\n");
    }
  },
};
