import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { DEFAULT_LEXICON } from '../../src/lexicon/default-lexicon.js';
import { isDirectory } from '../../src/search/fields.js';
import { SearchIndex } from '../../src/search/search-index.js';
import { FIXTURES, NOTES_DIR } from '../support/notes.js';

/** A reference is pages, one per command, and pages that list the others. */
const sections = (await loadKnowledge([{ name: 'reference', dir: path.join(FIXTURES, 'reference-pages') }])).sections;
const pages = SearchIndex.build(sections, { lexicon: DEFAULT_LEXICON });
const section = (source: string, title: string) => sections.find((s) => s.source === source && s.title === title)!;

describe('searching a reference of command pages', () => {
  it('reads a deeper section as part of its page: an example is about what its page does', () => {
    // "unused" is said only by image_prune's opening line (and the table that copies it), never by its examples.
    const examples = pages.search('unused', 10).hits.filter((h) => h.section.title === 'Examples');
    expect(examples.map((h) => h.section.source)).toEqual(['image_prune.md']);
  });

  it('knows a table of links to other pages for an index of answers, not an answer', () => {
    expect(isDirectory(section('image.md', 'Subcommands'))).toBe(true);
    expect(isDirectory(section('image_rm.md', 'Aliases'))).toBe(false);
    expect(isDirectory(section('image_rm.md', 'Examples'))).toBe(false);
  });

  it('finds no directory in the team notes, whose links point at the web', async () => {
    const notes = (await loadKnowledge([{ name: 'notes', dir: NOTES_DIR }])).sections;
    expect(notes.filter(isDirectory).map((s) => s.title)).toEqual([]);
  });
});
