import type { Knowledge, RowUnit, Section, Unit } from '../knowledge/section.js';
import { openingSummary } from '../knowledge/section.js';
import { asAct, clauseOf, contentStems, imperative, lowerFirst, overlap, plainMarks, predicateOf, sentence, spelledOut, standsAlone, thirdPerson, VERBS } from './fact-text.js';
import { plainHelp, withoutEcho } from './help-text.js';
import { withNoteContext } from './note-context.js';

/**
 * The Docker facts a quiz can ask about, read from the notes' bullets and from
 * reference pages (a command's one-line description and its option table).
 * A fact is one thing true of one subject: what a command does, what a flag
 * of a named command does, what a Dockerfile instruction does.
 */
export interface Fact {
  /** Same key, same fact: a draw never asks one key twice. */
  readonly key: string;
  readonly kind: 'command' | 'flag' | 'instruction';
  /** What the fact is about: `docker ps -a`, `--detach`, `FROM`. */
  readonly subject: string;
  /** The subject as a choice or in a prompt, markdown: "`--detach` (`-d`)". */
  readonly display: string;
  /** For a flag, the command it belongs to (a flag never loses its command). */
  readonly command?: string;
  /** Words naming the subject, which the answer must not repeat. */
  readonly names: readonly string[];
  /** Where distractors come from first: a command group, a flag's command. */
  readonly family: string;
  /**
   * The command group a flag's command belongs to (`docker container` for `docker run`
   * and `docker restart`): a flag's wrong choices come only from its command or this group.
   */
  readonly group: string;
  /** What is true of it, as a choice: one clause, imperative, no markdown tables. */
  readonly meaning: string;
  /** Clean prose for after the answer, inline code kept. */
  readonly explanation: string;
  /** What a draw asks once: the key, or one shared by the same option meaning the same on several commands. */
  readonly lesson?: string;
  /** Whether to ask about it, or only offer it as a distractor (a reference option without its own section). */
  readonly askable?: boolean;
  /** Subjects named beside this one as alternatives: never its distractors. */
  readonly near: readonly string[];
  readonly section: Section;
}

const MEANING = { min: 8, max: 90 } as const;
/** Descriptions that start like this are asides, not what a command does. */
const ASIDE = /^(note|e\.?g|i\.?e|so|but|then|which|we|you|usually|also|as|or|and|it|this|that|see also|with|instruction|is|are|has|in|like|for|from|try|example)\b/i;
/** Second words that name a command group: `docker volume create` is one command. */
const GROUPS = new Set(['container', 'image', 'volume', 'network', 'compose', 'system', 'builder', 'buildx', 'context', 'plugin', 'node', 'service', 'stack', 'swarm', 'secret', 'config', 'trust', 'manifest', 'checkpoint']);
export const INSTRUCTIONS = ['FROM', 'RUN', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'COPY', 'ADD', 'HEALTHCHECK', 'ONBUILD', 'USER', 'WORKDIR', 'ENV', 'ARG', 'VOLUME', 'LABEL', 'SHELL', 'STOPSIGNAL'];
/** Options whose description is about a platform or a state of the project, not Docker use. */
const NOT_A_LESSON = /windows only|deprecated|experimental|\bAPI\b|print usage|swarm|kubernetes|\bbeta\b|cluster volume|\bnode\b/i;

export function extractFacts(knowledge: Knowledge): Fact[] {
  const byFile = new Map<string, Section[]>();
  for (const section of knowledge.sections) {
    const key = `${section.pack}\u0000${section.source}`;
    byFile.set(key, [...(byFile.get(key) ?? []), section]);
  }
  const facts: Fact[] = [];
  for (const sections of byFile.values()) {
    facts.push(...(isReferencePage(sections) ? referenceFacts(sections) : sections.flatMap(noteFacts)));
  }
  return distinct(inUse(generalOptions(facts), commandUse(knowledge)));
}

/**
 * How often each command is run in the examples people read: the reference's `$ docker …`
 * lines and the notes' code. `docker run` is run far more than `docker create`.
 */
function commandUse(knowledge: Knowledge): Map<string, number> {
  const uses = new Map<string, number>();
  for (const section of knowledge.sections) {
    for (const unit of section.units) {
      for (const code of unit.code) {
        for (const line of code.split('\n')) {
          const command = commandOf(line.replace(/^\$\s+/, '').trim());
          if (command) uses.set(command, (uses.get(command) ?? 0) + 1);
        }
      }
    }
  }
  return uses;
}

