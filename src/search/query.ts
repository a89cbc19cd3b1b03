import { flagTerms, literalTerms, pairTerm, stem, type Analyzer } from './analyze.js';
import { readMessage } from './message.js';
import { TUNING } from './tuning.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * A question, read as groups of alternative terms. One group per thing the
 * question says (a word, a flag, a command); its terms are the word itself and
 * what it may have meant (typo fixes, completions, synonyms), each weighted.
 * A section earns a group's score once, through its best term, so expansions
 * widen recall without counting twice. `pair` groups reward words that stand
 * together in a note; `implied` groups are flags the words name ("read only"
 * → `--read-only`). Both add to the score but not to what must be covered.
 */
export interface QueryTerm {
  readonly term: string;
  readonly weight: number;
}

export interface QueryGroup {
  readonly kind: 'word' | 'flag' | 'command' | 'literal' | 'pair' | 'implied';
  /** What the user wrote (or what the correction made of it), for explanations. */
  readonly label: string;
  /** Best first. */
  readonly terms: readonly QueryTerm[];
  /** The notes use this word/flag as written (no correction needed). */
  readonly known: boolean;
  /** An everyday word the notes never use: phrasing, not a topic. */
  readonly everyday: boolean;
  /** Written like a name (node_modules, my_app, v2): a particular thing, not a topic. */
  readonly identifier?: boolean;
  /** How much the part of the message it came from counts: the asking sentence and code 1, the story around it less. */
  readonly emphasis: number;
}

/** What a message says, for ranking and for deciding whether to answer at all. */
export interface ReadQuestion {
  readonly groups: readonly QueryGroup[];
  /** The message is about the lexicon's domain: a signal word, a command, a keyword or a flag the notes know. */
  readonly signal: boolean;
  /** The message only shares words with the domain ("container", "image"), words that are everyday elsewhere. */
  readonly sharedSignal: boolean;
  /** Topics the message asks about that the notes never mention (`docker stats`, "swarm"). */
  readonly uncovered: readonly string[];
}

export interface QueryContext {
  readonly analyzer: Analyzer;
  readonly words: Vocabulary;
  readonly flags: Vocabulary;
  /** Whether any section carries the term. */
  hasTerm(term: string): boolean;
  /** The long flag that a run of words spells (`build argument` → `--build-arg`), if the notes use one. */
  flagNamed(words: readonly string[]): string | undefined;
  /** Words this index has read already (see readWord): an empty map from the index, filled as questions come. */
  readonly readings: Map<string, WordReading | null>;
}

