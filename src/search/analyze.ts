import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import { PHRASES } from './phrases.js';

/**
 * Turns text into index terms. Several kinds of term share one space:
 * - word stems (`volumes` → `volum`),
 * - flags as written (`--pid`, `--pid=host`, `-it`, `-P`), never stemmed,
 * - command phrases (`cmd:docker volume create`),
 * - literals with inner punctuation (`lit:80:80`, `lit:/etc/hosts`),
 * - word pairs (`bi:run contain`), which reward words that stand together.
 * The same functions read notes and questions, so both meet in the middle.
 */

// Question framing and filler that say nothing about Docker. The library
// list drops "up", "out", "off" and "down", which matter in `compose up`.
const KEEP = new Set(['up', 'out', 'off', 'down']);
const EXTRA_STOP = [
  'does', 'doing', 'done', 'why', 'when', 'will', 'just', 'please', 'tell', 'explain', 'know', 'let',
  'lets', 'whats', 'hows', 'wheres', 'thing', 'things', 'something', 'anything', 'via', 'us', 'yes', 'no',
  'im', 'ive', 'id', 'dont', 'doesnt', 'isnt', 'cant', 'wont', 'shouldnt', 'didnt', 'aren', 'don', 'doesn',
  'isn', 'can', 'cannot', 'there', 'yourself', 'myself', 'its', 'hey', 'hi', 'hello', 'ok', 'okay', 'thanks',
  'thank', 'again', 'want', 'wanna', 'need', 'should', 'someone', 'anyone', 'one', 'ones', 'mean', 'means',
  'happen', 'happens', 'work', 'works', 'working', 'actually', 'really', 'exactly', 'even', 'e', 'g', 'eg', 'ie',
  'etc', 's', 't', 'd', 'll', 're', 've', 'm', 'say', 'says', 'go', 'goes', 'going', 'keep', 'see', 'give',
  'gives', 'difference', 'differences', 'different', 'between', 'versus', 'vs', 'compare', 'compared',
  'comparison', 'way', 'ways', 'best', 'better', 'good', 'right', 'correct', 'properly', 'possible', 'example',
  'examples', 'purpose', 'point', 'idea', 'meaning', 'instead', 'ever', 'usually', 'normally', 'basically',
];
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [...eng, ...EXTRA_STOP].filter((w) => !KEEP.has(w)),
);

