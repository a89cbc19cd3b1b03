import { normalizeText } from '../search/stem.js';
import { contentStems, nameGiveaways } from './fact-text.js';
import { echoes } from './help-text.js';

/**
 * A multiple-choice question, traceable to the note it came from. The shape
 * of `wharfie quiz --json`: a contract other tools read.
 */
export interface QuizQuestion {
  /** Stable while the note it comes from says the same thing. */
  readonly id: string;
  readonly question: string;
  /** Four choices, markdown; exactly one is `answer`. */
  readonly choices: readonly string[];
  /** The correct choice, exactly as it appears in `choices`. */
  readonly answer: string;
  readonly explanation: string;
  /** Heading trail of the note it comes from. */
  readonly trail: readonly string[];
  /** The note's file, relative to its knowledge folder. */
  readonly source: string;
  /** How it was made: kinds of generated question, or hand-written. */
  readonly kind: QuestionKind;
  /**
   * The fact it tests: two questions with the same fact (one fact asked both
   * ways) never share a draw. Absent on questions stored before it existed.
   */
  readonly fact?: string;
}

export type QuestionKind = 'command' | 'which-command' | 'short-for' | 'flag' | 'which-flag' | 'instruction' | 'which-instruction' | 'cloze' | 'hand-written';

export const CHOICES = 4;

/** Comparable form of a choice: case, markdown and punctuation set aside. */
export function comparable(text: string): string {
  return normalizeText(text).replace(/[`*_]/g, '').replace(/[^\p{L}\p{N}-]+/gu, ' ').trim();
}

/** Raw markdown tables, their escapes, HTML breaks and heading anchors: never in a question's text. */
const TABLE_SYNTAX = /\\\||\s\|\s|^\||\|$|<br\s*\/?>|\]\(#|\{#/m;
/**
 * A generated choice may be this many times longer than another, or this many characters:
 * an odd one out by length is picked (or ruled out) for its length. Code counts as written,
 * without its backticks.
 */
const LENGTH_RATIO = 1.8;
const LENGTH_SLACK = 12;

/** Length as a reader sees it: markdown backticks are not characters on the screen. */
export const shownLength = (choice: string): number => choice.replace(/`/g, '').length;

/**
 * The kind of a choice, for "all choices of one kind": code or prose; a command with
 * options is not of the same kind as bare commands (`docker ps -a` among `docker diff`).
 */
export function shapeOf(choice: string): string {
  const code = /^`([^`]+)`(?: \(`[^`]+`\))?$/.exec(choice)?.[1];
  if (!code) return 'prose';
  if (/^docker /.test(code)) return / -/.test(code) ? 'command with options' : 'command';
  // `-aq` is two options at once: beside single ones (`-l`, `-n`) its shape alone marks it out.
  if (/^-[A-Za-z]{2,}$/.test(code)) return 'combined options';
  return /^-/.test(code) ? 'option' : 'code';
}

/** An explanation teaches something only with this many meaning words the question and its answer do not hold. */
const MIN_ADDED = 2;

/** Meaning words of the explanation that neither the question nor its answer holds: what it adds. */
export function addedWords(question: QuizQuestion): string[] {
  const shown = new Set([...contentStems(question.question.replace(/___/g, ' ')), ...contentStems(question.answer)]);
  return [...contentStems(question.explanation)].filter((w) => !shown.has(w));
}

/** Whether a prompt word echoes a distractor as much as the answer: then it points at no one choice. */
function elsewhereEchoes(word: string, distractors: readonly string[]): boolean {
  return distractors.some((d) => [...contentStems(d)].some((w) => echoes(word, w)));
}

/** What is wrong with a question, if anything: the rules every question, generated or written, must pass. */
export function problemsWith(question: QuizQuestion): string[] {
  const problems: string[] = [];
  if (question.question.trim() === '') problems.push('the question is empty');
  if (question.choices.length !== CHOICES) problems.push(`has ${question.choices.length} choices, not ${CHOICES}`);
  const keys = question.choices.map(comparable);
  if (new Set(keys).size !== keys.length) problems.push('two choices say the same thing');
  if (keys.some((k) => k === '')) problems.push('a choice is empty');
  const correct = question.choices.filter((c) => c === question.answer).length;
  if (correct !== 1) problems.push(`${correct} choices are the answer, not exactly one`);
  const answer = comparable(question.answer);
  if (answer.length > 2 && comparable(question.question).includes(answer)) problems.push('the question gives the answer away');
  if (question.trail.length === 0 || question.source === '') problems.push('it does not say which note it comes from');
  if (question.explanation.trim() === '') problems.push('there is no explanation');
  if (/which (topic|section|heading|note)\b/i.test(question.question)) problems.push('it asks where a sentence sits, not a Docker fact');
  if ([question.question, ...question.choices, question.explanation].some((t) => TABLE_SYNTAX.test(t))) problems.push('it holds table syntax or escapes');
  const echoed = answerNameInPrompt(question);
  if (echoed.length > 0) problems.push(`the prompt echoes the answer's name: ${echoed.join(', ')}`);
  if (question.kind !== 'hand-written') problems.push(...generatedProblems(question));
  return problems;
}

