import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WordList } from '../../src/search/word-list.js';

describe('a compact word list', () => {
  it('knows exactly the words it was given, lowercased', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { maxLength: 60 }), fc.stringMatching(/^[a-z]{1,8}$/), (words, probe) => {
        const list = WordList.of(words);
        expect(list.has(probe)).toBe(words.includes(probe));
        for (const word of words) expect(list.has(word)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(WordList.of(['Docker']).has('docker')).toBe(true);
    expect(WordList.of([]).has('')).toBe(false);
  });
});
