import { confused, sameOptions } from './confusions.js';
import type { Knowledge, Section, Unit } from '../knowledge/section.js';
import { ANAPHORA, capitalise, contentStems, SLOPPY, spelledOut, thirdPerson, VERBS } from './fact-text.js';
import { isReferencePage, keyOf, objectOf } from './facts.js';
import { withNoteContext } from './note-context.js';
import { shuffled } from './seeded.js';

/**
 * Cloze cards from the notes' command lines: "`docker ___ -aq` gets all the
 * container IDs on your system", with four command or flag choices. One
 * word of a command the notes show is blanked out: the subcommand, or the
 * one flag the line is about. The rest of the line says what the command
 * does, so exactly one choice makes it true.
 */
export interface Cloze {
  /** The fact it tests, shared with a question asked about the same command another way. */
  readonly key: string;
  readonly prompt: string;
  readonly answer: string;
  /** Words of the same kind that make the line false, nearest kin first. */
  readonly wrong: readonly string[];
  /** Words the rest of the line must not spell out ("removes" for `rm`). */
  readonly names: readonly string[];
  /** What was blanked: "`ps` in `docker ps -aq`". */
  readonly subject: string;
  /** The subcommand, when that is what was blanked (`run` in `docker ___ -d nginx`). */
  readonly subcommand?: string;
  readonly explanation: string;
  readonly section: Section;
}

/** Real subcommands of a group, for wrong choices when the notes show too few. */
const SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  docker: ['ps', 'images', 'logs', 'inspect', 'start', 'stop', 'kill', 'rm', 'rmi', 'exec', 'commit', 'diff', 'pull', 'push', 'tag', 'build', 'info', 'version', 'port', 'create', 'pause', 'save', 'export', 'attach', 'history', 'top'],
  'docker network': ['ls', 'create', 'inspect', 'rm', 'connect', 'disconnect', 'prune'],
  'docker volume': ['ls', 'create', 'inspect', 'rm', 'prune'],
  'docker compose': ['up', 'down', 'build', 'ps', 'logs', 'pull', 'restart'],
};
/**
 * Real options of the commands the notes show, for a flag card's wrong choices when the notes
 * use too few: a `docker ps` card is asked against options of `docker ps`, never `docker run`'s.
 */
const OPTIONS: Readonly<Record<string, readonly string[]>> = {
  'docker run': ['-d', '-p', '-P', '-v', '-e', '-w', '-u', '--name', '--rm', '--network', '--restart', '--entrypoint', '--privileged', '--read-only'],
  'docker ps': ['-a', '-q', '-s', '-n', '-l', '--no-trunc', '--filter', '--format'],
  'docker logs': ['-f', '-t', '-n', '--since', '--until', '--details'],
  'docker exec': ['-d', '-e', '-w', '-u', '--privileged'],
  'docker images': ['-a', '-q', '--digests', '--no-trunc', '--filter'],
  'docker build': ['-t', '-f', '-q', '--no-cache', '--pull', '--target', '--build-arg'],
  'docker rm': ['-f', '-v', '-l'],
  'docker stop': ['-t', '-s'],
  'docker inspect': ['-f', '-s', '--type'],
};
/** Subcommands that do the same as another (`ls`/`list`, `rm`/`remove`): never right and wrong together. */
const SAME_AS: Readonly<Record<string, string>> = { list: 'ls', remove: 'rm', container: 'ps', version: 'info' };
/** Flags the notes put on nearly every example: blanking them tests nothing the line says. */
const BOILERPLATE = new Set(['-d', '-it', '-i', '-t']);
/** Flags whose next word is their value, not the image. */
const TAKES_VALUE = new Set(['-p', '-v', '-u', '-e', '-t', '-f', '--name', '--link', '--network', '--log-driver', '--pid', '--health-cmd', '--health-interval', '--health-timeout', '--health-retries', '--username', '--from']);
const GROUPS = new Set(['network', 'volume', 'compose', 'container', 'image', 'system']);

interface Span {
  /** The code as written: `docker ps -aq`. */
  readonly code: string;
  readonly command: string;
  readonly flags: readonly string[];
}

