import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Bot } from '../../src/bot.js';
import type { Actor } from '../../src/events.js';
import type { Reply } from '../../src/reply.js';
import { renderReply } from './render-terminal.js';

/**
 * The default adapter: a prompt in the terminal, no tokens needed. Lines are
 * questions or `/docker ...` commands; a number presses a button from the
 * last replies. Works the same when stdin is a pipe (no prompt is shown).
 */
export interface TerminalOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly color: boolean;
  /** Show a prompt and a greeting (an interactive terminal). */
  readonly interactive: boolean;
  readonly user: Actor;
}

const PROMPT = 'docker> ';

export async function runTerminal(bot: Bot, options: TerminalOptions): Promise<void> {
  const { output } = options;
  const rl = createInterface({ input: options.input, terminal: false, crlfDelay: Infinity });
  const write = (text: string): void => {
    output.write(`${text}\n`);
  };
  const prompt = (): void => {
    if (options.interactive) output.write(PROMPT);
  };
  if (options.interactive) {
    write('Wharfie: ask a Docker question, or type /docker help. A number presses a button; Ctrl-D quits.');
  }
  let buttons: string[] = [];
  const base = { platform: 'terminal' as const, user: options.user, channel: { id: 'terminal', kind: 'terminal' as const } };
  const show = (replies: readonly Reply[]): void => {
    buttons = [];
    for (const reply of replies) {
      write(renderReply(reply, { color: options.color }, buttons.length + 1));
      buttons.push(...reply.buttons.map((b) => b.action));
      write('');
    }
  };

  prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === 'exit' || text === 'quit') break;
    if (text !== '') {
      const pressed = /^#?(\d{1,2})$/.exec(text);
      const action = pressed ? buttons[Number(pressed[1]) - 1] : undefined;
      show(action ? await bot.handleAction({ ...base, action }) : await bot.handleCommand({ ...base, text }));
    }
    prompt();
  }
  rl.close();
}