/**
 * One lesson asked on one command: `--publish` means the same on `docker run` and `docker create`,
 * and is asked on the one people run more (the other keeps its fact, as a distractor for its siblings).
 */
function inUse(facts: readonly Fact[], uses: ReadonlyMap<string, number>): Fact[] {
  const use = (f: Fact): number => Math.max(uses.get(f.command ?? '') ?? 0, uses.get(f.family) ?? 0);
  const best = new Map<string, Fact>();
  for (const fact of facts) {
    if (fact.kind !== 'flag' || fact.askable === false) continue;
    const kept = best.get(fact.lesson!);
    if (!kept || use(fact) > use(kept)) best.set(fact.lesson!, fact);
  }
  return facts.map((f) => (f.kind === 'flag' && f.askable !== false && best.get(f.lesson!) !== f ? { ...f, askable: false } : f));
}

/**
 * `--interactive` means the same on `run`, `create` and `exec`, `--timeout` on
 * `stop` and `restart`: one lesson, so a draw asks it once, though each command
 * keeps its fact (and its flags stay distractors for its siblings).
 */
function generalOptions(facts: readonly Fact[]): Fact[] {
  return facts.map((f) => ({ ...f, lesson: conceptOf(f) }));
}

/** Words that name what a command acts on: "Remove unused images" and "Remove unused networks" are one lesson. */
const OBJECT_WORDS = /\b(one or more|all|containers?|images?|networks?|volumes?|container's|image's)\b/gi;
/** Verbs the reference uses interchangeably for the same act. */
const SAME_VERB: Readonly<Record<string, string>> = { show: 'display', list: 'display', print: 'display', get: 'display', delete: 'remove' };

/**
 * What a draw asks once. An option's long name is one lesson on every command (`-q` "only IDs" on
 * `ps` and `images`, `-i` STDIN on `start` and `exec`); a subcommand that does the same to another
 * object (`inspect`, `prune`, `rm` of images, containers, networks) is one lesson too.
 */
export function conceptOf(fact: Fact): string {
  // `--force` of every prune is one lesson ("Do not prompt for confirmation"); `--force` of `docker rm`
  // ("Force the removal of a running container") is another: the name and what it does, objects aside.
  if (fact.kind === 'flag') return `flag:*:${fact.subject}:${meaningKey(fact.meaning)}`;
  // `docker ps -aq` is the same lesson as `-aq` of `docker ps`.
  if (fact.key.startsWith('flag:')) return `flag:*:${fact.key.split(':').at(-1)}`;
  if (fact.kind !== 'command') return fact.key;
  const last = fact.key.split(' ').at(-1)!;
  // Whatever it prunes (images, volumes, stopped containers, build cache), pruning is one lesson.
  if (SAME_ON_EVERY_OBJECT.has(last)) return `command:*:${last}`;
  return `command:*:${last}:${meaningKey(fact.meaning)}`;
}

/** What a clause says with the object it acts on set aside: "Only display container IDs" and "Only show image IDs" say one thing. */
function meaningKey(meaning: string): string {
  const words = meaning.replace(OBJECT_WORDS, ' ').toLowerCase().match(/[a-z]+/g) ?? [];
  const verbs = words.map((w) => SAME_VERB[w] ?? w);
  return [...contentStems(verbs.join(' '))].sort().join(' ');
}

const SAME_ON_EVERY_OBJECT = new Set(['prune', 'inspect']);

/** Registry and engine commands are their own families, whatever group the CLI files them under. */
const REGISTRY = new Set(['push', 'pull', 'login', 'logout', 'search']);
const ENGINE = new Set(['info', 'version', 'events', 'system']);

/**
 * What a command acts on: container, image, network, volume, registry, engine, compose…
 * A command question's wrong choices come from commands on the same object.
 */
export function objectOf(command: string): string {
  const words = (commandOf(command) ?? command).split(' ');
  if (REGISTRY.has(words[1] ?? '')) return 'registry';
  if (ENGINE.has(words[1] ?? '')) return 'engine';
  return groupOf(words.join(' ')).split(' ')[1] ?? 'docker';
}

/**
 * Whether a clause says what the thing does, as a whole predicate: "Circumvent graceful
 * shutdown" says what `docker kill` avoids, a fragment of the note's sentence, not what it does.
 */
