import { cleanInput } from '../input.js';
import { ask } from './ask.js';
import type { Command } from './command.js';
import { help } from './help.js';
import { quiz } from './quiz.js';
import { missing, report } from './report.js';
import { run } from './run.js';

/** Every command, listed explicitly. The first word of the text picks one; anything else is a question. */
export const COMMANDS: readonly Command[] = [
  help,
  quiz,
  run,
  report,
  missing,
];

export function findCommand(text: string): { command: Command; args: string } {
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text);
  const word = match?.[1]?.toLowerCase() ?? '';
  const command = COMMANDS.find((c) => c.name === word);
  if (command) return { command, args: (match?.[2] ?? '').trim() };
  return { command: ask, args: text };
}

/** A command named by the platform itself; unknown names are questions. */
export function commandNamed(name: string): Command {
  return COMMANDS.find((c) => c.name === name) ?? ask;
}

/**
 * A typed line (the terminal, a mention): "/docker run …" and "run …" alike.
 * A bare "docker exec" is a question about docker exec. Adapters use it too,
 * to say what is happening while a slow command (a sandbox run) works.
 */
export function routeLine(text: string): { command: Command; args: string } {
  return findCommand(cleanInput(text).replace(/^\/docker\b\s*/i, ''));
}
