import { createHash } from 'node:crypto';
import prand from 'pure-rand';

/** A repeatable shuffle: the same items and seed give the same order, everywhere. */
export function shuffled<T>(items: readonly T[], seed: string | number): T[] {
  const numeric = typeof seed === 'number' ? seed : createHash('sha1').update(seed).digest().readInt32LE(0);
  const rng = prand.xoroshiro128plus(numeric);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = prand.unsafeUniformIntDistribution(0, i, rng);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Where the right answer goes, question by question: every run of four questions puts it
 * once at each of A–D, in an order fixed by `seed`. A shuffle per question is fair on
 * average, yet a draw of 30 can still hold C or D twenty times; this is fair in every draw.
 */
export function answerPositions(count: number, seed: string | number, choices = 4): number[] {
  const positions: number[] = [];
  const all = Array.from({ length: choices }, (_, i) => i);
  for (let block = 0; positions.length < count; block += 1) positions.push(...shuffled(all, `${seed}\u0000positions\u0000${block}`));
  return positions.slice(0, count);
}
