/**
 * A large, fixed list of words held as one sorted string: a dictionary of
 * 60,000 words costs about half a megabyte instead of a Set's many megabytes,
 * and a lookup is a binary search.
 */
export interface WordSet {
  has(word: string): boolean;
}

export class WordList implements WordSet {
  private readonly text: string;
  private readonly starts: Uint32Array;

  private constructor(sorted: readonly string[]) {
    this.text = sorted.join('\n');
    this.starts = new Uint32Array(sorted.length + 1);
    let at = 0;
    sorted.forEach((word, i) => {
      this.starts[i] = at;
      at += word.length + 1;
    });
    this.starts[sorted.length] = at;
  }

  static of(words: Iterable<string>): WordList {
    return new WordList([...new Set([...words].map((w) => w.toLowerCase()))].sort());
  }

  get size(): number {
    return this.starts.length - 1;
  }

  has(word: string): boolean {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const found = this.text.slice(this.starts[mid]!, this.starts[mid + 1]! - 1);
      if (found === word) return true;
      if (found < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/** Several dictionaries read as one. */
export function anyOf(sets: readonly WordSet[]): WordSet {
  return { has: (word) => sets.some((set) => set.has(word)) };
}