export function completePredicate(meaning: string): boolean {
  const words = meaning.split(' ');
  return VERBS.has(words[0]!.toLowerCase()) && !AVOIDING.test(words[0]!) && words.length >= 3;
}
const AVOIDING = /^(circumvent|avoid|bypass|skip)$/i;

/** A Docker CLI reference page: generated "Aliases"/"Options" sections under the command's title. */
export function isReferencePage(sections: readonly Section[]): boolean {
  return sections.some((s) => s.depth > 1 && /^(Aliases|Options|Subcommands)$/.test(s.title));
}

/** One fact per key and per meaning: two bullets saying the same would make two right answers. */
function distinct(all: Fact[]): Fact[] {
  const seen = new Set<string>();
  // Of two bullets about the same subject, ask the one that says more.
  const fullest = new Map<string, Fact>();
  for (const fact of all) {
    const kept = fullest.get(fact.key);
    // Equal meanings (a command's page and its alias page): the one whose explanation says more.
    // An option a page documents (askable) over the same option listed bare on a legacy copy of the page.
    const more = (a: Fact, b: Fact): number =>
      Number(a.askable !== false) - Number(b.askable !== false) || contentStems(a.meaning).size - contentStems(b.meaning).size || a.explanation.length - b.explanation.length;
    if (!kept || more(fact, kept) > 0) fullest.set(fact.key, fact);
  }
  const facts = all.filter((f) => fullest.get(f.key) === f);
  return facts.filter((fact) => {
    const meaning = `${fact.kind}\u0000${fact.command ?? ''}\u0000${fact.meaning.toLowerCase()}`;
    if (seen.has(fact.key) || seen.has(meaning)) return false;
    seen.add(fact.key);
    seen.add(meaning);
    return true;
  });
}

// ---- the team's notes -------------------------------------------------------

function noteFacts(section: Section): Fact[] {
  const facts: Fact[] = [];
  // The command a flag belongs to: named in its own line ("Pass `-P` to docker run"), else the
  // bullet it hangs under, else the section's title, else the bullet just before it.
  const visit = (units: readonly Unit[], parent: string | null): void => {
    let previous: string | null = null;
    for (const unit of units) {
      if (unit.kind !== 'item' && unit.kind !== 'paragraph') continue;
      const line = unit.markdown.split('\n')[0]!.trim();
      const leading = commandOf(line.match(/^`(docker [^`]+)`/)?.[1] ?? '');
      const named = line.match(/\b(?:to|on|with) (?:`?docker )?(run|exec|build|ps|logs)\b/)?.[1];
      const command = (named ? `docker ${named}` : null) ?? leading ?? parent ?? commandOf(section.title) ?? previous;
      const found = [...commandFacts(line, section), ...flagFacts(line, section, command), ...instructionFacts(line, section)];
      facts.push(...found.map((f) => ({ ...f, explanation: withNoteContext(f.explanation, unit, allUnits(section.units), f.command ?? commandOf(f.subject) ?? undefined, f.kind === 'flag' ? f.subject : undefined) })));
      if (unit.kind === 'item') visit(unit.children, leading ?? parent);
      previous = leading;
    }
  };
  visit(section.units, null);
  return facts;
}

/** Every bullet and paragraph of a section, sub-bullets in document order. */
function allUnits(units: readonly Unit[]): Unit[] {
  return units.flatMap((u) => (u.kind === 'item' ? [u, ...allUnits(u.children)] : u.kind === 'paragraph' ? [u] : []));
}

/** `docker volume create --name x` → `docker volume create`; null for anything else. */
function commandOf(text: string): string | null {
  const words = text.trim().split(/\s+/);
  if (words[0] !== 'docker' || !/^[a-z][a-z-]*$/.test(words[1] ?? '')) return null;
  return GROUPS.has(words[1]!) && /^[a-z][a-z-]*$/.test(words[2] ?? '') ? words.slice(0, 3).join(' ') : words.slice(0, 2).join(' ');
}

/** Top-level commands and the group they are short for: `docker ps` is `docker container ls`. */
const SHORT_FOR: Readonly<Record<string, string>> = Object.fromEntries([
  ...'attach commit cp create diff exec export kill logs pause port ps rename restart rm run start stats stop top unpause update wait'.split(' ').map((c) => [c, 'container']),
  ...'build history images import load pull push rmi save tag'.split(' ').map((c) => [c, 'image']),
]);