// Flags keep their case: `-p` publishes one port, `-P` all of them.
const FLAG = /(?:^|[\s([{"'`=,;|])(--?[A-Za-z][A-Za-z0-9-]*(?:=[^\s"'`),;|\]}]+)?)/g;
const HYPHENATED = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
const COMMAND = /(?:^|[^\w-])docker((?:\s+[a-z][a-z0-9-]*){1,2})/g;
/** Tokens whose punctuation is part of the meaning: ports, paths, image tags, dotfiles, config file names. */
const LITERAL = /(?:^|[\s`'"(])((?:[\w.$/{}-]*[\w}][:/][\w.$/{}:-]*[\w}])|(?:\.[a-z][\w.-]+)|(?:[a-z][\w-]*\.(?:json|ya?ml|toml|conf|ini|env|sock|sh|txt|md|lock)))(?=$|[\s`'"),;:.!?])/gi;

/** Lowercase, fold compatibility forms and accents, unify dashes and quotes. */
export function normalizeText(text: string): string {
  return foldText(text).toLowerCase();
}

const NON_ASCII = /[^\x00-\x7f]/;

function foldText(text: string): string {
  // Most notes are plain ASCII: nothing to fold, and NFKD is the costly part of indexing.
  if (!NON_ASCII.test(text)) return text;
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u201b]/g, "'")
    .replace(/[\u201c\u201d\u201e]/g, '"');
}

/** Rewrites everyday phrases into the word the notes use ("get out of" → "exit"). */
export function rewritePhrases(text: string): string {
  let out = ` ${normalizeText(text)} `;
  for (const [pattern, replacement] of PHRASES) out = out.replace(pattern, ` ${replacement} `);
  return out.trim();
}

const stems = new Map<string, string>();

export function stem(word: string): string {
  // The Porter stemmer maps short technical words oddly (`ps` → `p`); leave them be.
  if (word.length <= 3) return word;
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    // Vocabularies repeat endlessly; a bounded memo saves most of the stemming.
    if (stems.size >= 50_000) stems.clear();
    stems.set(word, (stemmed = stemmer(word)));
  }
  return stemmed;
}

/** Stop words match by stem too: "keeps", "wants" and "means" say no more than "keep", "want", "mean". */
const STOP_STEMS: ReadonlySet<string> = new Set([...STOP_WORDS].filter((w) => w.length > 3).map((w) => stemmer(w)));

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word) || (word.length > 3 && STOP_STEMS.has(stem(word)));
}

/**
 * Word stems in order, stop words dropped. A hyphenated word also counts
 * whole (`multi-container` → `multi`, `contain`, `multicontain`), so a
 * question that writes it either way finds it.
 */
export function wordTerms(text: string): string[] {
  const out: string[] = [];
  for (const [token] of normalizeText(text).matchAll(HYPHENATED)) {
    const parts = token.split('-').filter((p) => p !== '');
    for (const part of parts) if (!isStopWord(part)) out.push(stem(part));
    if (parts.length > 1) out.push(stem(parts.join('')));
  }
  return out;
}

/** Neighbouring stems in either order: `list the running containers` → `bi:list run`, `bi:contain run`. */
export function pairTerms(stems: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < stems.length; i += 1) out.push(pairTerm(stems[i]!, stems[i + 1]!));
  return out;
}

export function pairTerm(a: string, b: string): string {
  return a < b ? `bi:${a} ${b}` : `bi:${b} ${a}`;
}

/** Flags as written: `--pid=host` yields `--pid=host` and `--pid`. Long flags are case-folded. */
export function flagTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of foldText(text).matchAll(FLAG)) {
    let flag = match[1]!.replace(/[.:]+$/, '');
    if (flag.startsWith('--')) flag = flag.toLowerCase();
    if (flag.length < 2 || /^-+$/.test(flag)) continue;
    out.push(flag);
    const eq = flag.indexOf('=');
    if (eq > 0) out.push(flag.slice(0, eq));
  }
  return out;
}

/** `docker volume create x` yields `cmd:docker volume` and `cmd:docker volume create`. */
export function commandTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of normalizeText(text).matchAll(COMMAND)) {
    const words = match[1]!.trim().split(/\s+/);
    if (STOP_WORDS.has(words[0]!)) continue;
    out.push(`cmd:docker ${words[0]}`);
    if (words[1] && !STOP_WORDS.has(words[1])) out.push(`cmd:docker ${words[0]} ${words[1]}`);
  }
  return out;
}

export function literalTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of normalizeText(text).matchAll(LITERAL)) {
    const literal = match[1]!;
    if (/^(?:https?|ftp):/.test(literal) || literal.length > 40) continue;
    out.push(`lit:${literal}`);
  }
  return out;
}

/**
 * Dockerfile instructions written as instructions (upper case): `RUN` is not
 * the everyday "run" of `docker run`, nor `FROM` a stop word.
 */
const INSTRUCTION = /\b(FROM|RUN|CMD|COPY|ADD|EXPOSE|ENV|ENTRYPOINT|HEALTHCHECK|ONBUILD|USER|WORKDIR|VOLUME|ARG|LABEL|STOPSIGNAL|SHELL)\b/g;

export function instructionTerms(text: string): string[] {
  return [...text.matchAll(INSTRUCTION)].map(([word]) => `kw:${word.toLowerCase()}`);
}

/** Everything a piece of text says, as terms. */
export function analyze(text: string): string[] {
  const words = wordTerms(text);
  return [...words, ...pairTerms(words), ...flagTerms(text), ...commandTerms(text), ...literalTerms(text), ...instructionTerms(text)];
}
