import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import pc from 'picocolors';
import { decodeAction } from '../../src/actions.js';
import type { Bot } from '../../src/bot.js';
import { routeLine } from '../../src/commands/index.js';
import type { Actor } from '../../src/events.js';
import { notice, type Reply } from '../../src/reply.js';
import { renderReply, wrapText } from './render-terminal.js';
import { TerminalButtons, type ShownReply } from './terminal-buttons.js';
import { terminalCompleter } from './terminal-completer.js';
import { HISTORY_SIZE, HistoryFile } from './terminal-history.js';

/**
 * The default adapter: a prompt in the terminal, no tokens needed. Lines are
 * questions or `/docker ...` commands; a number presses a button from the
 * last replies, a letter answers the open quiz question. At a real terminal it
 * edits like Node's REPL (node:readline): arrows, history kept in a file,
 * Ctrl-L, Tab completion, Ctrl-C that clears the line and, on an empty line,
 * quits. From a pipe it reads line by line and shows no prompt.
 */
export interface TerminalOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly color: boolean;
  /** Show a prompt and a greeting (stdin is a terminal). */
  readonly interactive: boolean;
  /** Line editing: input and output are both a terminal (keys arrive one by one, escapes are understood). */
  readonly lineEditing?: boolean;
  /** Where history is kept between runs (with line editing); none: history lasts for this run. */
  readonly historyFile?: string;
  /** Topic names, for Tab completion. */
  readonly topics?: () => Iterable<string>;
  /** The terminal's width now (it may be resized); none: lines are left whole. */
  readonly columns?: () => number | undefined;
  readonly user: Actor;
}

export interface TerminalSession {
  /** A reply from elsewhere (a scheduled quiz question): shown above the prompt, its buttons usable. Throws once the session has closed. */
  post(reply: Reply): void;
  /**
   * Something written elsewhere (a log line on stderr) while the prompt may be
   * showing: the prompt line is cleared first and put back after, with what was
   * being typed, so the two never run together.
   */
  aside(show: () => void): void;
  /** Stops reading; resolves once the line in progress has been answered. Nothing is read after. */
  close(): Promise<void>;
  /** Resolves when the session has ended: `exit`, Ctrl-D, Ctrl-C on an empty line, end of input or `close()`. */
  readonly done: Promise<void>;
}

const PROMPT = 'docker> ';
export const GREETING = [
  'Wharfie: ask a Docker question, or type /docker help.',
  'A number presses a button, A–D answers the quiz, Tab completes; exit or Ctrl-D quits.',
].join('\n');

/** How often the "running in the sandbox" line counts the seconds. */
const PROGRESS_TICK_MS = 1_000;

