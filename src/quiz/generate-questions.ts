import { createHash } from 'node:crypto';
import type { Knowledge } from '../knowledge/section.js';
import { contentStems, lowerFirst, nameGiveaways, overlap, predicateOf, saysWhatItDoes, spelledOut, thirdPerson, VERBS } from './fact-text.js';
import { echoes, PLAIN_FOR_ECHO } from './help-text.js';
import { clozeCards, type Cloze } from './cloze.js';
import { extractFacts, INSTRUCTIONS, objectOf, type Fact } from './facts.js';
import { CHOICES, comparable, problemsWith, shapeOf, shownLength, type QuestionKind, type QuizQuestion } from './quiz-question.js';
import { shuffled } from './seeded.js';
import { CONFUSIONS } from './confusions.js';
import { eng } from 'stopword';
import { defaultAnalyzer } from '../lexicon/default-lexicon.js';

export { CONFUSIONS };

/**
 * Questions about Docker facts (facts.ts), each fact asked one or two ways:
 * what a command, flag or instruction does, and which one does a thing.
 * Distractors are of the same kind, from the same command or group first,
 * of similar length, and each is checked not to be true of what is asked.
 * A question that fails the rules in quiz-question.ts is rejected, with the
 * reason, for `wharfie quiz lint`; it is never posted.
 */

export interface RejectedQuestion {
  readonly source: string;
  readonly trail: readonly string[];
  /** What was asked about: "`docker ps`", "`--rm` of `docker run`". */
  readonly subject: string;
  readonly kind: QuestionKind;
  /** The question as it would have been asked, when it got that far. */
  readonly question: string | null;
  readonly problems: readonly string[];
}

export interface GeneratedQuestions {
  readonly questions: QuizQuestion[];
  readonly rejected: RejectedQuestion[];
  /**
   * The same questions with one wrong choice swapped for the next best (same prompt, same answer, same
   * fact, checked alike): a draw takes one when a question's first set of choices would help with
   * another question of the draw. Never asked besides their question.
   */
  readonly alternatives: QuizQuestion[];
}

/** A choice may be this much longer or shorter than the answer (ratio, or characters for short ones). */
const LENGTH_RATIO = 1.75;
const LENGTH_SLACK = 10;
/** Two clauses sharing this share of their meaning words say the same thing: never right and wrong together. */
const SAME_MEANING = 0.5;

export function generateQuestions(knowledge: Knowledge): QuizQuestion[] {
  return lintGeneratedQuestions(knowledge).questions;
}

