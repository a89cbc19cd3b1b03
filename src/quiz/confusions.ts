/**
 * Commands a learner mixes up, worth asking against each other when the prompt says precisely
 * which one is meant (the review: "the most instructive distractor is almost never used").
 * Preferred as wrong choices; CONFUSABLE below still rules out the pairs a prompt cannot separate.
 * Data, one reason each.
 */
export const CONFUSIONS: readonly { readonly commands: readonly string[]; readonly reason: string }[] = [
  { commands: ['save', 'export', 'load', 'import'], reason: 'all four move tar archives: images (save, load) or a container\'s filesystem (export, import)' },
  { commands: ['run', 'create', 'start'], reason: '`docker run` is `docker create` then `docker start`' },
  { commands: ['pause', 'stop', 'kill'], reason: 'pause freezes the processes; stop and kill end them' },
  { commands: ['rm', 'rmi', 'prune'], reason: 'rm (rmi) removes the ones you name, prune every unused one' },
  { commands: ['logs', 'attach', 'exec'], reason: 'each gets at what runs in a container: its past output, its live streams, a new process' },
  { commands: ['commit', 'save', 'export'], reason: 'commit makes an image from a container; save and export write tar archives' },
];

/** Whether two different subcommand names sit in one group of a table. */
const inOneGroup =
  (table: readonly { readonly commands: readonly string[] }[]) =>
  (a: string, b: string): boolean =>
    a !== b && table.some((c) => c.commands.includes(a) && c.commands.includes(b));

/** Whether two subcommand names are a confusion worth asking: `save` and `export`, `run` and `create`. */
export const confused: (a: string, b: string) => boolean = inOneGroup(CONFUSIONS);

/**
 * Commands that take the same options, so a line about configuring one is true of the other: never each
 * other's wrong choice in a cloze ("Configure a log driver when doing `docker ___`": `create` is right too).
 */
export const SAME_OPTIONS: readonly { readonly commands: readonly string[]; readonly reason: string }[] = [
  { commands: ['run', 'create'], reason: '`docker create` takes every option `docker run` takes; run is create, then start' },
];

/** Whether what configures one subcommand configures the other too. */
export const sameOptions: (a: string, b: string) => boolean = inOneGroup(SAME_OPTIONS);
