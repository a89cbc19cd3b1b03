import { fileKey, type Knowledge, type Section } from './section.js';

/**
 * The freshly loaded knowledge, except that a file which fails to load now but
 * loaded before keeps its last good sections: a half-saved edit must not make
 * a topic vanish from the bot. The problem is still reported.
 */
export function keepLastGood(previous: Knowledge, next: Knowledge): Knowledge {
  const failing = new Set(next.problems.filter((p) => !p.loaded).map(fileKey));
  if (failing.size === 0) return next;
  const kept: Section[] = previous.sections.filter((s) => failing.has(fileKey(s)));
  if (kept.length === 0) return next;
  const files = new Set(kept.map(fileKey));
  return { ...next, sections: [...next.sections, ...kept], fileCount: next.fileCount + files.size };
}
