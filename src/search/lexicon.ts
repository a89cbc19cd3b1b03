import { stem } from './stem.js';
import { anyOf, type WordSet } from './word-list.js';

/**
 * What the engine knows about a language and a domain, handed to it when an
 * index is built (as lunr takes a pipeline and MiniSearch takes `processTerm`).
 * The engine ranks; a lexicon says which words are filler, which mean the
 * same, which name a topic. Another team's notes or another domain is a new
 * lexicon, not an edit to the engine. Every entry carries the reason it exists.
 */
export interface Lexicon {
  readonly name: string;
  /** Words that say nothing about a subject: framing, filler, pronouns. */
  readonly stopWords: readonly string[];
  /** Everyday words of the language: one the notes never use is phrasing ("straight away"), not a topic. */
  readonly everydayWords: Iterable<string>;
  /** Every word of the language, common or rare: a word found here is spelt right, never a typo of a plain word ("booking" is not "looking"). */
  readonly dictionary?: WordSet;
  /** Words that mean the same idea here; a question word pulls in the rest at a lower weight. */
  readonly synonyms: readonly Synonyms[];
  /** Phrases rewritten before a message is split into words (patterns run over lowercased text). */
  readonly rewrites: readonly Rewrite[];
  /**
   * Everyday words that name a topic of the domain ("secret", "swarm"): never
   * phrasing, never typo-corrected, and a topic the notes lack when they never use it.
   */
  readonly topicWords: readonly string[];
  /** Words that show a message is about the domain at all ("docker", "dockerfile"). */
  readonly signalWords: readonly string[];
  /** Words of the domain that are everyday elsewhere (a CSS container, a photo image, the sound volume): a sign, not proof. */
  readonly sharedSignalWords?: readonly string[];
  /** Programs whose sub-commands are commands of the domain (`docker volume create`). */
  readonly commandPrefixes: readonly string[];
  /** Sub-commands that exist in the domain (`docker stats`): one the notes never use is a topic they lack. */
  readonly commands: readonly string[];
  /** Keywords written in capitals in the domain's files (`RUN`, `FROM`): read as keywords, not as words. */
  readonly keywords: readonly string[];
  /** Words that open a sentence that asks ("how", "can", "why"): that sentence weighs more than the story around it. */
  readonly askWords: readonly string[];
}

export interface Synonyms {
  readonly words: readonly string[];
  readonly reason: string;
}

export interface Rewrite {
  readonly pattern: RegExp;
  readonly to: string;
  readonly reason: string;
}

/** The empty lexicon: the engine alone, for baselines. */
export const NO_LEXICON: Lexicon = Object.freeze({
  name: 'none',
  stopWords: [],
  everydayWords: [],
  synonyms: [],
  rewrites: [],
  topicWords: [],
  signalWords: [],
  commandPrefixes: [],
  commands: [],
  keywords: [],
  askWords: [],
});

/** Lexicons stack: a language, then a domain on top of it. */
export function mergeLexicons(...lexicons: readonly Lexicon[]): Lexicon {
  const all = <T>(pick: (l: Lexicon) => Iterable<T>): T[] => lexicons.flatMap((l) => [...pick(l)]);
  return {
    name: lexicons.map((l) => l.name).join('+'),
    stopWords: all((l) => l.stopWords),
    everydayWords: all((l) => l.everydayWords),
    dictionary: anyOf(lexicons.flatMap((l) => (l.dictionary ? [l.dictionary] : []))),
    synonyms: all((l) => l.synonyms),
    rewrites: all((l) => l.rewrites),
    topicWords: all((l) => l.topicWords),
    signalWords: all((l) => l.signalWords),
    sharedSignalWords: all((l) => l.sharedSignalWords ?? []),
    commandPrefixes: all((l) => l.commandPrefixes),
    commands: all((l) => l.commands),
    keywords: all((l) => l.keywords),
    askWords: all((l) => l.askWords),
  };
}

/** A lexicon turned into the lookups the engine uses, once per index. */
export interface CompiledLexicon {
  readonly source: Lexicon;
  isStopWord(word: string): boolean;
  isEveryday(word: string): boolean;
  /** A real word of the language (the dictionary), however rare: not a typo of another. */
  isWord(word: string): boolean;
  isTopicWord(word: string): boolean;
  isSignal(word: string): boolean;
  isSharedSignal(word: string): boolean;
  /** stem → stems of the same idea (excluding itself). */
  readonly synonyms: ReadonlyMap<string, readonly string[]>;
  readonly rewrites: readonly Rewrite[];
  readonly commandPrefixes: ReadonlySet<string>;
  readonly commands: ReadonlySet<string>;
  /** Matches a keyword written in capitals, or null when the lexicon has none. */
  readonly keywordPattern: RegExp | null;
  isAskWord(word: string): boolean;
  /** The stop word or everyday word a misspelling most likely meant ("wich" → "which", "detials" → "details"), if one is a single edit away. */
  nearestPlainWord(word: string): { word: string; stop: boolean } | undefined;
}

