import { TUNING } from './tuning.js';

/** BM25 term-frequency saturation. */
export function saturate(tf: number): number {
  return (tf * (TUNING.k1 + 1)) / (tf + TUNING.k1);
}

export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Order: BM25F evidence, discounted for the part of the question left uncovered. */
export function rankValue(hit: { readonly raw: number; readonly coverage: number }): number {
  return hit.raw * (0.25 + 0.75 * hit.coverage);
}

/**
 * Strength blends how much of the question the section covers with how
 * strongly it covers it (BM25F relative to what matching each word once earns).
 */
export function strength(raw: number, coverage: number, scale: number): number {
  const intensity = 1 - Math.exp(-raw / (1.5 * scale));
  return Math.min(1, Math.max(0, coverage * (0.5 + 0.5 * intensity)));
}
