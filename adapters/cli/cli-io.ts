import type { Readable, Writable } from 'node:stream';

/** The process's streams and settings, passed in so the CLI runs the same inside a test. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  /** stdin is an interactive terminal. */
  readonly interactive: boolean;
  /** stdout may carry colour. */
  readonly color: boolean;
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    interactive: Boolean(process.stdin.isTTY),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}
