import { stem } from '../search/stem.js';
import { plainMarks, VERBS } from './fact-text.js';

/**
 * The Docker CLI's help text as a teacher would say it. Help strings are written
 * for a terminal column ("Display detailed information on one or more networks",
 * "Set meta data on a container"); a quiz shows them as choices and prompts.
 * Each rule is general (it applies wherever the idiom appears) and says why.
 */
export interface HelpIdiom {
  readonly pattern: RegExp;
  readonly plain: string | ((match: string, ...groups: string[]) => string);
  readonly reason: string;
}

/** Nouns that end the name of a setting: "Restart policy", "Logging driver", "Start period". */
const SETTING = 'policy|period|driver|signal|directory|limit|options?|sequence|format|level|name';

export const HELP_IDIOMS: readonly HelpIdiom[] = [
  { pattern: /^Display detailed information on (?:one or more )?/i, plain: 'Show details of ', reason: '"display detailed information on" is column-width help text; a teacher says "show details of"' },
  { pattern: /\bmeta data\b/gi, plain: 'metadata', reason: 'one word in English' },
  { pattern: /^(?:Number of )?seconds to wait\b/i, plain: 'How long to wait', reason: 'the unit belongs to the value, not to what the option sets' },
  { pattern: /\bone or more (?=\w)/gi, plain: '', reason: 'the help text says the command takes several arguments; a plural says it for a teacher' },
  { pattern: /^Pretty-print .+? using a Go template$/i, plain: 'Format the output with a Go template', reason: '"pretty-print search using…" drops its noun; every --format option formats the output' },
  { pattern: /\bin background\b/g, plain: 'in the background', reason: 'help text drops articles' },
  { pattern: /^Run container\b/, plain: 'Run the container', reason: 'help text drops articles' },
  { pattern: /\bprint (container|image) ID\b/g, plain: 'print the $1 ID', reason: 'help text drops articles' },
  { pattern: /\b(apply|add) Dockerfile instruction\b/gi, plain: '$1 a Dockerfile instruction', reason: 'help text drops articles' },
  { pattern: /\bfrom tar archive file\b/g, plain: 'from a tar archive file', reason: 'help text drops articles' },
  { pattern: /\bthe created image\b/g, plain: 'the new image', reason: '"the created image" is the image the command creates: the new one' },
  { pattern: /\bfor imported image\b/g, plain: 'for the imported image', reason: 'help text drops articles' },
  { pattern: /\bdocker disk usage\b/g, plain: "Docker's disk usage", reason: 'Docker is a name, and the usage is its' },
  { pattern: /\bDon't\b/g, plain: 'Do not', reason: 'choices are read aloud in one register' },
  { pattern: /\breal time\b/g, plain: 'real-time', reason: 'compound adjective' },
  { pattern: /\bfrom the server\b/g, plain: 'from the Docker daemon', reason: 'the CLI calls the daemon "the server"; the notes call it the daemon' },
  { pattern: /\bShow n last created containers\b/, plain: 'Show the n most recently created containers', reason: '"n last created" is help-text word order' },
  { pattern: /\bon conditions provided\b/g, plain: 'on the given conditions', reason: 'help-text word order' },
  { pattern: /\bMax number\b/g, plain: 'Maximum number', reason: 'no abbreviations in a choice' },
  { pattern: /\b(the|a) (Network|Volume|Container|Image)\b/g, plain: (_m, article: string, noun: string) => `${article} ${noun.toLowerCase()}`, reason: 'a common noun mid-sentence ("Driver to manage the Network") is lower case' },
  {
    pattern: new RegExp(`^([A-Z][a-z]+(?: [a-z-]+)? (?:${SETTING}))\\b(?! of\\b)`),
    // "Assign a name", "Specify volume driver name" say what the option does already; "Restart policy" names a setting.
    plain: (match, name: string) => {
      const words = name.toLowerCase().split(' ');
      const verbPhrase = VERBS.has(words[0]!) && (words.length > 2 || /^(a|an|the)$/.test(words[1] ?? '') || /^(set|specify|use|add|override|configure)$/.test(words[0]!));
      return verbPhrase ? match : `Set the ${name.toLowerCase()}`;
    },
    reason: 'a setting\'s help text names the setting ("Restart policy to apply…"); among choices that say what an option does, it says so too',
  },
  { pattern: /\bif server is multi-platform capable\b/g, plain: 'if the server supports several platforms', reason: 'help text drops articles; "multi-platform capable" is jargon' },
  { pattern: /\s+/g, plain: ' ', reason: 'examples copied from a console keep their alignment spaces' },
  { pattern: /^Bind mount\b/, plain: 'Bind-mount', reason: 'a verb, hyphenated, so it conjugates ("bind-mounts", not "binds mount")' },
];

/** `text` with every help-text idiom said as a teacher would; the first letter stays a capital. */
export function plainHelp(text: string): string {
  let out = plainMarks(text);
  for (const idiom of HELP_IDIOMS) out = typeof idiom.plain === 'string' ? out.replace(idiom.pattern, idiom.plain) : out.replace(idiom.pattern, idiom.plain as (m: string, ...g: string[]) => string);
  out = out.replace(/\s+/g, ' ').trim();
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/**
 * Plain words for a help text's word that repeats the name of what it describes:
 * "Build an image from a Dockerfile" says `build` twice, "Make an image from a
 * Dockerfile" asks it. Used only when the name echoes, so help text stays as the
 * reference writes it otherwise. Data, one reason each; a word without an entry
 * leaves the question to the gate, which rejects it.
 */
export const PLAIN_FOR_ECHO: readonly { readonly word: string; readonly pattern: RegExp; readonly plain: string; readonly reason: string }[] = [
  { word: 'build', pattern: /\bbuild(?= an image)/gi, plain: 'make', reason: 'building an image is making it from its Dockerfile' },
  { word: 'create', pattern: /^create a new container$/gi, plain: 'Make a new container without starting the container', reason: 'what `docker create` adds to "a new container" is that it does not start it (its Description)' },
  { word: 'attach', pattern: /\battach(?= local standard)/gi, plain: 'connect', reason: 'attaching streams connects them' },
  { word: 'export', pattern: /\bexport(?= a container's filesystem)/gi, plain: 'write out', reason: 'an export writes the data out of Docker' },
  { word: 'logs', pattern: /\bthe logs of a container\b/gi, plain: 'what a container wrote to stdout and stderr', reason: "a container's logs are what it wrote to stdout and stderr" },
  { word: 'pause', pattern: /\bpause(?= all processes)/gi, plain: 'freeze', reason: '`docker pause` freezes the processes (the cgroup freezer)' },
  { word: 'run', pattern: /\band run a new container\b/gi, plain: 'and start a new container', reason: 'running a new container starts it' },
  { word: 'follow', pattern: /^follow log output$/gi, plain: 'Keep streaming new log output', reason: 'following output keeps streaming it as it is written' },
  { word: 'publish', pattern: /^publish(?= a container's port)/gi, plain: 'map', reason: 'publishing a port maps it to a port on the host' },
  { word: 'exec', pattern: /^execute a command\b/gi, plain: 'Run a command', reason: '`exec` is short for execute, and executing a command is running it' },
  { word: 'stats', pattern: /\bresource usage statistics\b/gi, plain: 'CPU, memory and network usage', reason: 'the statistics `docker stats` streams are CPU, memory and network usage (its page)' },
  { word: 'load', pattern: /^load(?= an image from a tar archive)/gi, plain: 'read', reason: 'loading an image reads it back from the archive `docker save` wrote' },
  { word: 'save', pattern: /^save(?= (?:one or more )?images to a tar archive)/gi, plain: 'write', reason: 'saving images writes them to an archive' },
  { word: 'privileged', pattern: /\bextended privileges\b/gi, plain: 'extended permissions', reason: 'privileges are permissions' },
];

/** The clause with each word that echoes one of `names` said in plain words, where the table has them. */
export function withoutEcho(clause: string, names: readonly string[]): string {
  let out = clause;
  for (const entry of PLAIN_FOR_ECHO) {
    if (!names.some((n) => echoes(n, entry.word))) continue;
    out = out.replace(entry.pattern, (w) => (w.charAt(0) === w.charAt(0).toUpperCase() ? entry.plain.charAt(0).toUpperCase() + entry.plain.slice(1) : entry.plain));
  }
  return out;
}

/**
 * Prefixes that turn a word into its opposite or a variant without changing what it
 * is about: `--internal` and "external access", `attach` and "detach", `restart` and
 * "start" ask the learner nothing once one is in the prompt and the other a choice.
 */
export const ECHO_PREFIXES: readonly { readonly prefix: string; readonly reason: string }[] = [
  { prefix: 'in', reason: 'internal / external, include / exclude' },
  { prefix: 'ex', reason: 'external / internal, export / import' },
  { prefix: 'im', reason: 'import / export' },
  { prefix: 'un', reason: 'unpause / pause, untag / tag' },
  { prefix: 'de', reason: 'detach / attach' },
  { prefix: 'at', reason: 'attach / detach' },
  { prefix: 're', reason: 'restart / start, remove / move' },
  { prefix: 'dis', reason: 'disconnect / connect' },
  { prefix: 'non', reason: 'non-interactive / interactive' },
  { prefix: 'no-', reason: '--no-cache / cache' },
];

const ROOT_MIN = 4;

/** The roots a word can share with another once a prefix is set aside: "external" → "external", "ternal". */
function roots(word: string): string[] {
  const lower = word.toLowerCase();
  const out = [lower, stem(lower)];
  for (const { prefix } of ECHO_PREFIXES) {
    if (lower.startsWith(prefix) && lower.length - prefix.length >= ROOT_MIN) out.push(lower.slice(prefix.length), stem(lower.slice(prefix.length)));
  }
  return out;
}

/**
 * Whether two words share a distinctive stem: the same stem, one spelling the other
 * out at its start (`--workdir` and "working"), or the same root under a prefix
 * (internal / external). Short words (IDs, `-n`) only match exactly. A shared prefix
 * alone is not a stem: "command" does not echo `commit`.
 */
export function echoes(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  if (x === y) return true;
  if (Math.min(x.length, y.length) < ROOT_MIN) return false;
  if (stem(x) === stem(y)) return true;
  // A shared start counts when it is a whole word or stem of one of them (`--workdir` spells out "work" of
  // "working", `host` starts "hostname"); letters two words merely begin with ("comm" of "command" and
  // `commit`, "stor" of "storage" and "store") say nothing about either.
  const index = [...x].findIndex((c, i) => y[i] !== c);
  const start = x.slice(0, index === -1 ? Math.min(x.length, y.length) : index);
  if (start.length >= ROOT_MIN && [x, y, stem(x), stem(y)].includes(start)) return true;
  // "rename" holds "name": one word inside the other, at its end.
  if (x.endsWith(y) || y.endsWith(x)) return true;
  const rx = roots(x);
  return roots(y).some((r) => r.length >= ROOT_MIN && rx.includes(r));
}