/** `docker run` → `docker container`; `docker volume create` → `docker volume`; `docker login` → itself. */
export function groupOf(command: string): string {
  const words = command.split(' ');
  if (words.length >= 3) return words.slice(0, 2).join(' ');
  const group = SHORT_FOR[words[1] ?? ''];
  return group ? `docker ${group}` : command;
}

/**
 * "`docker info` - verifies Docker is installed", "`docker ps -a` to list containers…",
 * "`docker stop <id>`, or `docker kill <id>` to circumvent graceful shutdown" (kill only:
 * the other is named as an alternative and is never offered against it).
 */
function commandFacts(line: string, section: Section): Fact[] {
  const match = /^((?:`docker [^`]+`(?:,?\s+or\s+)?)+)\s*(?:[-–—:]\s*|to\s+)?([^`].*)?$/.exec(line);
  if (!match?.[2]) return [];
  const spans = [...match[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  const subject = subjectOf(spans.at(-1)!);
  if (!subject || ASIDE.test(match[2])) return [];
  const meaning = clauseOf(match[2], MEANING);
  if (!meaning || !completePredicate(meaning)) return [];
  const words = subject.split(' ');
  return [
    {
      key: keyOf(subject),
      kind: 'command',
      subject,
      display: `\`${subject}\``,
      names: words.slice(1).filter((w) => !GROUPS.has(w)).flatMap(spelledOut),
      family: commandOf(subject) ?? subject,
      group: groupOf(commandOf(subject) ?? subject),
      meaning,
      // The clause as a sentence, not the raw bullet ("`docker run` creates… (… but who cares)").
      explanation: sentence(`\`${subject}\` ${lowerFirst(thirdPerson(meaning))}`),
      near: spans.slice(0, -1).map((s) => subjectOf(s) ?? s),
      section,
    },
  ];
}

/**
 * One fact, one key: `docker ps -aq` (the command with its flag) and `-aq` of
 * `docker ps` say the same thing, so a draw never asks both.
 */
export function keyOf(subject: string, flag?: string): string {
  const command = commandOf(subject) ?? subject;
  const flags = flag ?? subject.slice(command.length).trim();
  return flags ? `flag:${command}:${flags}` : `command:${command}`;
}

/** `docker ps -aq <id>` → `docker ps -aq`; null when the line is an example with arguments. */
function subjectOf(code: string): string | null {
  const cleaned = code.replace(/<[^>]*>|\[[^\]]*\]|\$\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  const command = commandOf(cleaned);
  if (!command) return null;
  const rest = cleaned.slice(command.length).trim().split(' ').filter(Boolean);
  return rest.every((w) => /^--?[a-z][\w-]*$/i.test(w)) ? [command, ...rest].join(' ') : null;
}

/** "-t pseudo-TTY (terminal)", "`-d` in detached mode", "use the `-d` switch to detach…, and `-it` to run…". */
function flagFacts(line: string, section: Section, command: string | null): Fact[] {
  if (!command) return [];
  const found: { flag: string; text: string }[] = [];
  const bare = /^`?(--?[A-Za-z][\w-]*)`?\s+(?:to\s+|as\s+|in\s+|for\s+)?([a-z][^`]*)$/.exec(line);
  if (bare) found.push({ flag: bare[1]!, text: bare[2]! });
  else {
    const inline = /`(--?[A-Za-z][\w-]*(?:[ =][a-z]+)?)[^`]*`(?:\s+(?:switch|flag|option))?(?:\s+(?:to|on)\s+(?:docker\s+)?run)?\s+to\s+([^`,;.]+)/g;
    for (const m of line.matchAll(inline)) found.push({ flag: m[1]!, text: m[2]! });
  }
  return found.flatMap(({ flag, text }) => {
    const meaning = ASIDE.test(text) ? null : clauseOf(text, { min: 6, max: MEANING.max });
    if (!meaning || !standsAlone(meaning)) return [];
    return [
      {
        key: keyOf(command, flag),
        kind: 'flag' as const,
        subject: flag,
        display: `\`${flag}\``,
        command,
        names: flagWords(flag),
        family: command,
        group: groupOf(command),
        meaning,
        explanation: VERBS.has(meaning.split(' ')[0]!.toLowerCase())
          ? sentence(`\`${command} ${flag}\` ${lowerFirst(thirdPerson(meaning))}`)
          : sentence(`\`${command} ${flag}\`: ${lowerFirst(meaning)}`),
        near: [],
        section,
      },
    ];
  });
}

/** "Start with FROM to define a base image…", "RUN executes stuff in the container…". */
function instructionFacts(line: string, section: Section): Fact[] {
  const rest = line.replace(/^(or\s+)?(start with|use( the)?)\s+/i, '');
  const match = new RegExp(`^\`?(${INSTRUCTIONS.join('|')})\\b[^\`]*?\`?(?:\\s+instruction)?\\s+(?:to\\s+)?([a-z].*)$`).exec(rest);
  if (!match) return [];
  const meaning = ASIDE.test(match[2]!) ? null : clauseOf(match[2]!, MEANING);
  if (!meaning || !standsAlone(meaning)) return [];
  const name = match[1]!;
  return [
    {
      key: `instruction:${name}`,
      kind: 'instruction',
      subject: name,
      display: `\`${name}\``,
      names: [name.toLowerCase()],
      family: 'dockerfile',
      group: 'dockerfile',
      meaning,
      explanation: sentence(`The \`${name}\` instruction ${lowerFirst(thirdPerson(meaning))}`),
      near: [],
      section,
    },
  ];
}

// ---- the Docker CLI reference ----------------------------------------------

/**
 * Reference pages a team learning Docker is quizzed on: not Swarm, plugins,
 * trust, contexts, experimental checkpoints, manifests or Bake.
 */
const OUT_OF_SCOPE = /^(docker )?(swarm|node|service|stack|secret|config|plugin|trust|context|checkpoint|manifest|bake|buildx|builder)\b/;

function referenceFacts(sections: readonly Section[]): Fact[] {
  const page = sections.find((s) => s.depth === 1);
  if (!page || sections.some((s) => s.title === 'Subcommands') || OUT_OF_SCOPE.test(page.title)) return [];
  const aliases = (sections.find((s) => s.title === 'Aliases')?.units ?? []).flatMap((u) => u.code).map((c) => c.trim()).filter((c) => /^docker( [a-z][a-z0-9-]*)+$/.test(c));
  const canonical = aliases[0] ?? (page.title.startsWith('docker ') ? page.title : `docker ${page.title}`);
  if (!/^docker( [a-z][a-z0-9-]*)+$/.test(canonical)) return [];
  // People type the short form: `docker ps` rather than `docker container ls`.
  const shown = [...aliases, canonical].sort((a, b) => a.split(' ').length - b.split(' ').length || a.length - b.length)[0]!;
  const words = canonical.split(' ');
  const facts: Fact[] = [];
  const summary = openingSummary(page);
  const names = spelledOut(shown.split(' ').at(-1)!);
  const meaning = summary && !NOT_A_LESSON.test(summary.text) ? clauseOf(plainHelp(withoutEcho(summary.text, names)), MEANING) : null;
  if (meaning) {
    facts.push({
      key: `command:${canonical}`,
      kind: 'command',
      subject: shown,
      display: `\`${shown}\``,
      // What the question shows is `shown`: "lists" gives away `docker network ls`, not `docker ps` (alias `docker container ls`).
      names,
      family: words.length > 2 ? words.slice(0, 2).join(' ') : 'docker',
      group: groupOf(canonical),
      meaning,
      explanation: referenceExplanation(
        `\`${shown}\`${aliases.length > 1 ? ` (also ${aliases.filter((a) => a !== shown).map((a) => `\`${a}\``).join(', ')})` : ''} ${lowerFirst(thirdPerson(meaning))}`,
        aboutCommand(sections),
        firstExample(sections, aliases.length > 0 ? aliases : [canonical], []),
      ),
      near: aliases,
      section: page,
    });
  }
  for (const section of sections.filter((s) => s.title === 'Options')) {
    // What the command itself does: said after an option that has no paragraph or example of its own, so the
    // explanation still adds something ("`docker start` starts stopped containers.").
    const commandDoes = meaning ? `\`${shown}\` ${lowerFirst(thirdPerson(meaning))}` : null;
    for (const unit of section.units) if (unit.kind === 'row') facts.push(...optionFact(unit, section, shown, canonical, sections, commandDoes));
  }
  return facts;
}

function optionFact(row: RowUnit, section: Section, command: string, canonical: string, pages: readonly Section[], commandDoes: string | null): Fact[] {
  if (!/^name$/i.test(row.header[0] ?? '')) return [];
  const flags = [...(row.cells[0] ?? '').matchAll(/`(--?[a-z0-9][\w-]*)`/gi)].map((m) => m[1]!);
  const long = flags.find((f) => f.startsWith('--'));
  const description = row.cells.at(-1) ?? '';
  if (!long || /<br/i.test(description) || NOT_A_LESSON.test(description)) return [];
  const short = flags.find((f) => !f.startsWith('--'));
  const names = [...flagWords(long), ...(short ? flagWords(short) : [])];
  const meaning = clauseOf(plainHelp(withoutEcho(description, names)), MEANING);
  if (!meaning) return [];
  // Asked about only when the page documents it in a section of its own (the name links there):
  // those are the options people use; the rest still serve as distractors.
  // A bare noun phrase ("IPv4 address") says too little to teach unless it is a long one.
  // An option with a one-letter form is one people type often enough to learn, documented at length or not.
  // One a page's examples run is one people use as well.
  const example = firstExample(pages, [command, canonical], [long, ...(short ? [short] : [])]);
  // An option with neither a paragraph nor an example of its own would be explained only by restating it and
  // saying what its command does (the fifth review rejected `start -a`, `build -q` for that): a distractor only.
  const about = aboutOption(pages, long);
  const askable = (/\]\(#/.test(row.cells[0] ?? '') || flags.some((f) => /^-[a-zA-Z]$/.test(f)) || example !== null) && (about !== null || example !== null) && standsAlone(meaning, 5);
  return [
    {
      key: `flag:${canonical}:${long}`,
      kind: 'flag',
      subject: long,
      display: `\`${long}\`${short ? ` (\`${short}\`)` : ''}`,
      command,
      names,
      family: canonical,
      group: groupOf(canonical),
      askable,
      // Beside "Keep streaming new log output", "Number of lines to show…" is said as an act too.
      meaning: asAct(meaning),
      explanation: referenceExplanation(
        `\`${command} ${long}\`${short ? ` (or \`${short}\`)` : ''} ${predicateOf(withItsAside(meaning, description, names))}`,
        about,
        example,
        commandDoes,
      ),
      near: [],
      section,
    },
  ];
}

// ---- wording ------------------------------------------------------------------

/**
 * The option's whole help line when the clause asked left out an aside that teaches ("Show all containers
 * (default shows just running)"): the answer says what it does, the explanation what happens without it.
 */
const comparableText = (t: string): string => t.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

function withItsAside(meaning: string, description: string, names: readonly string[]): string {
  const whole = plainHelp(withoutEcho(description.replace(/\\\|/g, '|'), names)).replace(/[\s.]+$/, '');
  const aside = /\(([^()]{3,80})\)$/.exec(whole)?.[1];
  if (!aside || /[|<>\\{}]/.test(aside) || (aside.match(/`/g) ?? []).length % 2 === 1) return meaning;
  // Only the aside of the very clause asked: one cut from a longer line may be about its other half.
  if (comparableText(whole.slice(0, whole.length - aside.length - 2)) !== comparableText(meaning)) return meaning;
  return `${meaning} (${aside})`;
}


function flagWords(flag: string): string[] {
  return flag.replace(/^-+/, '').split(/[-=]/).filter((w) => w.length >= 2).flatMap(spelledOut);
}

/**
 * What a reference question says after the answer: what the thing does in plain words, then
 * something the prompt did not say (the page's first sentence about it, why or how) and the
 * first example that uses it.
 */
function referenceExplanation(does: string, about: string | null, example: string | null, context: string | null = null): string {
  // The page's sentence adds something only if it is not the summary again ("Removes all stopped containers").
  const adds = about ? addedSentence(about, does) : null;
  // With neither, what the option's command does is the context it adds.
  const added = adds ?? (example ? null : context && overlap(context, does) < 0.5 ? context : null);
  return [sentence(does), added ? sentence(added) : null, example ? `For example: \`${example}\`` : null].filter(Boolean).join(' ');
}

/** Words that frame a docs sentence ("The `--change` option applies…") rather than say what it adds. */
const FRAME_WORDS = new Set([...contentStems('command option flag use used useful can specified shorthand')]);

/**
 * The page's sentence as a sentence that adds to `does`, or null. A sentence whose meaning
 * words are mostly `does` again repeats it ("creates a new image from a container's changes.
 * It can be useful to commit a container's file changes…"). A subjectless fragment
 * ("Returns information about networks.", "Load an image or repository…") gets its subject,
 * "It", and is held to a stricter bar: such lines are the summary said again.
 */
function addedSentence(about: string, does: string): string | null {
  const first = about.split(' ')[0]!;
  const lower = first.toLowerCase();
  const imperativeVerb = VERBS.has(lower);
  const thirdPersonVerb = !imperativeVerb && /^[A-Z][a-z]+s$/.test(first) && VERBS.has(imperative(lower));
  const fragment = imperativeVerb || thirdPersonVerb;
  const own = [...contentStems(about)].filter((w) => !FRAME_WORDS.has(w));
  const said = contentStems(does);
  const repeated = own.length === 0 ? 1 : own.filter((w) => said.has(w)).length / own.length;
  if (overlap(about, does) >= (fragment ? 0.3 : 0.45) || repeated >= (fragment ? 0.4 : 0.6)) return null;
  if (!fragment) return about;
  return `It ${lowerFirst(imperativeVerb ? thirdPerson(about) : about)}`;
}

/** A docs sentence as prose: links kept as their text, HTML and anchors dropped; null when it is still markup. */
function docProse(markdown: string, most = 2): string | null {
  const text = plainMarks(markdown)
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\{[^)}]*[)}]/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    // A link that ended a line leaves its comma on the next: "timestamp , for example".
    .replace(/\s+([,;:])/g, '$1')
    .trim();
  const [first, second] = sentencesOf(text);
  if (!first || !proseSentence(first)) return null;
  // The paragraph's next sentence too, when it is prose of its own: "…default shows only running ones" is
  // often there, not in the first.
  return most > 1 && second && proseSentence(second) && !subjectless(first) && !subjectless(second) && first.length + second.length <= 320 ? `${first} ${second}` : first;
}

