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
 * Where the right answer of one question goes: uniform over the choices and fixed by the
 * seed and the question alone. A draw is repeatable, yet one question's letter says nothing
 * about another's: dealing A–D in blocks of four (as before) let a learner name the fourth
 * answer of every block from the first three, and gave every source one sequence per seed.
 */
export function answerPosition(seed: string | number, questionId: string, choices = 4): number {
  const digest = createHash('sha256').update(`${seed}\u0000answer\u0000${questionId}`).digest();
  // 32 bits modulo 4 (or 3, 5): the bias is below one in a hundred million.
  return digest.readUInt32LE(0) % choices;
}