export function startTerminal(bot: Bot, options: TerminalOptions): TerminalSession {
  const { output, interactive } = options;
  const editing = options.lineEditing === true;
  const dim = pc.createColors(options.color).dim;
  const write = (text: string): void => {
    output.write(`${text}\n`);
  };
  const history = editing && options.historyFile ? new HistoryFile(options.historyFile, (message) => write(dim(message))) : null;
  const rl = createInterface({
    input: options.input,
    crlfDelay: Infinity,
    ...(editing
      ? {
          output,
          terminal: true,
          prompt: PROMPT,
          history: history?.load() ?? [],
          historySize: HISTORY_SIZE,
          removeHistoryDuplicates: true,
          completer: terminalCompleter(options.topics ?? (() => [])),
        }
      : { terminal: false }),
  });
  if (history) rl.on('history', (lines: string[]) => history.save(lines));

  const buttons = new TerminalButtons();
  const base = { platform: 'terminal' as const, user: options.user, channel: { id: 'terminal', kind: 'terminal' as const } };
  /** The cursor is after a prompt the user has not answered: output must start on a line of its own. */
  let atPrompt = false;
  let busy = false;
  let closing = false;

  const prompt = (): void => {
    if (closing) return;
    atPrompt = true;
    if (editing) rl.prompt();
    else if (interactive) output.write(PROMPT);
  };
  const style = () => {
    const width = options.columns?.();
    return width ? { color: options.color, width } : { color: options.color };
  };
  const print = (shown: ShownReply): void => {
    write(renderReply(shown.reply, style(), shown.firstNumber));
    if (shown.letters.length > 0) write(dim(`Type ${shown.letters[0]}–${shown.letters.at(-1)} to answer.`));
    write('');
  };
  const stop = (): void => {
    if (closing) return;
    closing = true;
    rl.close();
  };

  // A reader that went away (`wharfie start | head`) ends the session instead of crashing the bot.
  output.on('error', () => stop());

  rl.on('close', () => {
    closing = true;
    // Ctrl-D or Ctrl-C at the prompt: end the line, so the shell's prompt starts on its own.
    if (interactive && atPrompt) output.write('\n');
    atPrompt = false;
  });
  // Only with line editing: the keys arrive raw, so Ctrl-C comes here and not as a signal.
  rl.on('SIGINT', () => {
    if (rl.line !== '' && !busy) {
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      return;
    }
    if (busy) write(dim('(quitting once this finishes)'));
    stop();
  });

  const progress = (what: string): (() => void) => {
    if (!interactive) return () => undefined;
    const started = Date.now();
    if (!editing) {
      write(dim(`${what}…`));
      return () => undefined;
    }
    output.write(dim(`${what}…`));
    const timer = setInterval(() => output.write(`\r\x1b[K${dim(`${what}… ${Math.round((Date.now() - started) / 1000)}s`)}`), PROGRESS_TICK_MS);
    return () => {
      clearInterval(timer);
      output.write('\r\x1b[K');
    };
  };

  const answer = async (text: string): Promise<void> => {
    const press = buttons.press(text);
    if (press && 'missing' in press) {
      // Saying so changes nothing on screen: the buttons stay pressable.
      print({ reply: notice(press.missing), firstNumber: 1, letters: [] });
      return;
    }
    const sandboxRun = press ? decodeAction(press.action)?.type === 'run-again' : routeLine(text).command.name === 'run';
    const done = sandboxRun ? progress('running in the sandbox') : () => undefined;
    let replies: readonly Reply[];
    try {
      replies = press ? await bot.handleAction({ ...base, action: press.action }) : await bot.handleCommand({ ...base, text });
    } finally {
      done();
    }
    for (const shown of buttons.shown(replies)) print(shown);
  };

  const done = (async () => {
    if (interactive) write(wrapText(GREETING, options.columns?.()));
    prompt();
    for await (const line of rl) {
      atPrompt = false;
      if (closing) break;
      const text = line.trim();
      if (text === 'exit' || text === 'quit') break;
      if (text !== '') {
        busy = true;
        try {
          await answer(text);
        } finally {
          busy = false;
        }
      }
      prompt();
    }
    stop();
  })();

  return {
    post(reply) {
      // Not shown is not delivered: the quiz scheduler must not count it as posted.
      if (closing) throw new Error('the terminal prompt has closed');
      const shown = buttons.posted(reply);
      const overPrompt = interactive && atPrompt;
      if (overPrompt) output.write(editing ? '\r\x1b[K' : '\n');
      print(shown);
      // Put the prompt back with what was being typed.
      if (overPrompt) {
        if (editing) rl.prompt(true);
        else output.write(PROMPT);
      }
    },
    aside(show) {
      const overPrompt = interactive && atPrompt && !closing;
      if (overPrompt) output.write(editing ? '\r\x1b[K' : '\n');
      show();
      if (overPrompt) {
        if (editing) rl.prompt(true);
        else output.write(PROMPT);
      }
    },
    async close() {
      stop();
      await done;
    },
    done,
  };
}

/** A whole session: resolves when it ends. */
export function runTerminal(bot: Bot, options: TerminalOptions): Promise<void> {
  return startTerminal(bot, options).done;
}