/** Every question the notes give, and every one held back with why. */
export function lintGeneratedQuestions(knowledge: Knowledge): GeneratedQuestions {
  const facts = extractFacts(knowledge);
  const instructionNames = INSTRUCTIONS.filter((name) => knowledge.sections.some((s) => s.units.some((u) => new RegExp(`\\b${name}\\b`).test(u.text))));
  const questions: QuizQuestion[] = [];
  const rejected: RejectedQuestion[] = [];
  const alternatives: QuizQuestion[] = [];
  const seen = new Set<string>();
  const keep = (attempt: Asked, problemsOf: (q: QuizQuestion) => string[]): void => {
    seen.add(attempt.question.id);
    questions.push(attempt.question);
    for (const q of attempt.alternatives ?? []) {
      // Two ways of leaving choices out can come to the same set: one stand-in each.
      if (!seen.has(q.id) && problemsOf(q).length === 0) alternatives.push(q);
      seen.add(q.id);
    }
  };
  for (const fact of facts.filter((f) => f.askable !== false)) {
    const same = facts.filter((f) => f.kind === fact.kind);
    for (const attempt of attemptsFor(fact, same, instructionNames)) {
      const subject = fact.command ? `${fact.display} of \`${fact.command}\`` : fact.display;
      const where = { source: fact.section.source, trail: fact.section.trail, subject, kind: attempt.kind };
      if ('problem' in attempt) {
        rejected.push({ ...where, question: attempt.question ?? null, problems: [attempt.problem] });
        continue;
      }
      const problemsOf = (q: QuizQuestion): string[] => [...problemsWith(q), ...repeatsName(q, fact), ...echoesCommand(q, fact)];
      const problems = problemsOf(attempt.question);
      // The first choices fail only for what they are (lengths): the next best that pass are asked instead.
      const fixed = problems.length > 0 ? attempt.alternatives?.find((q) => problemsOf(q).length === 0) : undefined;
      if (fixed) keep({ ...attempt, question: fixed, alternatives: attempt.alternatives!.filter((q) => q !== fixed) }, problemsOf);
      else if (problems.length > 0) rejected.push({ ...where, question: attempt.question.question, problems });
      else if (!seen.has(attempt.question.id)) keep(attempt, problemsOf);
    }
  }
  const lessons = new Map(facts.map((f) => [f.key, f.lesson ?? f.key]));
  for (const card of clozeCards(knowledge)) {
    // A card about `-aq` of `docker ps` is the lesson of that fact, however else it is asked.
    const lesson = lessons.get(card.key) ?? (card.key.startsWith('flag:') ? `flag:*:${card.key.split(':').at(-1)}` : card.key);
    const attempt = ask({ ...card, lesson }, 'cloze', card.prompt, card.answer, card.wrong);
    const where = { source: card.section.source, trail: card.section.trail, subject: card.subject, kind: attempt.kind };
    if ('problem' in attempt) {
      rejected.push({ ...where, question: attempt.question ?? null, problems: [attempt.problem] });
      continue;
    }
    const given = repeated(card.names, card.prompt.replace(/`[^`]*`/g, ' '));
    const problemsOf = (q: QuizQuestion): string[] => [...problemsWith(q), ...(given.length > 0 ? [`the line spells out "${given.join('", "')}" of the blanked ${card.answer}`] : [])];
    const problems = problemsOf(attempt.question);
    if (problems.length > 0) rejected.push({ ...where, question: attempt.question.question, problems });
    else if (!seen.has(attempt.question.id)) keep(attempt, problemsOf);
  }
  return { questions, rejected, alternatives };
}

type Asked = { kind: QuestionKind; question: QuizQuestion; alternatives?: readonly QuizQuestion[] };
type Attempt = Asked | { kind: QuestionKind; problem: string; question?: string };

function attemptsFor(fact: Fact, same: readonly Fact[], instructionNames: readonly string[]): Attempt[] {
  const verb = VERBS.has(fact.meaning.split(' ')[0]!.toLowerCase());
  const does = lowerFirst(thirdPerson(fact.meaning));
  switch (fact.kind) {
    case 'command':
      return [
        ask(fact, 'command', `What does ${fact.display} do?`, fact.meaning, meaningsAgainst(fact, same)),
        verb
          ? ask(fact, 'which-command', `Which command ${does}?`, fact.display, displaysAgainst(fact, same))
          : { kind: 'which-command', problem: `"${fact.meaning}" does not start with a verb, so it cannot follow "Which command"` },
        ...shortFor(fact, same),
      ];
    case 'flag': {
      // Wrong choices are only ever options of the command itself: "`--quiet` (`-q`)" beside `docker import`,
      // which has no such option, teaches a made-up flag. Fewer than three real ones: the question is held back.
      const own = `other options of \`${fact.command}\``;
      // Asked what an option does, the choices are what options do: a wrong one need not be an option of this
      // command, only untrue of the one asked, so options of its group's commands (`docker stop` beside `docker rm`)
      // fill in where the command has few. Its name teaches nothing false: no made-up option is shown.
      const kin = `options of \`${fact.command}\` and the other \`${fact.group}\` commands`;
      // "What does `--detach` (`-d`) do?" → "Run the container in the background": the everyday word of the long
      // name restates the answer, so the question asks by the short form, or is held back when there is none.
      const restated = longNameRestates(fact);
      const short = shortFormOf(fact);
      const whatDoes: Attempt =
        restated.length === 0
          ? ask(fact, 'flag', `What does ${fact.display} do in \`${fact.command}\`?`, fact.meaning, meaningsAgainst(fact, same, 'group'), kin)
          : short
            ? withoutLetterLeak(short, ask(fact, 'flag', `What does \`${short}\` do in \`${fact.command}\`?`, fact.meaning, withLetterFirst(short, fact.meaning, meaningsAgainst(fact, same, 'group')), kin))
            : { kind: 'flag', problem: `the name \`${fact.subject}\` restates the answer (${restated.join(', ')}) and the option has no short form to ask by` };
      return [
        whatDoes,
        verb
          ? ask(fact, 'which-flag', `Which option of \`${fact.command}\` ${does}?`, fact.display, displaysAgainst(fact, same), own)
          : // "Seconds to wait before killing the container": what the option sets.
            !saysWhatItDoes(fact.meaning) && /^[A-Z][a-z]/.test(fact.meaning) && fact.meaning.split(' ').length >= 4
            ? ask(fact, 'which-flag', `Which option of \`${fact.command}\` ${predicateOf(fact.meaning)}?`, fact.display, displaysAgainst(fact, same), own)
            : { kind: 'which-flag', problem: `"${fact.meaning}" is neither a verb phrase nor a noun phrase long enough to follow "Which option"` },
      ];
    }
    case 'instruction': {
      const names = instructionNames.filter((n) => n !== fact.subject && !fact.near.includes(n) && !same.some((f) => f.subject === n && overlap(f.meaning, fact.meaning) >= SAME_MEANING));
      return [
        ask(fact, 'instruction', `What does the ${fact.display} instruction do in a Dockerfile?`, fact.meaning, meaningsAgainst(fact, same)),
        verb
          ? ask(fact, 'which-instruction', `Which Dockerfile instruction ${does}?`, fact.display, shuffled(names, fact.key).map((n) => `\`${n}\``))
          : { kind: 'which-instruction', problem: `"${fact.meaning}" does not start with a verb` },
      ];
    }
  }
}

