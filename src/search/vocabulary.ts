import Fuse from 'fuse.js';

/**
 * The words the notes use, for correcting the words a question uses.
 *
 * fuse.js runs over this vocabulary, not over the notes: a few thousand short
 * strings instead of every section, so a typo costs the same on a page of
 * notes as on the whole Docker CLI reference. Words are bucketed by length
 * and a query word only meets buckets within two characters of its own.
 */

export interface Correction {
  /** The vocabulary word the query word probably meant. */
  readonly word: string;
  /** 0 (no match) to 1 (identical), from fuse.js's score. */
  readonly similarity: number;
}

const FUZZY = {
  includeScore: true,
  ignoreLocation: true,
  threshold: 0.34,
  minMatchCharLength: 2,
  shouldSort: true,
} as const;

export class Vocabulary {
  private readonly buckets = new Map<number, Fuse<string>>();
  private readonly sorted: string[];

  /** `counts`: how many sections use each word. */
  constructor(private readonly counts: ReadonlyMap<string, number>) {
    const byLength = new Map<number, string[]>();
    for (const word of counts.keys()) {
      const list = byLength.get(word.length) ?? [];
      list.push(word);
      byLength.set(word.length, list);
    }
    for (const [length, words] of byLength) this.buckets.set(length, new Fuse(words, FUZZY));
    this.sorted = [...counts.keys()].sort();
  }

  has(word: string): boolean {
    return this.counts.has(word);
  }

  get size(): number {
    return this.counts.size;
  }

  /** Close spellings, most similar first; ties go to the more common word. */
  correct(word: string, limit = 3): Correction[] {
    if (word.length < 4) return [];
    const slack = word.length >= 7 ? 2 : 1;
    const found: Correction[] = [];
    for (let length = word.length - slack; length <= word.length + slack; length += 1) {
      const fuse = this.buckets.get(length);
      if (!fuse) continue;
      for (const hit of fuse.search(word, { limit: limit * 2 })) {
        const similarity = 1 - (hit.score ?? 1);
        if (similarity > 0.6 && sharesStart(word, hit.item)) found.push({ word: hit.item, similarity });
      }
    }
    return found
      .sort((a, b) => b.similarity - a.similarity || this.count(b.word) - this.count(a.word))
      .slice(0, limit);
  }

  /** Words that begin with a partial word (`vol` → `volume`), most common first. */
  complete(prefix: string, limit = 3): string[] {
    if (prefix.length < 3) return [];
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: string[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i += 1) {
      if (this.sorted[i] !== prefix) found.push(this.sorted[i]!);
    }
    return found.sort((a, b) => this.count(b) - this.count(a)).slice(0, limit);
  }

  private count(word: string): number {
    return this.counts.get(word) ?? 0;
  }
}

/**
 * Typos keep the first letter far more often than not; requiring it stops
 * `port` from "correcting" to `sort` while `voluems` still finds `volumes`.
 */
function sharesStart(a: string, b: string): boolean {
  return a[0] === b[0];
}