/**
 * "Which instruction copies a file…?" → `COPY`, "…run as the `node` user?" → `USER node`: a code answer whose
 * name the prompt's words echo is read off the prompt. Words the wrong choices share are not distinctive.
 */
function answerNameInPrompt(question: QuizQuestion): string[] {
  const code = /^`([^`]+)`$/.exec(question.answer)?.[1];
  if (!code) return [];
  const wordsOf = (c: string): string[] => c.toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 3 && w !== 'docker');
  const elsewhere = new Set(question.choices.filter((c) => c !== question.answer).flatMap(wordsOf));
  const names = wordsOf(code).filter((w) => !elsewhere.has(w) && ![...elsewhere].some((e) => echoes(w, e)));
  const prompt = question.question.replace(/`[^`]*`/g, ' ').toLowerCase().match(/[a-z]+/g) ?? [];
  return names.flatMap((n) => prompt.filter((w) => echoes(n, w)).map((w) => `"${w}" (\`${n}\`)`));
}

/** Stricter rules for what a program wrote: no giveaway words, no odd-one-out length. */
function generatedProblems(question: QuizQuestion): string[] {
  const problems: string[] = [];
  const distractors = question.choices.filter((c) => c !== question.answer);
  const elsewhere = new Set(distractors.flatMap((d) => [...contentStems(d)]));
  const distinctive = [...contentStems(question.answer)].filter((w) => !elsewhere.has(w));
  // A flag question names its command for context ("…do in `docker run`?"): that is not the answer's word.
  const prompt = [...contentStems(question.kind === 'flag' ? question.question.replace(/ in `[^`]+`\?$/, '?') : question.question)];
  // Not only the same stem: one root under a prefix gives it away too (`--internal` and "external access").
  const given = distinctive.filter((w) => prompt.some((p) => p === w || (!elsewhereEchoes(p, distractors) && echoes(p, w))));
  if (given.length > 0) problems.push(`the prompt holds the answer's word${given.length > 1 ? 's' : ''} "${given.join('", "')}"`);
  const lengths = question.choices.map(shownLength);
  const shortest = Math.min(...lengths);
  const longest = Math.max(...lengths);
  if (longest > shortest * LENGTH_RATIO && longest - shortest > LENGTH_SLACK) problems.push(`choice lengths differ too much (${shortest} to ${longest} characters)`);
  const shapes = new Set(question.choices.map(shapeOf));
  if (shapes.size > 1) problems.push(`choices of mixed kind (${[...shapes].join(', ')})`);
  const added = addedWords(question);
  // A worked example ("For example: `docker wait my_container`") adds the how, whatever its words.
  const example = /For example: `[^`]+`/.test(question.explanation);
  if (added.length < MIN_ADDED && !example) problems.push(`the explanation only restates the question and its answer${added.length > 0 ? ` (it adds "${added.join('", "')}")` : ''}`);
  const given2 = namedGiveaways(question);
  if (given2.length > 0) problems.push(`the name gives the answer away: ${given2.join(', ')}`);
  return problems;
}

/**
 * "What does `docker push` do?" → "Upload…", "Which command freezes all processes?" → `docker pause`:
 * the name asked about (or answered) is a synonym of the other side's word (fact-text.ts,
 * NAME_GIVEAWAYS, one reason each).
 */
export function namedGiveaways(question: QuizQuestion): string[] {
  // "Which option of `docker stop` sets how long to wait…?" → `--timeout`: an option's name is a
  // description, so asked the other way round it still says which one; a command's name is the lesson.
  if (question.kind === 'which-flag') {
    const names = [...question.answer.matchAll(/`-+([^`]+)`/g)].flatMap((m) => m[1]!.split(/[-=]/));
    return nameGiveaways(names, question.question.replace(/`[^`]*`/g, ' '));
  }
  // "Which command authenticates to a registry?" → `docker login`: asked this way round the synonym
  // still names the command, whatever its family's other commands are (the review rejected it).
  if (question.kind === 'which-command') {
    const names = (/^`docker ([^`]+)`$/.exec(question.answer)?.[1] ?? '').split(/\s+/).filter(Boolean);
    return nameGiveaways(names, question.question.replace(/`[^`]*`/g, ' '), true);
  }
  if (!['command', 'flag', 'instruction', 'cloze'].includes(question.kind)) return [];
  const code = question.kind === 'cloze' ? [question.answer] : [...question.question.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  // For a flag, its own name; the command it belongs to is context.
  const named = question.kind === 'flag' ? code.slice(0, 1) : code;
  const names = named.flatMap((c) => c.split(/\s+/)).filter((w) => w !== 'docker').flatMap((w) => w.replace(/^-+/, '').split(/[-=]/));
  // A synonym counts wherever it is, even where wrong choices have one too: "only display" is read into any "display".
  const text = question.kind === 'cloze' ? question.question.replace(/`[^`]*`/g, ' ') : question.answer;
  return nameGiveaways(names, text, false, true);
}

/** A cue (a letter, a name's word) points at the answer unless at least this many wrong choices carry one too. */
export const CUED_WRONG = 2;

/** Whether a cue points at the answer alone: the answer carries it and fewer than CUED_WRONG wrong choices do. */
export function cuedAnswerOnly(cue: (choice: string) => boolean, question: Pick<QuizQuestion, 'answer' | 'choices'>): boolean {
  return cue(question.answer) && question.choices.filter((c) => c !== question.answer && cue(c)).length < CUED_WRONG;
}

/** Problems of a draw as a whole: the same fact asked twice. */
export function drawProblems(questions: readonly QuizQuestion[]): string[] {
  const seen = new Map<string, QuizQuestion>();
  const problems: string[] = [];
  for (const q of questions) {
    const fact = q.fact ?? q.id;
    const before = seen.get(fact);
    if (before) problems.push(`"${before.question}" and "${q.question}" ask the same fact`);
    seen.set(fact, q);
  }
  questions.forEach((q, i) => {
    for (const other of questions.slice(0, i)) {
      const why = crossTalk(q, other) ?? crossTalk(other, q);
      if (why) problems.push(`"${q.question}" and "${other.question}": ${why}`);
    }
  });
  return problems;
}

/**
 * Whether one question of a draw helps with another: one's wrong choice is the other's
 * answer, or one's prompt holds the other's answer ("Which command removes unused images?"
 * beside "What does `docker image prune` do?").
 */
export function crossTalk(q: QuizQuestion, other: QuizQuestion): string | null {
  const answer = comparable(other.answer);
  if (q.choices.some((c) => c !== q.answer && comparable(c) === answer)) return `a wrong choice of one is the answer of the other ("${other.answer}")`;
  if (!other.answer.startsWith('`') && answer.length >= 12 && ` ${comparable(q.question)} `.includes(` ${answer} `)) return `the prompt of one holds the answer of the other ("${other.answer}")`;
  // "Freeze all processes within containers" as a wrong choice beside "Which command freezes all processes
  // within containers?": the wrong choice is the other's prompt, and says which choice that one's answer is.
  const asked = contentStems(other.question.replace(/^Which (command|option of `[^`]*`|Dockerfile instruction)\s/, '').replace(/`[^`]*`/g, ' '));
  const prompted = q.choices.find((c) => {
    if (c === q.answer || c.startsWith('`')) return false;
    const words = [...contentStems(c)];
    return words.length >= 3 && words.filter((w) => asked.has(w)).length / Math.max(words.length, asked.size) >= 0.75;
  });
  if (prompted) return `a wrong choice of one is the prompt of the other ("${prompted}")`;
  // "What does `-i` do in `docker load`?" → "Read from a tar archive file, instead of STDIN" beside "Which command
  // reads an image from a tar archive or STDIN?" → `docker load`: one names the other's answer and, in its
  // choices, says what the other asks. One fact, asked twice.
  const named = /^`(docker [^`]+)`$/.exec(other.answer)?.[1];
  if (named && (q.question.includes(`\`${named}\``) || q.question.includes(`\`${named} `))) {
    const said = q.choices.find((c) => {
      const words = [...contentStems(c)];
      const shared = words.filter((w) => asked.has(w)).length;
      return shared >= 2 && shared / Math.min(words.length, asked.size) >= 0.5;
    });
    if (said) return `one names \`${named}\` and a choice says what the other asks of it ("${said}")`;
  }
  // "`docker ps` lists containers. … `docker ps -aq` gets all the container IDs" after one question, "Fill in the
  // blank: `docker ps ___` gets all the container IDs" in the next: the explanation answers it.
  const code = /^`([^`]+)`$/.exec(other.answer)?.[1];
  if (code && new RegExp(`(?<![\\w-])${code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(q.explanation.replace(/[^`]*`([^`]*)`[^`]*/g, ' $1 '))) {
    const prompt = [...contentStems(other.question.replace(/^Fill in the blank:\s*/, '').replace(/`[^`]*`/g, ' '))];
    const explained = contentStems(q.explanation);
    if (prompt.length >= 2 && prompt.filter((w) => explained.has(w)).length / prompt.length >= 0.6) return `the explanation of one gives the answer of the other (${other.answer})`;
  }
  // "What does `docker ps` do?" explained with its aliases beside "`docker ps` is short for which command?": two
  // questions about one command, where the explanation of one states the answer of the other.
  const codes = (text: string): Set<string> => new Set([...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
  const asked2 = codes(other.question);
  if ([...codes(q.question)].some((c) => c.startsWith('docker ') && asked2.has(c))) {
    const stated = [...contentStems(other.answer)];
    const explained = contentStems(q.explanation);
    const told = code ? codes(q.explanation).has(code) : stated.length >= 2 && stated.every((w) => explained.has(w));
    if (told) return `both ask about one command and the explanation of one states the answer of the other (${other.answer})`;
  }
  return null;
}
