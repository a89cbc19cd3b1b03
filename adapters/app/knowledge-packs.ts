import { packFromSpec, splitPathList } from '../../src/knowledge/load-knowledge.js';
import type { KnowledgePack } from '../../src/knowledge/section.js';
import { defaultKnowledgeDir } from './package-root.js';

/**
 * Which folders to read: `--knowledge DIR` (repeatable) replaces everything;
 * else `WHARFIE_KNOWLEDGE` (a path list); else the notes that ship in knowledge/.
 * Two folders with the same name get numbered labels so sources stay distinct.
 */
export function resolvePacks(flags: readonly string[], envList: string | undefined, cwd: string): KnowledgePack[] {
  const specs = flags.length > 0 ? flags : envList ? splitPathList(envList) : [];
  const packs = specs.length > 0 ? specs.map((spec) => packFromSpec(spec, cwd)) : [{ name: 'notes', dir: defaultKnowledgeDir() }];
  const seen = new Map<string, number>();
  return packs.map((pack) => {
    const n = (seen.get(pack.name) ?? 0) + 1;
    seen.set(pack.name, n);
    return n === 1 ? pack : { ...pack, name: `${pack.name}-${n}` };
  });
}