const compiled = new WeakMap<Lexicon, CompiledLexicon>();

export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const cached = compiled.get(lexicon);
  if (cached) return cached;
  const stop = new Set(lexicon.stopWords.map((w) => w.toLowerCase()));
  // "keeps", "wants" and "means" say no more than "keep", "want", "mean".
  const stopStems = new Set([...stop].filter((w) => w.length > 3).map((w) => stem(w)));
  const everyday = new Set([...lexicon.everydayWords].map((w) => w.toLowerCase()));
  const dictionary = lexicon.dictionary ?? anyOf([]);
  const topics = new Set(lexicon.topicWords.flatMap((w) => [w, `${w}s`]));
  const signals = new Set(lexicon.signalWords);
  const sharedSignals = new Set(lexicon.sharedSignalWords ?? []);
  const askWords = new Set(lexicon.askWords.map((w) => w.toLowerCase()));
  const keywords = lexicon.keywords.filter((k) => /^[A-Z]+$/.test(k));
  const result: CompiledLexicon = {
    source: lexicon,
    isStopWord: (word) => stop.has(word) || (word.length > 3 && stopStems.has(stem(word))),
    isEveryday: (word) => everyday.has(word),
    isWord: (word) => everyday.has(word) || dictionary.has(word),
    isTopicWord: (word) => topics.has(word),
    isSignal: (word) => signals.has(word),
    isSharedSignal: (word) => sharedSignals.has(word),
    synonyms: synonymTable(lexicon.synonyms),
    rewrites: lexicon.rewrites,
    commandPrefixes: new Set(lexicon.commandPrefixes),
    commands: new Set(lexicon.commands),
    isAskWord: (word) => askWords.has(word),
    keywordPattern: keywords.length > 0 ? new RegExp(`\\b(${keywords.join('|')})\\b`, 'g') : null,
    nearestPlainWord: nearestPlainWord(dictionary, oneEditAway([...stop].map((word) => ({ word, stop: true }))), oneEditAway([...everyday].map((word) => ({ word, stop: false })))),
  };
  compiled.set(lexicon, result);
  return result;
}


function synonymTable(groups: readonly Synonyms[]): Map<string, string[]> {
  const table = new Map<string, Set<string>>();
  for (const { words } of groups) {
    const stems = [...new Set(words.map((w) => stem(w.toLowerCase().replace(/-/g, ''))))];
    for (const s of stems) {
      const set = table.get(s) ?? new Set<string>();
      for (const other of stems) if (other !== s) set.add(other);
      table.set(s, set);
    }
  }
  return new Map([...table].map(([k, v]) => [k, [...v]]));
}

/** Stop words are few, so a four-letter typo of one is safe to read as it; an everyday word needs five ("helm" is not "help"). */
function nearestPlainWord(
  dictionary: WordSet,
  stops: (word: string) => { word: string; stop: boolean } | undefined,
  everyday: (word: string) => { word: string; stop: boolean } | undefined,
): (word: string) => { word: string; stop: boolean } | undefined {
  return (word) => (dictionary.has(word) ? undefined : (stops(word) ?? (word.length >= 5 ? everyday(word) : undefined)));
}

/**
 * A lookup of words one edit away (a letter dropped, added, changed or two
 * swapped), by the words' single-deletion forms, as SymSpell does: a typo of
 * a plain word costs a few map reads, not a scan of the word list.
 */
function oneEditAway<T extends { word: string }>(entries: readonly T[]): (word: string) => T | undefined {
  const byDeletion = new Map<string, T>();
  const exact = new Map<string, T>();
  for (const entry of entries) {
    if (entry.word.length < MIN_TYPO_LENGTH - 1) continue;
    if (!exact.has(entry.word)) exact.set(entry.word, entry);
    for (const form of deletions(entry.word)) if (!byDeletion.has(form)) byDeletion.set(form, entry);
  }
  return (word) => {
    if (word.length < MIN_TYPO_LENGTH) return undefined;
    const close = (found: T | undefined): found is T => found !== undefined && oneEdit(word, found.word);
    // A letter too many: one of the word's deletions is the plain word.
    for (const form of deletions(word)) {
      const found = exact.get(form);
      if (found) return found;
    }
    // A letter missing, changed or two swapped: the word itself or one of its deletions is a deletion of the plain word.
    const missing = byDeletion.get(word);
    if (close(missing)) return missing;
    for (const form of deletions(word)) {
      const found = byDeletion.get(form);
      if (close(found)) return found;
    }
    return undefined;
  };
}

/** Shorter words are too close to too many others to guess which one was meant. */
const MIN_TYPO_LENGTH = 4;

/** One letter changed, or two neighbours swapped (a shared deletion can also be two edits apart). */
function oneEdit(a: string, b: string): boolean {
  if (a.length !== b.length) return true;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i += 1) if (a[i] !== b[i]) diff.push(i);
  if (diff.length <= 1) return true;
  const [i, j] = diff as [number, number];
  return diff.length === 2 && j === i + 1 && a[i] === b[j] && a[j] === b[i];
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i += 1) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
