import { createHash } from 'node:crypto';
import type { Knowledge } from '../knowledge/section.js';
import { contentStems, lowerFirst, nameGiveaways, overlap, predicateOf, saysWhatItDoes, spelledOut, thirdPerson, VERBS } from './fact-text.js';
import { echoes, PLAIN_FOR_ECHO } from './help-text.js';
import { clozeCards, type Cloze } from './cloze.js';
import { extractFacts, INSTRUCTIONS, objectOf, type Fact } from './facts.js';
import { CHOICES, comparable, CUED_WRONG, cuedAnswerOnly, problemsWith, shapeOf, shownLength, type QuestionKind, type QuizQuestion } from './quiz-question.js';
import { shuffled } from './seeded.js';
import { confused, CONFUSIONS } from './confusions.js';

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
    // `docker ___` "creates and starts a new container" against `ps`, `logs`, `stop` is read off the line:
    // a blanked subcommand needs a wrong choice learners confuse with it (`create`, `start`).
    if (card.subcommand && !card.wrong.some((w) => confused(card.subcommand!, w.replace(/`/g, '')))) {
      rejected.push({ ...where, question: attempt.question.question, problems: ['no wrong choice is a command learners confuse with the blanked one, so the line alone gives it'] });
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
        // "What does `docker ps -aq` do?" tests its flags: its wrong choices would be what other flags of `docker ps`
        // make of it, and those are also true of it (variants of one command). Against other commands' meanings it
        // is only "what does `docker ps` do?" again: held back.
        / -/.test(fact.subject)
          ? { kind: 'command', question: `What does ${fact.display} do?`, problem: `it is asked for its flags, and no other flags of \`${fact.subject.split(' -')[0]}\` give wrong choices that are not also true of it` }
          : withNearMiss(fact, same, ask(fact, 'command', `What does ${fact.display} do?`, fact.meaning, meaningsAgainst(fact, same))),
        verb
          ? ofTheSameAct(fact, same, ask(fact, 'which-command', `Which command ${does}?`, fact.display, displaysAgainst(fact, same), undefined, [[sameActSets(fact, same), sameActShort(fact)]]))
          : { kind: 'which-command', problem: `"${fact.meaning}" does not start with a verb, so it cannot follow "Which command"` },
        ...shortFor(fact, same),
      ];
    case 'flag': {
      // Wrong choices are only ever options of the command itself: "`--quiet` (`-q`)" beside `docker import`,
      // which has no such option, teaches a made-up flag. Fewer than three real ones: the question is held back.
      const own = `other options of \`${fact.command}\``;
      // Asked what an option does, the wrong meanings are its own command's too: another command's option
      // ("Attach a filesystem mount" beside `docker logs`, "Drop Linux capabilities" beside `docker rm`) is
      // ruled out by common sense. Fewer than three: held back.
      // "What does `--detach` (`-d`) do?" → "Run the container in the background": the everyday word of the long
      // name restates the answer, so the question asks by the short form, or is held back when there is none.
      const restated = longNameRestates(fact);
      const short = shortFormOf(fact);
      // At most one wrong meaning is borrowed, from a sibling command of the same kind of act: two of the three are its own.
      const ownPool = meaningsAgainst(fact, same);
      const pool = distractors(fact.meaning, ownPool).length >= CHOICES - 1 ? ownPool : meaningsAgainst(fact, same, 'same-act');
      const mostlyOwn = (attempt: Attempt): Attempt => withOwnOptions(attempt, ownPool, `${own} (at most one borrowed from a sibling command that does the same kind of thing)`);
      const borrowedAtMostOnce: Admissible = (set) => set.filter((c) => !ownPool.includes(c)).length <= 1;
      const rules: Rule[] = [[borrowedAtMostOnce, `fewer than ${CHOICES - 2} wrong meanings of the same kind among the ${own} (at most one borrowed from a sibling command that does the same kind of thing)`]];
      // Asked by its letter, the letter is the cue; asked by a long name that restates the answer, the name is:
      // either way the question stands only where at least CUED_WRONG wrong choices carry a cue too.
      // Only the name's own words can be shared that way: a synonym ("metadata" for `--label`) is read into any choice.
      const wordsOnly = restated.length > 0 && restated.length === longNameWords(fact, fact.meaning).length;
      const cue: Cue | null = short ? letterCue(fact, short) : wordsOnly ? nameCue(fact) : null;
      if (cue) rules.push([cuesShared(cue, fact.meaning), short ? letterLeak(fact, short) : nameLeak(fact, restated)]);
      const asked = (prompt: string): Attempt => mostlyOwn(ask(fact, 'flag', prompt, fact.meaning, cue ? withCueFirst(cue, fact.meaning, pool) : pool, own, rules));
      // A long name that restates the answer is asked by its letter where there is one.
      const prompt = `What does ${restated.length > 0 && short ? `\`${short}\`` : fact.display} do in \`${fact.command}\`?`;
      const whatDoes: Attempt =
        restated.length > 0 && !cue
          ? { kind: 'flag', problem: `the name \`${fact.subject}\` restates the answer (${restated.join(', ')}) and the option has no short form to ask by` }
          : cue
            ? withoutCueLeak(cue, asked(prompt), short ? letterLeak(fact, short) : nameLeak(fact, restated))
            : asked(prompt);
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
  if ('problem' in attempt) return [attempt];
  if (given.length > 0) return [{ kind: 'short-for', question: attempt.question.question, problem: `the short name \`${fact.subject}\` spells out "${object}"` }];
  const pointed = letterPointsAtOne(words(fact.subject)[1]!, verb, attempt.question.choices);
  return pointed ? [{ kind: 'short-for', question: attempt.question.question, problem: `the short name \`${fact.subject}\` points at "${pointed.object}": its letter "${pointed.letter}" besides the verb starts only that choice's object` }] : [attempt];
}

/**
 * `rmi` is `rm` and an "i": among `docker container rm`, `docker image rm`… only "image" starts with it, so the
 * letter answers. The letters of the short name that are not its verb's, checked against each choice's object.
 */
export function letterPointsAtOne(short: string, verb: string, choices: readonly string[]): { letter: string; object: string } | null {
  const rest = short.startsWith(verb) ? short.slice(verb.length) : short.endsWith(verb) ? short.slice(0, -verb.length) : short;
  const objects = choices.map((c) => c.replace(/`/g, '').split(' ')[1] ?? '');
  for (const letter of new Set(rest.toLowerCase())) {
    const hits = objects.filter((o) => o.startsWith(letter));
    if (hits.length === 1) return { letter, object: hits[0]! };
  }
  return null;
}

/**
 * Other facts' meanings that are not also true of this one, nearest kin first,
 * and of the same form: against "Detach from the container" a label such as
 * "Password or Personal Access Token" is a throwaway, not a distractor.
 */
function meaningsAgainst(fact: Fact, same: readonly Fact[], reach: Reach = 'command'): string[] {
  return candidates(fact, same, reach)
    .filter((f) => saysWhatItDoes(f.meaning) === saysWhatItDoes(fact.meaning) && !saysLess(f.meaning, fact.meaning))
    .map((f) => f.meaning);
}

/**
 * Whether `other` says only part of what `meaning` says: asked what `docker container prune` does ("Remove all
 * stopped containers"), "Remove containers" is true of it too, said more loosely (the seventh review). Asked
 * the other way, `docker container rm` is still a wrong command for removing all stopped containers.
 */
function saysLess(other: string, meaning: string): boolean {
  const [mine, theirs] = [contentStems(meaning), contentStems(other)];
  return theirs.size > 0 && mine.size > theirs.size && [...theirs].every((w) => mine.has(w));
}

/** Of the question and its stand-ins, those with at most one wrong choice that is not in `own`; else held back. */
function withOwnOptions(attempt: Attempt, own: readonly string[], poolName: string): Attempt {
  if ('problem' in attempt) return attempt;
  const fits = (q: QuizQuestion): boolean => q.choices.filter((c) => c !== q.answer && !own.includes(c)).length <= 1;
  const fair = [attempt.question, ...(attempt.alternatives ?? [])].filter(fits);
  if (fair.length > 0) return { ...attempt, question: fair[0]!, alternatives: fair.slice(1) };
  return { kind: attempt.kind, question: attempt.question.question, problem: `fewer than ${CHOICES - 2} wrong meanings of the same kind among the ${poolName}` };
}

/** Wrong commands of the same kind of act as the answer that a set needs: "history" and "ls" are no ways to remove images. */
const SAME_ACT_WRONG = 2;

/**
 * "Which command removes unused images?" among `docker image history` and `docker image ls` is `rm` against
 * `prune`: held back unless at least SAME_ACT_WRONG wrong commands do the same kind of thing (remove, list or
 * show, create, move) as the answer. The first set of wrong choices, then the stand-ins, are tried.
 */
function ofTheSameAct(fact: Fact, same: readonly Fact[], attempt: Attempt): Attempt {
  if ('problem' in attempt) return attempt;
  const admissible = sameActSets(fact, same);
  const fits = (q: QuizQuestion): boolean => admissible(q.choices.filter((c) => c !== q.answer), 0);
  const fair = [attempt.question, ...(attempt.alternatives ?? [])].filter(fits);
  if (fair.length > 0) return { ...attempt, question: fair[0]!, alternatives: fair.slice(1) };
  return { kind: attempt.kind, question: attempt.question.question, problem: sameActShort(fact) };
}

/**
 * "What does `docker run` do?" against what `ps`, `logs` and `stop` do is read off the name ("run" is
 * "start"): a wrong choice must be a near miss, what a command of the same kind of act or a known
 * confusion does ("Create a new container", for `docker create`). Of the question and its stand-ins,
 * the first with one; else held back (the fourth review's main pattern for generated questions).
 */
function withNearMiss(fact: Fact, same: readonly Fact[], attempt: Attempt): Attempt {
  if ('problem' in attempt) return attempt;
  const act = actOf(fact.meaning);
  const near = new Set(candidates(fact, same).filter((f) => (act !== 'other' && actOf(f.meaning) === act) || confusedWith(fact, f)).map((f) => f.meaning));
  const fits = (q: QuizQuestion): boolean => q.choices.some((c) => c !== q.answer && near.has(c));
  const fair = [attempt.question, ...(attempt.alternatives ?? [])].filter(fits);
  if (fair.length > 0) return { ...attempt, question: fair[0]!, alternatives: fair.slice(1) };
  return { kind: attempt.kind, question: attempt.question.question, problem: 'no wrong choice is a near miss (what a command of the same kind of act, or one learners confuse with it, does): the name alone gives the answer' };
}

function sameActShort(fact: Fact): string {
  const act = actOf(fact.meaning);
  return `fewer than ${SAME_ACT_WRONG} other commands on its object ${ACT_NAMES[act] ?? act}, so the wrong choices could not be ways to do it`;
}

/** Sets of wrong commands with SAME_ACT_WRONG of the answer's kind of act, or a known confusion of it (`docker export` beside `docker load`). */
function sameActSets(fact: Fact, same: readonly Fact[]): Admissible {
  const act = actOf(fact.meaning);
  // A meaning of no known act ("Manage…"): the object the candidates share is all there is to go by.
  if (act === 'other') return () => true;
  const displays = displaysAgainst(fact, same);
  const alike = new Set(candidates(fact, same).flatMap((f, i) => (actOf(f.meaning) === act || confusedWith(fact, f) ? [displays[i]!] : [])));
  return (set, slots) => set.filter((c) => alike.has(c)).length + slots >= SAME_ACT_WRONG;
}

const ACT_NAMES: Readonly<Record<string, string>> = { end: 'remove or stop something', show: 'list or show something', make: 'create or run something', move: 'move an image or files' };

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

/**
 * Where a flag's wrong choices may come from: its own command only, or also the options of its group's commands
 * that do the same kind of thing (`docker run` beside `docker start`: "Attach a filesystem mount" is believable
 * of starting a container; beside `docker logs` it is not).
 */
type Reach = 'command' | 'same-act';

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
      ? same.filter((other) => ownOption(other, fact) || (reach === 'same-act' && other.group === fact.group && sameAct(other.command, fact.command) && !namesItsCommand(other)))
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
    // Which command removes…? is asked among commands that remove, list or show, not `docker image history`.
    (actOf(f.meaning) === actOf(fact.meaning) ? 0 : fact.kind === 'command' ? 12 : 2) +
    (f.askable === false ? 1 : 0);
  return withoutSynonyms(usable.sort((a, b) => rank(a) - rank(b)));
}

/** How far down a pool its wrong choices are checked against each other: the search rarely goes further. */
const SYNONYM_WINDOW = 40;

/**
 * The pool without a fact that says what one before it says ("How long to wait before killing the container"
 * of `docker stop` and "Timeout to stop a container" of `docker run --stop-timeout`): both as wrong choices,
 * one strikes the other out.
 */
function withoutSynonyms(pool: readonly Fact[]): Fact[] {
  const kept: Fact[] = [];
  for (const [i, f] of pool.entries()) if (i >= SYNONYM_WINDOW || !kept.some((k) => sameOption(k, f))) kept.push(f);
  return kept;
}

/**
 * Two options that read as one setting on sibling commands: one name, one letter, one a kind of the other
 * (`--env`, `--env-file`) or one name inside the other (`--timeout` of `docker stop`, `--stop-timeout` of `docker run`).
 */
function sameOption(a: Fact, b: Fact): boolean {
  if (a.kind !== 'flag' || b.kind !== 'flag' || a.command === b.command) return false;
  if (a.subject === b.subject) return true;
  if (shortFormOf(a) && shortFormOf(a) === shortFormOf(b)) return true;
  const [x, y] = [a.subject.replace(/^--/, ''), b.subject.replace(/^--/, '')];
  return x.split('-')[0] === y.split('-')[0] || x.endsWith(`-${y}`) || y.endsWith(`-${x}`);
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
  const words = longNameParts(fact);
  const stems = longNameWords(fact, fact.meaning).map((n) => `"${n}"`);
  const synonyms = nameGiveaways(words, fact.meaning, false, true);
  const meaningStems = contentStems(fact.meaning);
  const plain = PLAIN_FOR_ECHO.filter((e) => words.some((w) => echoes(w, e.word)) && [...contentStems(e.plain)].some((p) => meaningStems.has(p))).map((e) => `"${e.plain}" (${e.reason})`);
  return [...new Set([...stems, ...synonyms, ...plain])];
}

/** The words of an option's long name: `--add-host` → add, host. */
function longNameParts(fact: Fact): string[] {
  return fact.subject.replace(/^-+/, '').split(/[-=]/).filter((w) => w.length >= 2);
}

/** A long name's words with their spelled-out forms and stems, as `repeated` looks for them. */
function longNameForms(fact: Fact): string[] {
  return [...new Set(longNameParts(fact).flatMap(spelledOut).flatMap((n) => [n.toLowerCase(), ...contentStems(n)]))];
}

/** Words of an option's long name (or their spelled-out forms) that a text says again: `--add-host` in "Add a custom host…". */
function longNameWords(fact: Fact, text: string): string[] {
  return repeated(longNameForms(fact), text);
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

/**
 * Verbs that undo each other. Two clauses that open with a pair of them say opposite things, however many
 * other words they share: the near miss a learner has to tell apart. Data, general English.
 */
const OPPOSITE_VERBS: readonly (readonly [string, string])[] = [
  ['download', 'upload'],
  ['pull', 'push'],
  ['import', 'export'],
  ['start', 'stop'],
  ['pause', 'unpause'],
  ['create', 'remove'],
  ['connect', 'disconnect'],
  ['attach', 'detach'],
  ['enable', 'disable'],
  ['lock', 'unlock'],
  ['log in', 'log out'],
];

function opposite(a: string, b: string): boolean {
  const opens = (clause: string, verb: string): boolean => new RegExp(`^${verb}\\b`, 'i').test(clause);
  return OPPOSITE_VERBS.some(([x, y]) => (opens(a, x) && opens(b, y)) || (opens(a, y) && opens(b, x)));
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
  // strictly more than the other, the other command is wrong for it (asked by meaning, see `saysLess`).
  if (saysLess(other.meaning, fact.meaning) && confusedWith(fact, other)) return false;
  // "Make a new container without starting the container" and "Create and start a new container" share their
  // words but not their meaning: one denies what the other does (the create/run confusion worth asking).
  if (denies(fact.meaning, other.meaning) || denies(other.meaning, fact.meaning)) return false;
  // "Download an image from a registry" and "Upload an image to a registry": the same words round opposite acts.
  if (opposite(fact.meaning, other.meaning)) return false;
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

/**
 * Words that carry no meaning a learner could match to a letter ("the", "from", "if"). "all" is not one of
 * them: `-a` → "Show all containers" is the cue the review found.
 */
const LETTER_FILLERS: ReadonlySet<string> = new Set('a an and as at be by for from if in into is it its of on or than that the then this to with when'.split(' '));

/**
 * What points a learner from an option's letter (or long name) at a choice without knowing Docker: a word
 * starting with the letter (`-f` → "Force…", `-t` → "pseudo-TTY", split at hyphens and slashes), or a word
 * holding a word of the long name (`--follow-link` → "symlinks").
 */
export function letterCues(short: string, long: string | undefined, choice: string): string[] {
  const letter = short.replace(/^-/, '').toLowerCase();
  const words = choice.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const names = (long ?? '').replace(/^-+/, '').toLowerCase().split(/[-=]/).filter((w) => w.length >= 3);
  const byLetter = words.filter((w) => w.startsWith(letter) && !LETTER_FILLERS.has(w));
  const byName = words.filter((w) => names.some((n) => (n.length >= 4 ? w.includes(n.slice(0, 5)) : w.startsWith(n)) || echoes(n, w)));
  return [...new Set([...byLetter, ...byName])];
}

/** Whether a choice carries what points a learner at it from the name asked about. */
type Cue = (choice: string) => boolean;

/** The letter's cue (`letterCues`). */
const letterCue = (fact: Fact, short: string): Cue => (choice) => letterCues(short, fact.subject, choice).length > 0;

/**
 * The long name's cue: every word of the name the answer says again, said in the choice too. `--stop-signal`
 * → "Signal to stop the container" beside "Signal to send to stop it" and "Timeout to stop a container" is
 * fair only if two wrong choices say "stop" and "signal": the choice with the most of the name is the answer.
 */
const nameCue = (fact: Fact): Cue => {
  // The name's forms once: the cue is asked of every choice the distractor search tries.
  const forms = longNameForms(fact);
  const said = repeated(forms, fact.meaning);
  return (choice) => {
    const words = repeated(forms, choice);
    return said.every((w) => words.includes(w));
  };
};

/** When the answer carries a cue, a set of wrong choices that can still end with CUED_WRONG cued ones. */
function cuesShared(cue: Cue, answer: string): Admissible {
  if (!cue(answer)) return () => true;
  return (set, slots) => set.filter(cue).length + slots >= CUED_WRONG;
}

/** The pool with the wrong choices that carry a cue first, so the set searched first shares the answer's cue. */
function withCueFirst(cue: Cue, answer: string, pool: readonly string[]): string[] {
  if (!cue(answer)) return [...pool];
  const cued = pool.filter(cue);
  return [...cued, ...pool.filter((c) => !cued.includes(c))];
}

/**
 * Held back unless the cue points at no one choice: when the answer has one, at least CUED_WRONG wrong
 * choices have one too. The first set of wrong choices, then the stand-ins, are tried.
 */
function withoutCueLeak(cue: Cue, attempt: Attempt, problem: string): Attempt {
  if ('problem' in attempt) return attempt;
  const fair = [attempt.question, ...(attempt.alternatives ?? [])].filter((q) => !cuedAnswerOnly(cue, q));
  if (fair.length > 0) return { ...attempt, question: fair[0]!, alternatives: fair.slice(1) };
  return { kind: attempt.kind, question: attempt.question.question, problem };
}

function nameLeak(fact: Fact, restated: readonly string[]): string {
  return `the name \`${fact.subject}\` restates the answer (${restated.join(', ')}) and fewer than ${CUED_WRONG} wrong choices say it too; the option has no short form to ask by`;
}

function letterLeak(fact: Fact, short: string): string {
  const cue = letterCues(short, fact.subject, fact.meaning).map((w) => `"${w}"`).join(', ');
  return `asked by \`${short}\`, the letter gives it away: the answer's ${cue} matches \`${short}\`/\`${fact.subject}\` and fewer than ${CUED_WRONG} wrong choices have such a word`;
}

/**
 * What a set of wrong choices must be as a whole, checked on each partial set so that the search finds one that
 * is where there is one: `slots` is how many choices are still to come.
 */
type Admissible = (set: readonly string[], slots: number) => boolean;
/** A rule for a set of wrong choices, and what to say when no set keeps it. */
type Rule = readonly [Admissible, string];

function ask(fact: Source, kind: QuestionKind, question: string, answer: string, pool: readonly string[], poolName?: string, rules: readonly Rule[] = []): Attempt {
  const admissible: Admissible | undefined = rules.length === 0 ? undefined : (set, slots) => rules.every(([rule]) => rule(set, slots));
  const chosen = distractors(answer, pool, admissible);
  // Enough wrong choices, but no set of them keeps the rules: the first rule no set keeps is the reason.
  if (chosen.length < CHOICES - 1 && admissible && distractors(answer, pool).length === CHOICES - 1) {
    const broken = rules.find(([rule]) => distractors(answer, pool, rule).length < CHOICES - 1);
    return { kind, question, problem: broken ? broken[1] : rules.map(([, why]) => why).join('; and ') };
  }
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
    .map((left) => distractors(answer, pool.filter((c) => !left.includes(c)), admissible))
    .filter((other) => other.length === CHOICES - 1)
    .map((other) => asked(other, idOf(id, ...[...other].sort())));
  return { kind, question: asked(chosen, id), alternatives };
}

/** The first wrong choices of `pool` that fit together with `answer`: same kind, similar length, none saying what another says. */
function distractors(answer: string, pool: readonly string[], admissible?: Admissible): string[] {
  const letter = (c: string): string | undefined => /\(`(-[a-zA-Z])`\)/.exec(c)?.[1];
  const fits = (choice: string, chosen: readonly string[]): boolean => {
    const key = comparable(choice);
    // Same kind and similar length as the answer and as every choice taken so far: no odd one out.
    if ([answer, ...chosen].some((c) => comparable(c) === key) || shapeOf(choice) !== shapeOf(answer) || ![answer, ...chosen].every((c) => similarLength(choice, c))) return false;
    // Two distractors that say the same would let one be ruled out by the other; two options with one letter (`--force` (`-f`), `--filter` (`-f`)) read as a typo.
    if (chosen.some((c) => overlap(c, choice) >= SAME_MEANING)) return false;
    if (admissible && !admissible([...chosen, choice], CHOICES - 2 - chosen.length)) return false;
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
  const all = [...new Set(fact.names.flatMap((n) => [...contentStems(n), n.toLowerCase()]))];
  const given = repeated(all, question.answer);
  // Every word of it said by CUED_WRONG wrong choices too, the name points at no one choice.
  if (question.kind === 'flag' && !cuedAnswerOnly((c) => given.every((w) => repeated(all, c).includes(w)), question)) return [];
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
