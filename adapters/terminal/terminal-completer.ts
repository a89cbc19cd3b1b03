import { COMMANDS } from '../../src/commands/index.js';

/** What the terminal's own words are: not commands of the core, but typed at the same prompt. */
const PROMPT_WORDS = ['exit'];

/**
 * The commands, as typed (`quiz`, `quiz me`, …), from the core's list: a
 * usage `/docker quiz [me|leaderboard]` gives `quiz`, `quiz me`, `quiz leaderboard`.
 */
export function commandWords(): string[] {
  return COMMANDS.flatMap((command) => {
    const choices = /^\/docker \S+ \[([a-z|]+)\]/.exec(command.usage)?.[1]?.split('|') ?? [];
    return [command.name, ...choices.map((choice) => `${command.name} ${choice}`)];
  });
}

/**
 * Tab completion for readline: the whole line against the commands (with or
 * without `/docker `) and topic names; failing that, the last word against
 * the words of topic names, so `how do vol<Tab>` finds `volumes`.
 */
export function terminalCompleter(topics: () => Iterable<string>): (line: string) => [string[], string] {
  return (line) => {
    const prefix = /^\/docker\s+/i.exec(line)?.[0] ?? '';
    const typed = line.slice(prefix.length).toLowerCase();
    const names = [...commandWords(), ...new Set([...topics()].map((t) => t.toLowerCase()))];
    const whole = [...(prefix ? [] : PROMPT_WORDS), ...names].filter((name) => name.startsWith(typed) && name !== typed);
    if (whole.length > 0 || typed === '') return [whole.map((name) => prefix + name), line];
    const word = /\S+$/.exec(line)?.[0] ?? '';
    if (word === '') return [[], line];
    const lower = word.toLowerCase();
    const words = new Set([...topics()].flatMap((t) => t.toLowerCase().split(/[^a-z0-9-]+/)).filter((w) => w.length > lower.length && w.startsWith(lower)));
    return [[...words].sort(), word];
  };
}
