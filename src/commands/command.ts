import type { BotDeps } from '../bot-deps.js';
import type { CommandEvent } from '../events.js';
import type { Reply } from '../reply.js';

export interface CommandContext {
  readonly event: CommandEvent;
  /** The text after the command word, cleaned. */
  readonly args: string;
  readonly deps: BotDeps;
}

/** A command is data plus one function. */
export interface Command {
  readonly name: string;
  /** How to call it, shown in help: `/docker quiz [me|leaderboard]`. */
  readonly usage: string;
  readonly summary: string;
  run(context: CommandContext): Promise<readonly Reply[]>;
}
