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
  /** stdin and stdout are both a terminal: keys can be read one by one and the line edited. */
  readonly lineEditing?: boolean;
  /** stdout's width now, when it is a terminal (it may be resized). */
  readonly columns?: () => number | undefined;
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
    lineEditing: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    columns: () => (process.stdout.isTTY ? process.stdout.columns : undefined),
  };
}