/**
 * "`docker rmi` is short for which command?" → `docker image rm`, against `docker container rm`, `docker volume rm`
 * and `docker network rm`: which object a top-level command acts on, asked among the same verb on the other
 * objects (real commands, none an alias of it), so the verb says nothing. Its own fact: knowing what
 * `docker rm` does is not knowing that it is the container one.
 */
function shortFor(fact: Fact, same: readonly Fact[]): Attempt[] {
  const words = (c: string): string[] => c.split(' ');
  const long = fact.near.find((n) => words(n).length === 3 && /^docker [a-z]+ [a-z-]+$/.test(n));
  if (words(fact.subject).length !== 2 || !long) return [];
  const verb = words(long)[2]!;
  const commands = new Set(same.flatMap((f) => [f.subject, ...f.near]).filter((c) => /^docker [a-z]+ [a-z-]+$/.test(c)));
  const others = [...commands].filter((c) => words(c)[2] === verb && words(c)[1] !== words(long)[1] && !fact.near.includes(c));
  if (others.length === 0) return [];
  const lesson = `short-for:${fact.subject}`;
  const source = { ...fact, key: lesson, lesson };
  const attempt = ask(source, 'short-for', `${fact.display} is short for which command?`, `\`${long}\``, shuffled(others, lesson).map((c) => `\`${c}\``));
  // `docker images` → `docker image ls`: the short name spells out the object asked for.
  const object = words(long)[1]!;
  const given = words(fact.subject).slice(1).filter((w) => echoes(w, object));
  return given.length > 0 && !('problem' in attempt) ? [{ kind: 'short-for', question: attempt.question.question, problem: `the short name \`${fact.subject}\` spells out "${object}"` }] : [attempt];
}

/**
 * Other facts' meanings that are not also true of this one, nearest kin first,
 * and of the same form: against "Detach from the container" a label such as
 * "Password or Personal Access Token" is a throwaway, not a distractor.
 */
function meaningsAgainst(fact: Fact, same: readonly Fact[], reach: Reach = 'command'): string[] {
  return candidates(fact, same, reach)
    .filter((f) => saysWhatItDoes(f.meaning) === saysWhatItDoes(fact.meaning))
    .map((f) => f.meaning);
}

function displaysAgainst(fact: Fact, same: readonly Fact[]): string[] {
  // A command is shown under the name (its own or an alias) nearest the answer's in form: `docker container rm`
  // beside `docker container prune`, not `docker rm`, whose shortness alone would mark it out (or rule it out).
  const groupWords = (c: string): number => c.split(' ').length;
  return candidates(fact, same).map((f) => {
    if (f.kind !== 'command') return f.display;
    const names = [f.subject, ...f.near.filter((n) => /^docker( [a-z][a-z0-9-]*)+$/.test(n))];
    const best = names.sort((a, b) => Math.abs(groupWords(a) - groupWords(fact.subject)) - Math.abs(groupWords(b) - groupWords(fact.subject)) || a.length - b.length)[0]!;
    return `\`${best}\``;
  });
}

