import { NO_LEXICON, type Lexicon } from '../search/lexicon.js';

/**
 * The names people call the bot by. "hey wharfie, how do I…" addresses the
 * bot; the name asks nothing, and as a word no note uses it would count as a
 * topic the notes lack and pull the answer toward "not in the notes".
 * (`@wharfie` mentions are dropped before this, as any mention is.)
 */
export function addressee(names: readonly string[]): Lexicon {
  return { ...NO_LEXICON, name: 'addressee', stopWords: names.map((n) => n.toLowerCase()) };
}
