import { describe, expect, it } from 'vitest';
import { cycles, folderGraph, importGraph } from '../support/import-graph.js';
import { ROOT } from '../support/notes.js';

describe('the house has no import cycles', () => {
  const graph = importGraph(ROOT, ['src', 'adapters', 'bench']);

  it('reads the real graph (a sanity check: the bot imports its commands)', () => {
    expect(graph.get('src/bot.ts')).toContain('src/commands/index.ts');
    expect(cycles(new Map([['a', ['b']], ['b', ['a']], ['c', ['a']]]))).toEqual([['a', 'b']]);
  });

  it('between modules, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('between the folders of the core (knowledge, search, answer, ...)', () => {
    expect(cycles(folderGraph(graph, 'src'))).toEqual([]);
  });

  it('between the adapters', () => {
    expect(cycles(folderGraph(graph, 'adapters'))).toEqual([]);
  });
});