/** Where a flag's wrong choices may come from: its own command only (option names), or its command group too (what options do). */
type Reach = 'command' | 'group';

function candidates(fact: Fact, same: readonly Fact[], reach: Reach = 'command'): Fact[] {
  // A flag is asked against flags of its own command or its group (`docker restart` against
  // `docker container *`): another group's flag is ruled out by its subject alone.
  // A command is asked against commands on the same object (image commands for an image command):
  // `docker login` against "Create and start a container" is eliminated by its subject alone.
  // A flag is asked against options of its own command or of its siblings (the same verb on another object:
  // `docker image prune` beside `docker container prune`); an unrelated command's option ("Set commit message
  // for the imported image" against a prune) is ruled out by what it is about.
  // Commands that are a real confusion (CONFUSIONS) are kin across objects: `docker save` against `docker export`.
  const kin =
    fact.kind === 'flag'
      ? same.filter((other) => ownOption(other, fact) || (reach === 'group' && other.group === fact.group && !namesItsCommand(other)))
      : fact.kind === 'command'
        ? same.filter((other) => objectOf(other.subject) === objectOf(fact.subject) || confusedWith(fact, other))
        : same;
  const usable = shuffled(
    kin.filter((other) => other.key !== fact.key && !alsoTrue(fact, other)),
    fact.key,
  );
  // Its own command first, then options people use (documented at length, or with a letter) over obscure ones.
  // Plausible first: a "remove" question gets other remove, prune or stop answers where there are some.
  const rank = (f: Fact): number =>
    (confusedWith(fact, f) ? -16 : 0) +
    (f.family === fact.family ? 0 : f.command && f.command === fact.command ? 0 : f.section.source === fact.section.source ? 1 : 2) * 8 +
    (actOf(f.meaning) === actOf(fact.meaning) ? 0 : 2) +
    (f.askable === false ? 1 : 0);
  return usable.sort((a, b) => rank(a) - rank(b));
}

/**
 * Whether an option's meaning names its own command ("Do not use cache when building the image" of `docker build`,
 * "Suppress the pull output" of `docker run --pull`): beside another command's option it is ruled out by that word.
 */
function namesItsCommand(option: Fact): boolean {
  const words = (option.command ?? '').split(' ').filter((w) => !GROUP_WORDS.has(w));
  const names = [...new Set(words.flatMap(spelledOut).flatMap((n) => [n.toLowerCase(), ...contentStems(n)]))];
  return repeated(names, option.meaning).length > 0 || nameGiveaways(words, option.meaning, true).length > 0;
}

/** Whether `other` is an option of the very command `fact` belongs to (its reference page, or a note about that command). */
function ownOption(other: Fact, fact: Fact): boolean {
  return other.family === fact.family || (other.command !== undefined && other.command === fact.command);
}

/** `-d` of "`--detach` (`-d`)", or a note's bare `-d`; undefined for an option with no one-letter form. */
function shortFormOf(fact: Fact): string | undefined {
  if (/^-[a-zA-Z]$/.test(fact.subject)) return fact.subject;
  return /\(`(-[a-zA-Z])`\)/.exec(fact.display)?.[1];
}

/**
 * How an option's long name restates what it does, by check, not by a list of flags: a word of the name
 * (or its spelled-out form) is in the answer (`--tty` → "pseudo-TTY"), a synonym from NAME_GIVEAWAYS is
 * (`--label` → "metadata"), or the plain word PLAIN_FOR_ECHO put in place of the name is (`--publish` →
 * "Map a container's port"). Empty when the name leaves the learner something to know.
 */
export function longNameRestates(fact: Fact): string[] {
  if (fact.kind !== 'flag' || !fact.subject.startsWith('--')) return [];
  const words = fact.subject.replace(/^-+/, '').split(/[-=]/).filter((w) => w.length >= 2);
  const names = [...new Set(words.flatMap(spelledOut).flatMap((n) => [n.toLowerCase(), ...contentStems(n)]))];
  const stems = repeated(names, fact.meaning).map((n) => `"${n}"`);
  const synonyms = nameGiveaways(words, fact.meaning, false, true);
  const meaningStems = contentStems(fact.meaning);
  const plain = PLAIN_FOR_ECHO.filter((e) => words.some((w) => echoes(w, e.word)) && [...contentStems(e.plain)].some((p) => meaningStems.has(p))).map((e) => `"${e.plain}" (${e.reason})`);
  return [...new Set([...stems, ...synonyms, ...plain])];
}

