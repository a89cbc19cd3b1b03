import { readFileSync, writeFileSync } from 'node:fs';

/** Lines kept between runs: as many as a shell keeps by default (bash's HISTSIZE is 500). */
export const HISTORY_SIZE = 500;

/**
 * The prompt's history in a file, one line an entry, newest first (readline's
 * order, as Node's REPL keeps `.node_repl_history`). Questions can be private:
 * the file is readable by its owner only.
 */
export class HistoryFile {
  private warned = false;

  constructor(
    private readonly file: string,
    private readonly onError: (message: string) => void,
  ) {}

  /** What was typed in earlier runs; nothing if the file is not there yet. */
  load(): string[] {
    try {
      return readFileSync(this.file, 'utf8').split('\n').filter((line) => line.trim() !== '').slice(0, HISTORY_SIZE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(error);
      return [];
    }
  }

  save(history: readonly string[]): void {
    try {
      writeFileSync(this.file, `${history.slice(0, HISTORY_SIZE).join('\n')}\n`, { mode: 0o600 });
    } catch (error) {
      this.warn(error);
    }
  }

  /** A history that cannot be kept is worth one line, not a broken prompt. */
  private warn(error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.onError(`history is not kept: ${(error as Error).message}`);
  }
}
