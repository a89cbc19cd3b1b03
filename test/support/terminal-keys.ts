import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import type { Bot } from '../../src/bot.js';
import { startTerminal, type TerminalOptions, type TerminalSession } from '../../adapters/terminal/terminal-adapter.js';

/** Keys as a terminal sends them in raw mode. */
export const KEY = {
  enter: '\r',
  ctrlC: '\u0003',
  ctrlD: '\u0004',
  ctrlL: '\u000c',
  tab: '\t',
  up: '\u001b[A',
} as const;

/**
 * A screen and a keyboard over streams: the real terminal adapter, with line
 * editing on as at a real terminal (readline needs no TTY to read keys).
 * `see` waits for text to appear after what was seen last, with a deadline.
 */
export class Screen {
  /** Everything written, escape sequences included. */
  raw = '';
  /** How far `see` has read, in `text`. */
  private seenTo = 0;
  private readonly changed = new Set<() => void>();

  constructor(output: PassThrough) {
    output.setEncoding('utf8').on('data', (chunk: string) => {
      this.raw += chunk;
      for (const wake of this.changed) wake();
    });
  }

  /** What a user reads: escape sequences removed. */
  get text(): string {
    return stripVTControlCharacters(this.raw);
  }

  /** Waits until `wanted` shows after the last thing seen; returns the text up to and including it. */
  see(wanted: string | RegExp, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const fresh = this.text.slice(this.seenTo);
        const match = typeof wanted === 'string' ? (fresh.includes(wanted) ? { index: fresh.indexOf(wanted), 0: wanted } : null) : wanted.exec(fresh);
        if (!match) return false;
        const upTo = match.index + match[0].length;
        this.seenTo += upTo;
        resolve(fresh.slice(0, upTo));
        return true;
      };
      if (check()) return;
      const wake = (): void => {
        if (check()) finish();
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`did not see ${String(wanted)} on the screen:\n${this.text.slice(-2000)}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.changed.delete(wake);
      };
      this.changed.add(wake);
    });
  }
}

export interface KeyboardSession {
  readonly screen: Screen;
  readonly session: TerminalSession;
  /** The terminal itself: what another writer (stderr) puts there shows between the prompt's lines. */
  readonly output: PassThrough;
  type(...keys: string[]): void;
  /** End of input, as a closed pipe. */
  end(): void;
}

export function terminalAt(bot: Bot, options: Partial<Omit<TerminalOptions, 'input' | 'output'>> = {}): KeyboardSession {
  const input = new PassThrough();
  const output = new PassThrough();
  const screen = new Screen(output);
  const session = startTerminal(bot, {
    input,
    output,
    color: false,
    interactive: true,
    lineEditing: true,
    user: { id: 'me', name: 'me', isAdmin: true },
    ...options,
  });
  return {
    screen,
    session,
    output,
    type: (...keys) => {
      for (const key of keys) input.write(key);
    },
    end: () => input.end(),
  };
}