/** Two commands of one kind of act (`docker image prune` and `docker rmi` both end something): their options could be each other's. */
function sameAct(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const [x, y] = [actOf(a.split(' ').at(-1)!), actOf(b.split(' ').at(-1)!)];
  return x !== 'other' && x === y;
}

/** `docker image prune` and `docker network prune`, `docker container ls` and `docker image ls`: one verb on two objects. */
function siblings(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const [x, y] = [a.split(' '), b.split(' ')];
  return x.length >= 3 && y.length >= 3 && x.at(-1) === y.at(-1);
}

function confusedWith(fact: Fact, other: Fact): boolean {
  const [a, b] = [lastWord(fact.subject), lastWord(other.subject)];
  // On one object (`docker network rm` against `docker network prune`, not `docker image prune`), or two
  // top-level commands (`docker save` against `docker export`): `docker network create` is no `docker run`.
  const topLevel = (f: Fact): boolean => f.subject.split(' ').length === 2;
  const near = objectOf(fact.subject) === objectOf(other.subject) || (topLevel(fact) && topLevel(other));
  return a !== b && near && CONFUSIONS.some((c) => c.commands.includes(a) && c.commands.includes(b));
}

/** Whether `a` denies a word `b` asserts: "…without starting…" against "…and start…". */
function denies(a: string, b: string): boolean {
  const denied = [...a.matchAll(/\b(?:without|not|never|no)\s+(\w+)/gi)].flatMap((m) => [...contentStems(m[1]!)]);
  const asserted = contentStems(b.replace(/\b(?:without|not|never|no)\s+\w+/gi, ' '));
  return denied.some((w) => asserted.has(w));
}

/** Kinds of act a clause describes, by its first verb: what makes a wrong choice plausible. */
const ACTS: readonly (readonly [string, RegExp])[] = [
  ['end', /^(remove|delete|prune|stop|kill|clean|drop|disconnect|pause|logout|log out|force)\b/i],
  ['show', /^(list|show|display|get|inspect|print|return|search|view|fetch|follow|tail|verify|only)\b/i],
  ['make', /^(create|run|start|build|make|restart|execute|exec|attach|connect|unpause|resume|keep|allocate)\b/i],
  ['move', /^(push|pull|upload|download|save|load|import|export|copy|tag|commit|write|read|authenticate|log in|login)\b/i],
];
function actOf(meaning: string): string {
  return ACTS.find(([, verbs]) => verbs.test(meaning))?.[0] ?? 'other';
}

/**
 * Whether another fact's meaning could also be said of this one's subject:
 * the same subject under another name, a variant of it (`docker ps` and
 * `docker ps -a`), a flag sharing a letter (`-it` and `-i`), or a clause that
 * says much the same thing.
 */