export const MAX_QUESTION_CHARS = TUNING.maxQuestionChars;
/** Longer than any word: a hash, a key, a run of one letter. Not something to match. */
const MAX_WORD_CHARS = 40;
const FLAG_OR_LITERAL = /(?:^|[\s([{"'`,;|])(?:--?[A-Za-z][\w-]*(?:=[^\s"'`),;|\]}]+)?)/g;
/** "the -t flag": beside a flag, these words only say that it is one. */
const FLAG_WORDS = new Set(['flag', 'flags', 'option', 'options', 'switch', 'switches', 'argument', 'parameter']);
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}_-]*/gu;

export function readQuestion(question: string, context: QueryContext): ReadQuestion {
  const lexicon = context.analyzer.lexicon;
  const parts = readMessage(question.slice(0, MAX_QUESTION_CHARS), lexicon);
  const byKey = new Map<string, QueryGroup>();
  const order: string[] = [];
  const uncovered = new Set<string>();
  let signal = false;
  let sharedSignal = false;
  for (const part of parts) {
    const read = readPart(part.text, part.weight, context);
    signal ||= read.signal;
    sharedSignal ||= read.sharedSignal;
    if (part.kind !== 'story') for (const topic of read.uncovered) uncovered.add(topic);
    for (const group of read.groups) {
      const key = `${group.kind}:${group.terms[0]?.term ?? group.label}`;
      const seen = byKey.get(key);
      if (!seen) order.push(key);
      if (!seen || seen.emphasis < group.emphasis) byKey.set(key, group);
    }
  }
  // An essay: keep what the asking sentence and the code say first, then the story, each in order.
  const groups = order
    .map((key, at) => ({ group: byKey.get(key)!, at }))
    .sort((a, b) => b.group.emphasis - a.group.emphasis || a.at - b.at)
    .slice(0, TUNING.maxGroups)
    .sort((a, b) => a.at - b.at)
    .map(({ group }) => group);
  return { groups, signal, sharedSignal: sharedSignal && !signal, uncovered: [...uncovered] };
}

function readPart(original: string, emphasis: number, context: QueryContext): ReadQuestion {
  const { analyzer } = context;
  const lexicon = analyzer.lexicon;
  const groups: QueryGroup[] = [];
  const uncovered: string[] = [];
  let signal = false;
  let sharedSignal = false;
  const push = (group: Omit<QueryGroup, 'emphasis'>): void => {
    groups.push({ ...group, emphasis });
  };

  const flags = flagTerms(original);
  for (const flag of flags) {
    // `--pid=host` also yields `--pid`; one group covers both.
    if (flag.includes('=') || !flags.some((f) => f.startsWith(`${flag}=`))) {
      const group = flagGroup(flag, context);
      if (group.known) signal = true;
      push(group);
    }
  }
  for (const term of analyzer.keywordTerms(original)) {
    signal = true;
    if (context.hasTerm(term)) push({ kind: 'literal', label: term.slice(3).toUpperCase(), terms: [{ term, weight: 1 }], known: true, everyday: false });
  }
  let rest = original.replace(FLAG_OR_LITERAL, ' ');
  for (const term of literalTerms(rest)) {
    if (!context.hasTerm(term)) continue;
    push({ kind: 'literal', label: term.slice(4), terms: [{ term, weight: 1 }], known: true, everyday: false });
    rest = rest.replace(term.slice(4), ' ');
  }

  const hasFlag = groups.some((g) => g.kind === 'flag');
  const tokens = [...analyzer.rewrite(rest).matchAll(TOKEN)].map(([t]) => t);
  const stems: string[] = [];
  for (const token of tokens) {
    if (lexicon.isSignal(token)) signal = true;
    if (lexicon.isSharedSignal(token)) sharedSignal = true;
    const parts = token.split(/[-_]/).filter((p) => p !== '');
    if (parts.length === 2) {
      // `multi-stage`, `multistage` and `multi stage` are one idea, not two words.
      const compound = [
        { term: stem(parts.join('')), weight: 1 },
        { term: pairTerm(stem(parts[0]!), stem(parts[1]!)), weight: 0.9 },
      ].filter((t) => context.hasTerm(t.term));
      if (compound.length > 0) {
        push({ kind: 'word', label: token, terms: compound, known: true, everyday: false });
        stems.push(compound[0]!.term);
        continue;
      }
    }
    const identifier = /[_\d]/.test(token) || parts.length > 2;
    for (const word of parts) {
      if ((hasFlag && FLAG_WORDS.has(word)) || word.length > MAX_WORD_CHARS) continue;
      const reading = readWord(word, context);
      if (!reading) continue;
      const group = { ...reading.group, identifier };
      // "containrs" signals the domain as "containers" does.
      if (reading.signal) signal = true;
      if (reading.sharedSignal) sharedSignal = true;
      if (!identifier && reading.uncoveredTopic) uncovered.push(word);
      push(group);
      // Words the notes never use do not separate the ones they do.
      if (group.terms[0] && context.hasTerm(group.terms[0].term)) stems.push(group.terms[0].term);
    }
  }
  const commands = commandGroups(tokens, context);
  for (const command of commands) {
    signal = true;
    if (command.uncovered) uncovered.push(command.uncovered);
    if (command.group) push(command.group);
  }
  for (const flag of impliedFlags(tokens, context)) {
    push({ kind: 'implied', label: flag, terms: [{ term: flag, weight: 1 }], known: true, everyday: false });
  }
  for (let i = 0; i + 1 < stems.length; i += 1) {
    const term = pairTerm(stems[i]!, stems[i + 1]!);
    if (context.hasTerm(term)) push({ kind: 'pair', label: term.slice(3), terms: [{ term, weight: 1 }], known: true, everyday: false });
  }
  return { groups, signal, sharedSignal, uncovered };
}

/** What one word of a message says, the same wherever it appears: read once per index and remembered. */
export interface WordReading {
  readonly group: Omit<QueryGroup, 'emphasis'>;
  readonly signal: boolean;
  readonly sharedSignal: boolean;
  readonly uncoveredTopic: boolean;
}

/**
 * Chat repeats its words: past this many distinct ones the memo starts again,
 * as the typo memo does. A reading is a few hundred bytes, so the memo stays
 * within a few megabytes per index; the development chat set (210 messages)
 * uses about 1,400 distinct words.
 */
const WORD_MEMO_LIMIT = 10_000;

/**
 * null for filler (a stop word, or a stop word misspelt). Reading a word
 * (typo fixes, synonyms, signals) was a third of the cost of a question.
 */
function readWord(word: string, context: QueryContext): WordReading | null {
  const memo = context.readings;
  const remembered = memo.get(word);
  if (remembered !== undefined) return remembered;
  const lexicon = context.analyzer.lexicon;
  let reading: WordReading | null = null;
  if (!context.analyzer.isStopWord(word) && !misspeltStopWord(word, context)) {
    const group = wordGroup(word, context);
    const unknownWord = !group.known && !group.everyday;
    reading = {
      group,
      signal: unknownWord && lexicon.isSignal(group.label),
      sharedSignal: unknownWord && lexicon.isSharedSignal(group.label),
      uncoveredTopic: !group.known && namesUncoveredTopic(word, context),
    };
  }
  if (memo.size >= WORD_MEMO_LIMIT) memo.clear();
  memo.set(word, reading);
  return reading;
}

/** "wich", "becuase": filler with a typo, unless the notes use the word as written. */
function misspeltStopWord(word: string, context: QueryContext): boolean {
  const lexicon = context.analyzer.lexicon;
  return !context.hasTerm(stem(word)) && !lexicon.isTopicWord(word) && !lexicon.isEveryday(word) && lexicon.nearestPlainWord(word)?.stop === true;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return i;
}

/**
 * A topic word of the lexicon that the notes never use. Bare command names
 * are not enough ("config", "init", "node" are everyday words to developers):
 * a command counts only when written as one (`docker init`).
 */
function namesUncoveredTopic(word: string, context: QueryContext): boolean {
  return context.analyzer.lexicon.isTopicWord(word) && !context.hasTerm(stem(word));
}

function wordGroup(word: string, context: QueryContext): Omit<QueryGroup, 'emphasis'> {
  const lexicon = context.analyzer.lexicon;
  const exact = stem(word);
  let base: QueryTerm[];
  let label = word;
  let known = true;
  let everyday = false;
  if (context.hasTerm(exact)) {
    base = [{ term: exact, weight: 1 }];
  } else if (lexicon.isTopicWord(word)) {
    known = false;
    base = [{ term: exact, weight: 1 }];
  } else if (lexicon.isEveryday(word) || /^\d+$/.test(word) || word.length <= 2) {
    // A real word (or chat shorthand such as "rn"), not a typo: "correcting" it to a note's word invents meaning.
    known = false;
    everyday = true;
    base = [{ term: exact, weight: 1 }];
  } else {
    known = false;
    // A real word is no typo: it may be fixed to a form of itself (instructor → instruction), never to another word (shipping → stopping).
    const realWord = lexicon.isWord(word);
    const fixes = context.words.correct(word).filter((fix) => !realWord || sharedPrefix(fix.word, word) >= TUNING.realWordFixPrefix);
    const plain = fixes.length === 0 ? lexicon.nearestPlainWord(word) : undefined;
    if (plain) {
      // A misspelt everyday word ("detials") is phrasing like the word it meant, not a topic the notes lack.
      everyday = true;
      label = plain.word;
      base = [{ term: stem(plain.word), weight: 1 }];
    } else if (fixes.length > 0) {
      base = fixes.map((fix) => ({ term: stem(fix.word), weight: 0.5 + 0.5 * fix.similarity }));
      label = fixes[0]!.word;
    } else {
      base = context.words.complete(word).map((w) => ({ term: stem(w), weight: 0.6 }));
      if (base.length === 0) base = [{ term: exact, weight: 1 }];
    }
  }
  return { kind: 'word', label, known, everyday, terms: expand(base, context, exact, label) };
}

/** Adds synonyms and the `<program> <word>` command to a word's own terms. */
function expand(base: QueryTerm[], context: QueryContext, original: string, word: string): QueryTerm[] {
  const lexicon = context.analyzer.lexicon;
  const best = new Map<string, number>();
  const offer = (term: string, weight: number): void => {
    if (weight > (best.get(term) ?? 0)) best.set(term, weight);
  };
  for (const { term, weight } of base) offer(term, weight);
  const sources = best.has(original) ? base : [...base, { term: original, weight: 1 }];
  for (const { term, weight } of sources) {
    for (const other of lexicon.synonyms.get(term) ?? []) {
      if (context.hasTerm(other)) offer(other, weight * TUNING.synonymWeight);
    }
  }
  for (const program of lexicon.commandPrefixes) {
    const command = `cmd:${program} ${word}`;
    if (context.hasTerm(command)) offer(command, TUNING.commandWordWeight * (base[0]?.weight ?? 1));
  }
  return [...best].map(([term, weight]) => ({ term, weight })).sort((a, b) => b.weight - a.weight);
}

function flagGroup(flag: string, context: QueryContext): Omit<QueryGroup, 'emphasis'> {
  const terms: QueryTerm[] = [];
  const eq = flag.indexOf('=');
  const name = eq > 0 ? flag.slice(0, eq) : flag;
  if (context.hasTerm(flag)) terms.push({ term: flag, weight: 1 });
  if (eq > 0 && context.hasTerm(name)) terms.push({ term: name, weight: 0.8 });
  if (terms.length === 0 && name.startsWith('--')) {
    for (const fix of context.flags.correct(name)) terms.push({ term: fix.word, weight: 0.8 * fix.similarity });
  }
  const known = context.hasTerm(flag) || context.hasTerm(name);
  if (terms.length === 0) terms.push({ term: flag, weight: 1 });
  return { kind: 'flag', label: flag, known, everyday: false, terms };
}

/** Flags spelled out in words: "read only" → `--read-only`, "publish all ports" → `--publish-all`. */
function impliedFlags(tokens: readonly string[], context: QueryContext): string[] {
  const found: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i += 1) {
    // Only runs of words: a single word that happens to be a flag's name is usually just a noun or verb
    // ("attach", "restart", "volume"), and reading it as the flag favours option tables over the command's own page.
    const flag = context.flagNamed(tokens.slice(i, i + 3)) ?? context.flagNamed(tokens.slice(i, i + 2));
    if (flag && !found.includes(flag)) found.push(flag);
  }
  return found;
}

/**
 * `docker volume create` → the phrase, falling back to `docker volume`. A
 * command of the domain that the notes never use is reported as uncovered.
 */
function commandGroups(tokens: readonly string[], context: QueryContext): { group?: QueryGroup; uncovered?: string }[] {
  const { analyzer } = context;
  const lexicon = analyzer.lexicon;
  const found: { group?: QueryGroup; uncovered?: string }[] = [];
  for (let i = 0; i < tokens.length - 1; i += 1) {
    const program = tokens[i]!;
    if (!lexicon.commandPrefixes.has(program)) continue;
    const first = tokens[i + 1]!;
    if (analyzer.isStopWord(first)) continue;
    const second = tokens[i + 2];
    const long = second && !analyzer.isStopWord(second) ? `cmd:${program} ${first} ${second}` : null;
    const short = `cmd:${program} ${first}`;
    const terms: QueryTerm[] = [];
    if (long && context.hasTerm(long)) terms.push({ term: long, weight: 1 });
    if (context.hasTerm(short)) terms.push({ term: short, weight: terms.length > 0 ? 0.7 : 1 });
    if (terms.length === 0) {
      // "my docker image is huge" names a thing, not the `docker image` command.
      if (lexicon.commands.has(first) && !lexicon.isSignal(first) && !lexicon.isSharedSignal(first)) found.push({ uncovered: `${program} ${first}` });
      continue;
    }
    const label = terms[0]!.term.slice(4);
    found.push({ group: { kind: 'command', label, known: true, everyday: false, terms, emphasis: 1 } });
  }
  return found;
}
