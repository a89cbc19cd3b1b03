import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { lastingCaches } from '../knowledge/note-cache.js';
import { defaultParseCacheDir, resolvePacks } from './knowledge-packs.js';
import { packageRoot } from './package-root.js';

/**
 * Fills the parse cache for the knowledge that ships (the notes in knowledge/
 * and the bundled Docker CLI reference) in the default cache folder,
 * node_modules/.cache/wharfie. The Docker build runs it so the image starts
 * warm: at run time that folder is the read-only seed the loader falls back to
 * while WHARFIE_CACHE_DIR (on the /data volume) has nothing yet.
 */
export async function warmCache(dir: string = defaultParseCacheDir()): Promise<{ files: number; sections: number; problems: number }> {
  const packs = resolvePacks([], undefined, packageRoot(), { reference: true });
  const knowledge = await loadKnowledge(packs, { cacheFor: lastingCaches(dir) });
  return { files: knowledge.fileCount, sections: knowledge.sections.length, problems: knowledge.problems.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? defaultParseCacheDir();
  const { files, sections, problems } = await warmCache(dir);
  console.log(`parse cache warmed in ${dir}: ${files} files, ${sections} sections${problems > 0 ? `, ${problems} skipped` : ''}`);
}