function alsoTrue(fact: Fact, other: Fact): boolean {
  if (other.subject === fact.subject && other.command === fact.command) return true;
  if (fact.near.includes(other.subject) || other.near.includes(fact.subject)) return true;
  if (CONFUSABLE.some((pair) => pair.commands.includes(lastWord(fact.subject)) && pair.commands.includes(lastWord(other.subject)))) return true;
  if (fact.kind === 'command') {
    // Variants of one command (`docker ps`, `docker ps -a`, `docker ps -aq`), and a generic command beside
    // its group's (`docker inspect` also inspects containers; `docker rm` and `docker network rm`).
    const base = (subject: string): string => subject.split(' ').filter((w) => !w.startsWith('-')).join(' ');
    if (base(fact.subject) === base(other.subject)) return true;
    const [a, b] = [base(fact.subject).split(' '), base(other.subject).split(' ')];
    if (a.at(-1) === b.at(-1) && Math.min(a.length, b.length) === 2) return true;
  }
  if (fact.kind === 'flag') {
    if (other.subject === fact.subject) return true;
    const letters = (f: Fact): string | null => (/^-[a-zA-Z]+$/.test(f.subject) ? f.subject.slice(1) : null);
    const [a, b] = [letters(fact), letters(other)];
    if (a && b && [...a].some((c) => b.includes(c))) return true;
    // `--volumes` (`-v`) of `docker rm` and `--volume` (`-v`) of `docker run`: the same letter reads as the same option.
    // A note's bare `-d` is `--detach` (`-d`) of the same command under its short name.
    if (shortFormOf(fact) && shortFormOf(fact) === shortFormOf(other)) return true;
    // `--env` and `--env-file`, `--health-cmd` and `--health-interval`: one is a kind of the other.
    const stem = (f: Fact): string => f.subject.replace(/^--/, '').split('-')[0]!;
    if (fact.subject.startsWith('--') && other.subject.startsWith('--') && stem(fact) === stem(other)) return true;
    // `--timeout` of `docker stop` and `--stop-timeout` of `docker run`: one name inside the other reads as the same setting.
    if (fact.subject.startsWith('--') && other.subject.startsWith('--') && (fact.subject.endsWith(`-${other.subject.slice(2)}`) || other.subject.endsWith(`-${fact.subject.slice(2)}`))) return true;
  }
  // "Set meta data on a container" and "Add an annotation to the container" say one thing.
  const metadata = /\b(annotations?|meta ?data|labels?)\b/i;
  if (metadata.test(fact.meaning) && metadata.test(other.meaning)) return true;
  const [x, y] = [comparable(fact.meaning), comparable(other.meaning)];
  if (x === y || y.includes(x)) return true;
  // "Remove networks" (`docker network rm`) cannot "remove all unused networks" on its own: when this fact says
  // strictly more than the other, the other is wrong for it (the reverse is not: prune does remove networks).
  const [mine, theirs] = [contentStems(fact.meaning), contentStems(other.meaning)];
  if (theirs.size > 0 && [...theirs].every((w) => mine.has(w)) && mine.size > theirs.size && confusedWith(fact, other)) return false;
  // "Make a new container without starting the container" and "Create and start a new container" share their
  // words but not their meaning: one denies what the other does (the create/run confusion worth asking).
  if (denies(fact.meaning, other.meaning) || denies(other.meaning, fact.meaning)) return false;
  return x.includes(y) || overlap(fact.meaning, other.meaning) >= SAME_MEANING;
}

/**
 * Commands whose one-line summaries read as different but that a learner could defend
 * for each other's description: never each other's wrong choice. Data, one reason each.
 * Save/export and pause/stop left this list: their prompts say precisely which is meant
 * (images or a container's filesystem; freeze or end), and they are CONFUSIONS now.
 */
export const CONFUSABLE: readonly { readonly commands: readonly string[]; readonly reason: string }[] = [
  { commands: ['load', 'import'], reason: 'both read a tar archive into an image (an image archive, or a filesystem tarball)' },
  { commands: ['stop', 'kill'], reason: 'both stop a running container; kill only skips the grace period' },
  { commands: ['start', 'restart', 'unpause'], reason: 'each gets a container running again' },
];
const lastWord = (subject: string): string => subject.split(' ').filter((w) => !w.startsWith('-')).at(-1) ?? subject;

/** What a question is built from: a fact, or a cloze card. */
type Source = Pick<Fact, 'key' | 'section' | 'explanation'> & { readonly lesson?: string; readonly meaning?: string; readonly prompt?: string };

/** `poolName` says where wrong choices were looked for, for the reason a question is held back ("other options of `docker import`"). */
/** Words that carry no meaning a learner could match to a letter ("the", "when"); "working" is not one of them. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(eng);
const isFunctionWord = (word: string): boolean => FUNCTION_WORDS.has(word) || (word.length <= 4 && defaultAnalyzer.isStopWord(word));

/**
 * Asked by its letter, a flag still gives itself away when the answer is the only choice with a word that
 * starts with that letter (`-v` → "Bind-mount a volume", `-w` → "Set the working directory").
 */
