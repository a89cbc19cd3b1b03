import { describe, expect, it } from 'vitest';
import { parseNote } from '../../src/knowledge/parse-note.js';
import { DEFAULT_LEXICON } from '../../src/lexicon/default-lexicon.js';
import { SearchIndex } from '../../src/search/search-index.js';

const index = (markdown: string) => SearchIndex.build(parseNote(markdown, { pack: 'notes', source: 'n.md' }), { lexicon: DEFAULT_LEXICON });
const wordGroup = (read: ReturnType<SearchIndex['read']>, label: string) => read.groups.find((g) => g.kind === 'word' && g.label === label);

describe('reading the words of a question', () => {
  // A word is read once per index and remembered: each set of notes must still read it its own way.
  it('reads a word by the notes it is asked of, whichever index read it first', () => {
    const withTarballs = index('# Saving\n\n- `docker save` writes an image to a tarball\n');
    const without = index('# Volumes\n\n- A volume keeps data when the container is removed\n');
    for (let round = 0; round < 2; round += 1) {
      expect(wordGroup(withTarballs.read('where does the tarball go'), 'tarball')?.known).toBe(true);
      expect(wordGroup(without.read('where does the tarball go'), 'tarball')?.known).toBe(false);
    }
  });

  it('reads a reloaded set of notes afresh: a word the new notes use is known at once', () => {
    const before = index('# Volumes\n\n- A volume keeps data\n');
    expect(wordGroup(before.read('what is a tarball'), 'tarball')?.known).toBe(false);
    const after = index('# Volumes\n\n- A volume keeps data\n\n# Saving\n\n- `docker save` writes a tarball\n');
    expect(wordGroup(after.read('what is a tarball'), 'tarball')?.known).toBe(true);
    expect(after.search('what is a tarball', 3).hits[0]?.section.title).toBe('Saving');
  });

  it('keeps the place of a word in a message: the same word is an identifier in one message and a topic in the next', () => {
    const notes = index('# Volumes\n\n- A volume keeps data\n');
    expect(wordGroup(notes.read('volume'), 'volume')?.identifier).toBe(false);
    expect(notes.read('my_volume').groups.some((g) => g.identifier === true)).toBe(true);
    expect(wordGroup(notes.read('volume'), 'volume')?.identifier).toBe(false);
  });
});
