import Fuse from 'fuse.js';

/**
 * The words the notes use, for correcting the words a question uses.
 *
 * fuse.js runs over this vocabulary, not over the notes: a few thousand short
 * strings instead of every section, so a typo costs the same on a page of
 * notes as on the whole Docker CLI reference. Words are bucketed by first
 * letter and length, and a query word only meets the buckets of its own first
 * letter within one or two characters of its length: typos keep the first
 * letter far more often than not, and this keeps `port` from "correcting" to
 * `sort` while `voluems` still finds `volumes`.
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
  private readonly buckets = new Map<string, Fuse<string>>();
  private readonly corrections = new Map<string, Correction[]>();
  private readonly sorted: string[];

  /** `counts`: how many sections use each word. */
  constructor(private readonly counts: ReadonlyMap<string, number>) {
    const byBucket = new Map<string, string[]>();
    for (const word of counts.keys()) {
      const key = bucket(word[0]!, word.length);
      const list = byBucket.get(key) ?? [];
      list.push(word);
      byBucket.set(key, list);
    }
    for (const [key, words] of byBucket) this.buckets.set(key, new Fuse(words, FUZZY));
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
    const key = `${limit}:${word}`;
    const cached = this.corrections.get(key);
    if (cached) return cached;
    const slack = word.length >= 7 ? 2 : 1;
    const found: Correction[] = [];
    for (let length = word.length - slack; length <= word.length + slack; length += 1) {
      const fuse = this.buckets.get(bucket(word[0]!, length));
      if (!fuse) continue;
      for (const hit of fuse.search(word, { limit: limit * 2 })) {
        const similarity = 1 - (hit.score ?? 1);
        if (similarity > 0.6) found.push({ word: hit.item, similarity });
      }
    }
    const best = found
      .sort((a, b) => b.similarity - a.similarity || this.count(b.word) - this.count(a.word))
      .slice(0, limit);
    // Questions repeat; a bounded memo keeps a burst of typos from costing twice.
    if (this.corrections.size >= MEMO_LIMIT) this.corrections.clear();
    this.corrections.set(key, best);
    return best;
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

const MEMO_LIMIT = 5_000;

function bucket(first: string, length: number): string {
  return `${first}${length}`;
}
