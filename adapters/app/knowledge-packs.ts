import { packFromSpec, splitPathList } from '../../src/knowledge/load-knowledge.js';
import type { KnowledgePack } from '../../src/knowledge/section.js';
import path from 'node:path';
import { defaultKnowledgeDir, packageRoot } from './package-root.js';

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

/**
 * Where parsed notes are cached between runs: WHARFIE_CACHE_DIR, `off` for
 * nowhere, by default node_modules/.cache/wharfie beside the package (the
 * usual home of tool caches, ignored by git and by the Docker build context).
 */
export function parseCacheDir(env: Record<string, string | undefined>): string | null {
  const setting = env.WHARFIE_CACHE_DIR?.trim();
  if (setting === 'off') return null;
  return setting || path.join(packageRoot(), 'node_modules', '.cache', 'wharfie');
}