/** "Contains all parent layers…": a docs line that leaves its subject to the heading reads as a fragment on its own. */
function subjectless(sentence: string): boolean {
  const first = sentence.split(' ')[0]!;
  return VERBS.has(first.toLowerCase()) || /^[A-Z][a-z]+s$/.test(first);
}

function sentencesOf(text: string): string[] {
  return text.match(/[^.!?]+(?:[.!?](?=\s|$)|$)/g)?.map((t) => t.trim()).filter(Boolean) ?? [text];
}

function proseSentence(sentence: string): boolean {
  if (sentence.length < 25 || sentence.length > 220 || /[|\\{}]|\]\(|^(see|refer|for example|the following|this (example|command)|running|showing|in this example)\b|:$/i.test(sentence)) return false;
  // An unclosed code span would swallow the rest of the message.
  return (sentence.match(/`/g) ?? []).length % 2 === 0;
}

const ADMONITION = /^\W*\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/i;
/** A paragraph that carries on a quoted callout ("… using Buildx,\n> see …"). */
const QUOTED_LINE = /(?:^|\n)\s*>/;

/** The Description's first sentence: what the command is for, beyond its one-line summary. */
function aboutCommand(pages: readonly Section[]): string | null {
  const description = pages.find((s) => s.depth === 2 && s.title === 'Description');
  // A GitHub callout ("> [!IMPORTANT] This page refers to the legacy…") is a warning about the page, not a description of the command.
  const first = description?.units.find((u) => u.kind === 'paragraph' && !ADMONITION.test(u.markdown) && !QUOTED_LINE.test(u.markdown));
  return first ? docProse(first.markdown) : null;
}

/** The first sentence of the example section the option's name links to (`### Stop container with timeout (-t, --timeout)`). */
function aboutOption(pages: readonly Section[], long: string): string | null {
  const own = pages.find((s) => s.depth >= 3 && new RegExp(`\\(.*${long}\\b.*\\)|\`${long}\``).test(s.title));
  // The section's opening paragraph is about its option ("A label is a `key=value` pair that applies metadata…").
  const opening = own?.units[0]?.kind === 'paragraph' ? docProse(own.units[0].markdown) : null;
  // "These parameters always set…" points back at a heading the explanation does not show.
  const openingAlone = withoutOtherOptions(opening, long);
  if (openingAlone && !/^(these|this|those|they|it)\b/i.test(openingAlone)) return openingAlone;
  const first = own?.units.find((u) => u.kind === 'paragraph' && u.markdown.includes(long));
  // A sentence about the example ("The `my-label` key doesn't…") is not about the option; one that names it,
  // alone or in the command that uses it ("The `docker logs --timestamps` command will add…"), is. Judged by
  // its first sentence: a second that names the option does not make the first one about it.
  const named = new RegExp(`\`(?:[^\`]*\\s)?${long}(?:[\\s=][^\`]*)?\``);
  const lead = first ? docProse(first.markdown, 1) : null;
  return withoutOtherOptions(lead && named.test(lead) ? docProse(first!.markdown) : null, long);
}

/**
 * A sentence that brings in another option ("…exit when the root process exits, unless you also specify
 * the `--rm` option") means something only with the lines that follow it on the page: out of context it
 * misleads (the fifth review read it as `--rm` keeping a detached container running). Left out.
 */
function withoutOtherOptions(prose: string | null, long: string): string | null {
  if (prose === null) return null;
  const kept = prose.split(/(?<=[.!?])\s+(?=[A-Z`])/).filter((sentence) => [...sentence.matchAll(/`(--?[a-z][\w-]*)/gi)].every((m) => m[1] === long || long.startsWith(`--${m[1]!.replace(/^-+/, '')}`)));
  return kept.length > 0 ? kept.join(' ') : null;
}

/** The first `$ docker …` line of the page's examples that runs the command (with one of `flags`, when given). */
function firstExample(pages: readonly Section[], commands: readonly string[], flags: readonly string[]): string | null {
  // An example under an option's heading ("… until a specific point in time (--until)") shows that option:
  // `docker logs -f --until=2s` stops, so it is no example of `--follow`, and a poor first example of `docker logs`.
  const headed = (section: Section): string[] => [...section.title.matchAll(/(?<![\w-])--?[a-zA-Z][\w-]*/g)].map((m) => m[0]);
  const ownSections = pages.filter((s) => headed(s).length === 0 || headed(s).some((h) => flags.includes(h)));

  // A command's example comes first from a section no option heads (an option's example shows the option,
  // and `docker logs -f --until=2s` reads as if logs stopped by themselves); else from any: it still runs the command.
  // Of those, the plainest: `docker run --device=vendor.com/class=device-name --rm -it ubuntu` teaches a beginner
  // nothing about `docker run` (the seventh review); the one with the fewest options shows the command itself.
  if (flags.length === 0) return plainest(examplesIn(pages.filter((s) => headed(s).length === 0), commands, flags)) ?? plainest(examplesIn(pages, commands, flags));
  return examplesIn(ownSections, commands, flags)[0] ?? null;
}

function plainest(lines: readonly string[]): string | null {
  const options = (line: string): number => line.split(' ').filter((w) => w.startsWith('-')).length;
  return lines.reduce<string | null>((best, line) => (best === null || options(line) < options(best) ? line : best), null);
}

/** A paragraph that warns against what the code after it does: a sentence that opens with "Don't" ("If you don't specify…" does not). */
const WARNS = /(^|[.!?:]\s+)(don't|do not|never|avoid)\b/i;

function examplesIn(pages: readonly Section[], commands: readonly string[], flags: readonly string[]): string[] {
  const found: string[] = [];
  for (const section of pages) {
    for (const [i, unit] of section.units.entries()) {
      if (unit.kind !== 'code') continue;
      // "Don't pass a `service x start` command to a detached container. For example…": what not to do is no example.
      const before = section.units[i - 1];
      if (before?.kind === 'paragraph' && WARNS.test(before.text)) continue;
      for (const raw of unit.text.split('\n')) {
        const line = raw.replace(/^\$\s+/, '').replace(/\s+/g, ' ').trim();
        // A console line (`$ docker …`), or a bare command in a block of commands.
        if (!(raw.trim().startsWith('$') || (unit.lang !== 'json' && /^docker /.test(raw))) || line.length > 90 || /[`|\\]/.test(line)) continue;
        // The bare command ("For example: `docker login`") shows nothing the prompt did not: an example has arguments.
        if (!commands.some((c) => line.startsWith(`${c} `))) continue;
        const words = line.split(/\s+/).map((w) => w.split('=')[0]!);
        if (flags.length > 0 && !flags.some((f) => words.includes(f))) continue;
        found.push(line);
      }
    }
  }
  return found;
}
