import { stem } from './stem.js';

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
  /** Words that mean the same idea here; a question word pulls in the rest at a lower weight. */
  readonly synonyms: readonly Synonyms[];
  /** Phrases rewritten before a message is split into words (patterns run over lowercased text). */
  readonly rewrites: readonly Rewrite[];
  /**
   * Everyday words that name a topic of the domain ("secret", "swarm"): never
   * phrasing, never typo-corrected, and a topic the notes lack when they never use it.
   */
  readonly topicWords: readonly string[];
  /** Words that show a message is about the domain at all ("docker", "container"). */
  readonly signalWords: readonly string[];
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
    synonyms: all((l) => l.synonyms),
    rewrites: all((l) => l.rewrites),
    topicWords: all((l) => l.topicWords),
    signalWords: all((l) => l.signalWords),
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
  isTopicWord(word: string): boolean;
  isSignal(word: string): boolean;
  /** stem → stems of the same idea (excluding itself). */
  readonly synonyms: ReadonlyMap<string, readonly string[]>;
  readonly rewrites: readonly Rewrite[];
  readonly commandPrefixes: ReadonlySet<string>;
  readonly commands: ReadonlySet<string>;
  /** Matches a keyword written in capitals, or null when the lexicon has none. */
  readonly keywordPattern: RegExp | null;
  isAskWord(word: string): boolean;
}

const compiled = new WeakMap<Lexicon, CompiledLexicon>();

export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const cached = compiled.get(lexicon);
  if (cached) return cached;
  const stop = new Set(lexicon.stopWords.map((w) => w.toLowerCase()));
  // "keeps", "wants" and "means" say no more than "keep", "want", "mean".
  const stopStems = new Set([...stop].filter((w) => w.length > 3).map((w) => stem(w)));
  const everyday = new Set([...lexicon.everydayWords].map((w) => w.toLowerCase()));
  const topics = new Set(lexicon.topicWords.flatMap((w) => [w, `${w}s`]));
  const signals = new Set(lexicon.signalWords);
  const askWords = new Set(lexicon.askWords.map((w) => w.toLowerCase()));
  const keywords = lexicon.keywords.filter((k) => /^[A-Z]+$/.test(k));
  const result: CompiledLexicon = {
    source: lexicon,
    isStopWord: (word) => stop.has(word) || (word.length > 3 && stopStems.has(stem(word))),
    isEveryday: (word) => everyday.has(word),
    isTopicWord: (word) => topics.has(word),
    isSignal: (word) => signals.has(word),
    synonyms: synonymTable(lexicon.synonyms),
    rewrites: lexicon.rewrites,
    commandPrefixes: new Set(lexicon.commandPrefixes),
    commands: new Set(lexicon.commands),
    isAskWord: (word) => askWords.has(word),
    keywordPattern: keywords.length > 0 ? new RegExp(`\\b(${keywords.join('|')})\\b`, 'g') : null,
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
