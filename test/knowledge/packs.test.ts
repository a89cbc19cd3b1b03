import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePacks } from '../../adapters/app/knowledge-packs.js';
import { KnowledgeBase } from '../../src/knowledge-base.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { FIXTURES, NOTES_DIR, testChat, textOf } from '../support/notes.js';

describe('several knowledge folders at once', () => {
  it('labels every answer with its pack and file, and links it when the pack has a base URL', async () => {
    const packs = resolvePacks([], `notes=${NOTES_DIR}:wiki=${path.join(FIXTURES, 'messy')}@https://wiki.example.com/docker/`, '/', { reference: false });
    const knowledge = new KnowledgeBase(await loadKnowledge(packs));
    const chat = await testChat({ knowledge });

    const [fromNotes] = await chat.say('/docker how do volumes work');
    expect(textOf(fromNotes!)).toContain('From notes/day-2.md');
    expect(fromNotes!.source).toEqual({ label: 'notes/day-2.md' });

    const [fromWiki] = await chat.say('/docker what does read only mount do');
    expect(textOf(fromWiki!)).toContain('From wiki/deep.md');
    expect(fromWiki!.source).toEqual({ label: 'wiki/deep.md', url: 'https://wiki.example.com/docker/deep#fourth' });
  });
});