export function clozeCards(knowledge: Knowledge): Cloze[] {
  // The notes only: a reference page's sentences are written around examples, not as facts.
  const byFile = new Map<string, Section[]>();
  for (const section of knowledge.sections) byFile.set(`${section.pack}\u0000${section.source}`, [...(byFile.get(`${section.pack}\u0000${section.source}`) ?? []), section]);
  const notes = [...byFile.values()].filter((sections) => !isReferencePage(sections)).flat();
  const spans = notes.flatMap((s) => allUnits(s.units)).flatMap((u) => spansIn(u.markdown));
  const flagsOf = new Map<string, Set<string>>();
  for (const span of spans) for (const flag of span.flags) flagsOf.set(span.command, new Set([...(flagsOf.get(span.command) ?? []), flag]));
  const cards: Cloze[] = [];
  for (const section of notes) {
    const units = allUnits(section.units);
    for (const unit of units) {
      const line = statement(unit.markdown);
      if (!line) continue;
      for (const span of spansIn(line)) cards.push(...blanks(span, line, section, flagsOf).map((c) => ({ ...c, explanation: withNoteContext(c.explanation, unit, units, span.command, c.answer.startsWith('`-') ? c.answer.replace(/`/g, '') : undefined) })));
    }
  }
  return cards;
}

function allUnits(units: readonly Unit[]): Unit[] {
  return units.flatMap((u) => (u.kind === 'item' ? [u, ...allUnits(u.children)] : u.kind === 'paragraph' ? [u] : []));
}

/**
 * The line as a statement: its first sentence, "e.g." and trailing asides
 * dropped, "`docker ps -aq` to get…" read as "`docker ps -aq` gets…".
 * Null when the words around the code do not say what it does on their own.
 */
function statement(markdown: string): string | null {
  let line = markdown.split('\n')[0]!.trim().replace(/^(e\.g\.?|example:?|finally,?|then)\s+/i, '');
  // "Exit container and show the volume exists with `docker inspect`": the step the command is for.
  const steps = /^[A-Z][a-z]+\b[^`]*?\band ([a-z]+) /.exec(line);
  if (steps && VERBS.has(steps[1]!)) line = capitalise(line.slice(steps.index + steps[0].length - steps[1]!.length - 1));
  // "Show the volume exists with…" reads as "Show that the volume exists with…".
  line = line.replace(/^(Show|See|Check|Prove) (the [\w-]+ (?:exists|is|works))/, '$1 that $2');
  // Cut at a sentence end, a dash aside or an opening parenthesis outside code.
  let inCode = false;
  for (let i = 0; i < line.length; i += 1) {
    if (line[i] === '`') inCode = !inCode;
    if (inCode) continue;
    if ((/[.;?!]/.test(line[i]!) && (line[i + 1] ?? ' ') === ' ') || line.startsWith(' (', i) || line.startsWith(' - ', i) || line.startsWith(', but', i)) {
      // "`docker info` - verifies…": the dash right after the code introduces what it does.
      if (line.startsWith(' - ', i) && /^`[^`]+`$/.test(line.slice(0, i))) continue;
      line = line.slice(0, i);
      break;
    }
  }
  line = line.replace(/^(`docker [^`]+`)\s+(?:-\s+|to\s+)?([a-z][\w-]*)/, (_, code: string, verb: string) =>
    // "`docker diff` to see what changes…": the reader sees, the command shows.
    `${code} ${verb === 'see' ? 'shows' : VERBS.has(verb) ? thirdPerson(verb) : verb}`,
  );
  const prose = line.replace(/`[^`]*`/g, ' ');
  if (ANAPHORA.test(prose) || SLOPPY.test(prose) || /\b(we|you|I|our|us|e\.g|i\.e)\b/i.test(prose)) return null;
  // Something said about the command: a verb and at least two more meaning words.
  const words = prose.toLowerCase().match(/[a-z][a-z-]*/g) ?? [];
  const verb = (w: string): boolean => [w, w.replace(/ies$/, 'y'), w.replace(/es$/, ''), w.replace(/s$/, '')].some((v) => VERBS.has(v));
  if (!words.some(verb) || contentStems(prose).size < 2) return null;
  // One command per line: "`docker stop`, or `docker kill` to circumvent…" says what the last one does, not the first.
  if ((line.match(/`docker /g) ?? []).length !== 1 || line.length > 110 || (line.match(/`/g) ?? []).length > 4) return null;
  return `${line.replace(/[\s,:]+$/, '')}.`;
}

/** `docker` commands in the line's code, `$(…)` and shell pipelines left out. */
function spansIn(line: string): Span[] {
  return [...line.matchAll(/`(docker [^`]+)`/g)].flatMap((m) => {
    const code = m[1]!;
    if (/[$|;&]/.test(code)) return [];
    const words = code.split(/\s+/);
    if (!/^[a-z][a-z-]*$/.test(words[1] ?? '')) return [];
    const command = GROUPS.has(words[1]!) && /^[a-z][a-z-]*$/.test(words[2] ?? '') ? words.slice(0, 3).join(' ') : words.slice(0, 2).join(' ');
    // Flags up to the image: what follows it (`nsenter -t 1 -m`) belongs to the container's command.
    const flags: string[] = [];
    for (let i = command.split(' ').length; i < words.length; i += 1) {
      const name = words[i]!.split('=')[0]!;
      if (!/^--?[a-zA-Z][\w-]*$/.test(name)) break;
      flags.push(name);
      if (TAKES_VALUE.has(name) && !words[i]!.includes('=')) i += 1;
    }
    return [{ code, command, flags }];
  });
}

function blanks(span: Span, line: string, section: Section, flagsOf: ReadonlyMap<string, ReadonlySet<string>>): Cloze[] {
  // "`docker ___` to see the port mapping": `docker port` would be right too. A word the line names is never a wrong choice.
  const prose = new Set([...contentStems(line.replace(/`[^`]*`/g, ' '))]);
  const named = (w: string): boolean => spelledOut(w.replace(/^-+/, '')).some((n) => [...contentStems(n)].some((x) => prose.has(x)));
  const asked = span.flags.filter((f) => !BOILERPLATE.has(f));
  // The one flag the line is about: the only one, or the only one that is not boilerplate.
  const flag = asked.length === 1 ? asked[0]! : null;
  if (asked.length > 1) return [];
  const key = flag ? keyOf(span.command, flag) : keyOf(span.command);
  const words = span.code.split(/\s+/);
  const group = span.command.split(' ').slice(0, -1).join(' ');
  const sub = span.command.split(' ').at(-1)!;
  const card = (blanked: string, wrong: readonly string[], names: readonly string[]): Cloze => {
    // `--privileged=true`: the flag's name is blanked, its value kept.
    const index = words.findIndex((w) => w === blanked || w.startsWith(`${blanked}=`));
    const code = [...words.slice(0, index), words[index]!.replace(blanked, '___'), ...words.slice(index + 1)].join(' ');
    return {
      key,
      prompt: `Fill in the blank: ${line.replace(`\`${span.code}\``, `\`${code}\``)}`,
      answer: `\`${blanked}\``,
      wrong: wrong.map((w) => `\`${w}\``),
      names,
      subject: `\`${blanked}\` in \`${span.code}\``,
      ...(blanked === sub && !flag ? { subcommand: sub } : {}),
      explanation: capitalise(line),
      section,
    };
  };
  const cards: Cloze[] = [];
  // The rest of the line must not say what the code shows: "Make an nginx container … `nginx`" is read off.
  const prosed = line.replace(/`[^`]*`/g, ' ').toLowerCase();
  const args = words.slice(span.command.split(' ').length).filter((w) => /^[a-z][a-z-]{2,}$/.test(w) && !w.startsWith('-'));
  if (args.some((w) => new RegExp(`\\b${w}\\b`).test(prosed))) return [];
  // The subcommand: `docker ___ -aq`, `docker network ___ bridge`, only when the line is about the
  // command; a line about a flag blanks the flag (a `-v` card blanks `-v`, not `run`).
  const pool = SUBCOMMANDS[group] ?? [];
  if (pool.length > 0 && !flag) {
    const same = (w: string): string => SAME_AS[w] ?? w;
    // Wrong subcommands act on the same object: `run` against `start`, `stop`, `rm`, not `pull`.
    // The real confusions first (`commit` against `export` and `save`, `run` against `create` and `start`).
    const kin = shuffled(pool, key)
      .filter((w) => objectOf(`${group} ${w}`) === objectOf(span.command) || (group === 'docker' && confused(sub, w)))
      .sort((a, b) => Number(confused(sub, b)) - Number(confused(sub, a)));
    cards.push(card(sub, kin.filter((w) => same(w) !== same(sub) && !sameOptions(w, sub) && !w.startsWith(sub) && !sub.startsWith(w) && !named(w)), spelledOut(sub)));
  }
  // The flag the line is about: `docker logs ___ <id>`, against flags of the same command, then of its group.
  if (flag) {
    // Options of the same command only: the notes' own, then the real ones it has.
    const own = [...(flagsOf.get(span.command) ?? [])];
    const kin = [...(OPTIONS[span.command] ?? [])];
    const letters = (f: string): string => (/^-[a-zA-Z]+$/.test(f) ? f.slice(1) : '');
    // `-a` against `-aq`, `-i` against `-it`: a flag sharing a letter could be partly right.
    const clash = (f: string): boolean => span.flags.some((g) => [...letters(f)].some((c) => letters(g).includes(c)) || f.startsWith(g) || g.startsWith(f));
    const wrong = [...new Set([...shuffled(own, key), ...shuffled(kin, key)])].filter((f) => f !== flag && !clash(f) && !span.flags.includes(f) && !named(f));
    cards.push(card(flag, wrong, flag.replace(/^-+/, '').split('-').filter((w) => w.length >= 2)));
  }
  return cards;
}
