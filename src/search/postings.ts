import { TUNING } from './tuning.js';

/** One term's postings: which sections carry it and how strongly. */
export interface Postings {
  /** Sections carrying the term, in section order (for lookups by binary search). */
  readonly docs: Int32Array;
  /** BM25F pseudo-frequency of the term in each of those sections, lengths already normalised. */
  readonly tfs: Float32Array;
  /** Positions in `docs`, strongest first; only for terms common enough to be cut short. */
  readonly impact: Int32Array | null;
}

export function packPostings(docs: number[], tfs: number[]): Postings {
  const impact = docs.length > TUNING.readExpansion ? Int32Array.from(docs.keys()).sort((a, b) => tfs[b]! - tfs[a]! || a - b) : null;
  return { docs: Int32Array.from(docs), tfs: Float32Array.from(tfs), impact };
}

/** Binary search in a sorted list of section numbers; -1 when absent. */
export function findDoc(docs: Int32Array, doc: number): number {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = docs[mid]!;
    if (at === doc) return mid;
    if (at < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
