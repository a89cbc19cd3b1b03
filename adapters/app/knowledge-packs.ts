import { packFromSpec, splitPathList } from '../../src/knowledge/load-knowledge.js';
import type { KnowledgePack } from '../../src/knowledge/section.js';
import path from 'node:path';
import { ConfigError, ENV_SCHEMA } from '../../src/config.js';
import { defaultKnowledgeDir, defaultReferenceDir, defaultReferenceQuizDir, packageRoot } from './package-root.js';

/** The label of the bundled Docker CLI reference: its answers say `docker-reference/container_run.md`. */
export const REFERENCE_PACK_NAME = 'docker-reference';
/** Where the reference's pages live online; `container_run.md` maps to `container/run/`. */
export const REFERENCE_BASE_URL = 'https://docs.docker.com/reference/cli/docker/';

/**
 * The Docker CLI reference that ships in third-party/ (Apache-2.0, unchanged):
 * a fallback pack, answering labelled only where the notes do not.
 */
export function referencePack(): KnowledgePack {
  return { name: REFERENCE_PACK_NAME, dir: defaultReferenceDir(), baseUrl: REFERENCE_BASE_URL, role: 'reference', urlStyle: 'docker-cli', quizDir: defaultReferenceQuizDir() };
}

/**
 * Which folders to read: `--knowledge DIR` (repeatable) replaces the notes;
 * else `WHARFIE_KNOWLEDGE` (a path list); else the notes that ship in knowledge/.
 * Two folders with the same name get numbered labels so sources stay distinct.
 * With `reference` (the default), the bundled Docker CLI reference comes last,
 * whatever the notes are: `--knowledge` and `WHARFIE_KNOWLEDGE` never replace it.
 */
export function resolvePacks(
  flags: readonly string[],
  envList: string | undefined,
  cwd: string,
  options: { readonly reference?: boolean } = {},
): KnowledgePack[] {
  const specs = flags.length > 0 ? flags : envList ? splitPathList(envList) : [];
  const notes: KnowledgePack[] = specs.length > 0 ? specs.map((spec) => packFromSpec(spec, cwd)) : [{ name: 'notes', dir: defaultKnowledgeDir() }];
  const packs = options.reference === false ? notes : [...notes, referencePack()];
  const seen = new Map<string, number>();
  return packs.map((pack) => {
    const n = (seen.get(pack.name) ?? 0) + 1;
    seen.set(pack.name, n);
    return n === 1 ? pack : { ...pack, name: `${pack.name}-${n}` };
  });
}

/**
 * WHARFIE_REFERENCE: the bundled Docker CLI reference is on unless it says
 * `off`; checked by the same zod rule as at start-up, so `ask` and `start`
 * agree and a bad value names the variable (ConfigError).
 */
export function referenceEnabled(env: Record<string, string | undefined>): boolean {
  const parsed = ENV_SCHEMA.shape.WHARFIE_REFERENCE.safeParse(env.WHARFIE_REFERENCE);
  if (!parsed.success) throw new ConfigError('Invalid configuration:\n  WHARFIE_REFERENCE: expected "on" or "off"');
  return parsed.data === 'on';
}

/**
 * Where parsed notes are cached between runs: WHARFIE_CACHE_DIR, `off` for
 * nowhere, by default node_modules/.cache/wharfie beside the package (the
 * usual home of tool caches, ignored by git and by the Docker build context).
 */
export function parseCacheDir(env: Record<string, string | undefined>): string | null {
  const setting = env.WHARFIE_CACHE_DIR?.trim();
  if (setting === 'off') return null;
  return setting || defaultParseCacheDir();
}

export function defaultParseCacheDir(): string {
  return path.join(packageRoot(), 'node_modules', '.cache', 'wharfie');
}

/**
 * A read-only cache to start from when the cache folder has nothing yet: the
 * default folder, whenever WHARFIE_CACHE_DIR points elsewhere. The Docker image
 * fills the default folder at build time (the reference and the shipped notes),
 * while its WHARFIE_CACHE_DIR is on the /data volume, which hides whatever the
 * image holds at that path; so a fresh container starts warm from the seed.
 */
export function parseCacheSeedDir(env: Record<string, string | undefined>): string | null {
  const dir = parseCacheDir(env);
  const seed = defaultParseCacheDir();
  return dir === null || path.resolve(dir) === seed ? null : seed;
}
