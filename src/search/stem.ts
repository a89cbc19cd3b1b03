import { stemmer } from 'stemmer';

const memo = new Map<string, string>();

/** Porter stem, memoised. Short technical words are left alone: the stemmer maps `ps` to `p`. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  let stemmed = memo.get(word);
  if (stemmed === undefined) {
    // Vocabularies repeat endlessly; a bounded memo saves most of the stemming.
    if (memo.size >= 50_000) memo.clear();
    memo.set(word, (stemmed = stemmer(word)));
  }
  return stemmed;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Fold compatibility forms and accents, unify dashes and quotes. */
export function foldText(text: string): string {
  // Most notes are plain ASCII: nothing to fold, and NFKD is the costly part of indexing.
  if (!NON_ASCII.test(text)) return text;
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u201b]/g, "'")
    .replace(/[\u201c\u201d\u201e]/g, '"');
}

/** Lowercase, folded. */
export function normalizeText(text: string): string {
  return foldText(text).toLowerCase();
}
