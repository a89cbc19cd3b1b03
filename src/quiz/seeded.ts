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
