import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/compose-answer.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { DEFAULT_LEXICON, DOCKER, ENGLISH } from '../../src/lexicon/default-lexicon.js';
import { mergeLexicons, NO_LEXICON, type Lexicon } from '../../src/search/lexicon.js';
import { SearchIndex } from '../../src/search/search-index.js';
import { FIXTURES, NOTES_DIR } from '../support/notes.js';

const notes = (await loadKnowledge([{ name: 'notes', dir: NOTES_DIR }])).sections;
const gitNotes = (await loadKnowledge([{ name: 'git', dir: path.join(FIXTURES, 'git-notes') }])).sections;

/** Another domain is a new lexicon handed to the same engine, not an edit to it. */
const GIT: Lexicon = {
  ...NO_LEXICON,
  name: 'git',
  synonyms: [{ words: ['squash', 'combine', 'merge'], reason: 'squashing combines commits' }],
  signalWords: ['git', 'commit', 'commits', 'branch'],
  commandPrefixes: ['git'],
  commands: ['rebase', 'stash', 'bisect', 'cherry-pick'],
};

describe('a search engine that knows no Docker', () => {
  it('reads Docker commands only when the lexicon says what a command is', () => {
    const withDocker = SearchIndex.build(notes, { lexicon: DEFAULT_LEXICON }).read('docker volume create');
    expect(withDocker.groups.some((g) => g.kind === 'command' && g.label === 'docker volume create')).toBe(true);
    const bare = SearchIndex.build(notes, { lexicon: NO_LEXICON }).read('docker volume create');
    expect(bare.groups.some((g) => g.kind === 'command')).toBe(false);
    expect(bare.signal).toBe(false);
  });

  it('takes synonyms from the lexicon: "wipe" reaches `docker rm` only with the Docker lexicon', () => {
    const question = 'wipe all my containers';
    const termsOfWipe = (lexicon: Lexicon) => SearchIndex.build(notes, { lexicon }).read(question).groups[0]!.terms.map((t) => t.term);
    expect(termsOfWipe(mergeLexicons(ENGLISH, DOCKER))).toEqual(expect.arrayContaining(['remov', 'rm']));
    expect(termsOfWipe(ENGLISH)).toEqual(['wipe']);
    const titles = answerQuestion(SearchIndex.build(notes, { lexicon: DEFAULT_LEXICON }), question).results.slice(0, 2).map((r) => r.section.title);
    expect(titles).toContain('Container management');
  });

  it('answers another domain with that domain\'s lexicon, per-section aliases included', () => {
    const index = SearchIndex.build(gitNotes, { lexicon: mergeLexicons(ENGLISH, GIT) });
    expect(answerQuestion(index, 'how do I combine my last commits into one?').best?.section.title).toBe('Rebasing');
    expect(answerQuestion(index, 'keep a linear history').best?.section.title).toBe('Rebasing');
    expect(answerQuestion(index, 'git stash pop').best?.section.title).toBe('Stashing');
    // A command of the domain the notes never use is a topic they lack, not a near miss.
    const bisect = answerQuestion(index, 'how does git bisect find the bad commit?');
    expect(bisect.found).toBe(false);
  });

  it('reads the bot\'s own name as addressing it, not as a topic the notes lack', () => {
    const question = "what's the command to delete an image i don't need anymore?";
    const plain = answerQuestion(SearchIndex.build(notes, { lexicon: DEFAULT_LEXICON }), question);
    const addressed = answerQuestion(SearchIndex.build(notes, { lexicon: DEFAULT_LEXICON }), `hey wharfie, ${question}`);
    expect(addressed.found).toBe(plain.found);
    expect(addressed.best?.section.title).toBe(plain.best?.section.title);
    // Without the name in the lexicon, "wharfie" weighs as an unknown topic.
    const unnamed = SearchIndex.build(notes, { lexicon: mergeLexicons(ENGLISH, DOCKER) });
    expect(unnamed.read(`hey wharfie, ${question}`).groups.some((g) => g.label === 'wharfie')).toBe(true);
    expect(SearchIndex.build(notes, { lexicon: DEFAULT_LEXICON }).read(`hey wharfie, ${question}`).groups.some((g) => g.label === 'wharfie')).toBe(false);
  });

  it('gives every lexicon entry a reason', () => {
    for (const lexicon of [ENGLISH, DOCKER]) {
      for (const entry of [...lexicon.synonyms, ...lexicon.rewrites]) expect(entry.reason.length, JSON.stringify('words' in entry ? entry.words : String(entry.pattern))).toBeGreaterThan(5);
    }
  });
});