function hasWordStartingWith(short: string, choice: string): boolean {
  const letter = short.replace(/^-/, '').toLowerCase();
  return (choice.toLowerCase().match(/[a-z][a-z'-]*/g) ?? []).some((w) => w.length > 2 && w.startsWith(letter) && !isFunctionWord(w));
}

/**
 * The pool with its best wrong choice that also has a word starting with the letter first, when the answer has
 * one (`-f` → "Force the removal…" beside "Filter output…"): the letter then points at no one choice.
 */
function withLetterFirst(short: string, answer: string, pool: readonly string[]): string[] {
  if (!hasWordStartingWith(short, answer)) return [...pool];
  const first = pool.find((c) => hasWordStartingWith(short, c));
  return first === undefined ? [...pool] : [first, ...pool.filter((c) => c !== first)];
}

function withoutLetterLeak(short: string, attempt: Attempt): Attempt {
  if ('problem' in attempt) return attempt;
  const letter = short.replace(/^-/, '').toLowerCase();
  const startsWithLetter = (choice: string): boolean => hasWordStartingWith(short, choice);
  const leaks = ({ answer, choices }: QuizQuestion): boolean => startsWithLetter(answer) && !choices.some((c) => c !== answer && startsWithLetter(c));
  // Wrong choices of which one also has a word with that letter (the next best ones) fix it.
  const fair = [attempt.question, ...(attempt.alternatives ?? [])].filter((q) => !leaks(q));
  if (fair.length > 0) return { ...attempt, question: fair[0]!, alternatives: fair.slice(1) };
  return { kind: attempt.kind, problem: `asked by \`${short}\`, the letter gives it away: only the answer has a word starting with "${letter}"` };
}

function ask(fact: Source, kind: QuestionKind, question: string, answer: string, pool: readonly string[], poolName?: string): Attempt {
  const chosen = distractors(answer, pool);
  if (chosen.length < CHOICES - 1) {
    const found = `only ${chosen.length} distractor${chosen.length === 1 ? '' : 's'} of the same kind that are not also true of it`;
    return { kind, question, problem: poolName ? `${found} among the ${poolName}${poolName.startsWith('other options') ? " (a wrong choice must be a real option of the command, never a sibling's)" : ''}` : found };
  }
  const id = idOf(kind, fact.section.id, fact.key, fact.meaning ?? fact.prompt ?? question);
  const asked = (choices: readonly string[], id: string): QuizQuestion => ({
    id,
    kind,
    fact: fact.lesson ?? fact.key,
    question,
    choices: shuffled([answer, ...choices], id),
    answer,
    // The note is named once, by whoever shows the question (trail and source), not in the prose too.
    explanation: fact.explanation,
    trail: fact.section.trail,
    source: fact.section.source,
  });
  // Each wrong choice, each pair and all three in turn left out for the next best: the stand-ins a draw can take.
  const leftOut = [1, 2, 3, 4, 5, 6, 7].map((mask) => chosen.filter((_, i) => mask & (1 << i)));
  const alternatives = leftOut
    .map((left) => distractors(answer, pool.filter((c) => !left.includes(c))))
    .filter((other) => other.length === CHOICES - 1)
    .map((other) => asked(other, idOf(id, ...[...other].sort())));
  return { kind, question: asked(chosen, id), alternatives };
}

/** The first wrong choices of `pool` that fit together with `answer`: same kind, similar length, none saying what another says. */
function distractors(answer: string, pool: readonly string[]): string[] {
  const letter = (c: string): string | undefined => /\(`(-[a-zA-Z])`\)/.exec(c)?.[1];
  const fits = (choice: string, chosen: readonly string[]): boolean => {
    const key = comparable(choice);
    // Same kind and similar length as the answer and as every choice taken so far: no odd one out.
    if ([answer, ...chosen].some((c) => comparable(c) === key) || shapeOf(choice) !== shapeOf(answer) || ![answer, ...chosen].every((c) => similarLength(choice, c))) return false;
    // Two distractors that say the same would let one be ruled out by the other; two options with one letter (`--force` (`-f`), `--filter` (`-f`)) read as a typo.
    if (chosen.some((c) => overlap(c, choice) >= SAME_MEANING)) return false;
    return !(letter(choice) && [answer, ...chosen].some((c) => letter(c) === letter(choice)));
  };
  // The first set in the pool's order that fits together: taking the best one first could leave no room for
  // the rest (a long choice rules out every short one), so a set that starts with it is only one of the tries.
  let best: string[] = [];
  let steps = 0;
  const search = (from: number, chosen: string[]): string[] | null => {
    if (chosen.length === CHOICES - 1) return chosen;
    if (chosen.length > best.length) best = chosen;
    for (let i = from; i < pool.length && steps < 20_000; i += 1) {
      steps += 1;
      if (!fits(pool[i]!, chosen)) continue;
      const found = search(i + 1, [...chosen, pool[i]!]);
      if (found) return found;
    }
    return null;
  };
  return search(0, []) ?? best;
}

function similarLength(a: string, b: string): boolean {
  const [short, long] = shownLength(a) < shownLength(b) ? [shownLength(a), shownLength(b)] : [shownLength(b), shownLength(a)];
  return long <= short * LENGTH_RATIO || long - short <= LENGTH_SLACK;
}

/**
 * The answer never repeats the flag or command it is about (`--name` → "Assign a name…"),
 * and a prompt never spells out the command it asks for ("Which command lists networks?"
 * → `docker network ls`).
 */
function repeatsName(question: QuizQuestion, fact: Fact): string[] {
  // Every choice of a short-for question has the command's verb: that is its frame, not a giveaway.
  if (question.kind === 'short-for') return [];
  const names = [...new Set(fact.names.filter((n) => !/^-/.test(n)).flatMap((n) => [...contentStems(n), n.toLowerCase()]))];
  if (question.answer === fact.display) {
    // The predicate only: "Which command…" and the code it names are the question's frame.
    const given = repeated(names, question.question.replace(/^Which (command|option of `[^`]*`|Dockerfile instruction)\s/, '').replace(/`[^`]*`/g, ' '));
    return given.length > 0 ? [`the prompt spells out "${given.join('", "')}" of ${fact.display}`] : [];
  }
  // Asked by its short form (`-d`), the long name is not in the prompt to give anything away.
  if (question.kind === 'flag' && !question.question.includes(`\`${fact.subject}\``)) return [];
  const given = repeated([...new Set(fact.names.flatMap((n) => [...contentStems(n), n.toLowerCase()]))], question.answer);
  return given.length > 0 ? [`the answer repeats "${given.join('", "')}" from ${fact.display}`] : [];
}

/** Words of a command that say what it acts on, not what it does: `docker container prune` prunes. */
const GROUP_WORDS = new Set(['docker', 'container', 'image', 'network', 'volume', 'system']);

/**
 * "What does `-q` do in `docker cp`?" → "Suppress progress output during copy", "`-a` in `docker pull`" → "Download
 * all tagged images": among wrong choices from other commands, the one that names the command (or a synonym of it,
 * NAME_GIVEAWAYS) is the answer. Fine when a wrong choice names it too ("Show extra details provided to logs").
 */
export function echoesCommand(question: QuizQuestion, fact: Pick<Fact, 'command'>): string[] {
  if (question.kind !== 'flag' || !fact.command) return [];
  const words = fact.command.split(' ').filter((w) => !GROUP_WORDS.has(w));
  const names = [...new Set(words.flatMap(spelledOut).flatMap((n) => [n.toLowerCase(), ...contentStems(n)]))];
  const hits = (choice: string): string[] => [...repeated(names, choice).map((n) => `"${n}"`), ...nameGiveaways(words, choice, true)];
  const elsewhere = new Set(question.choices.filter((c) => c !== question.answer).flatMap(hits));
  const given = hits(question.answer).filter((h) => !elsewhere.has(h));
  return given.length > 0 ? [`only the answer names the command \`${fact.command}\`: ${given.join(', ')}`] : [];
}

/** Which of the names a text repeats, stop words and shortened names included: `--all` → "all", `--no-trunc` → "truncate", `stats` → "statistics". */
export function repeated(names: readonly string[], text: string): string[] {
  const words = new Set([...contentStems(text), ...(text.toLowerCase().match(/[a-z0-9]+/g) ?? [])]);
  // A shared start of four letters counts (`--workdir` → "Working directory"), and so does one root under
  // a prefix (`--internal` → "external access"): help-text.ts says which.
  return names.filter((n) => n.length >= 2 && [...words].some((w) => echoes(n, w)));
}

export function idOf(...parts: string[]): string {
  return `q${createHash('sha1').update(parts.join('\u0000')).digest('base64url').slice(0, 11)}`;
}
