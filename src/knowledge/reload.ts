import type { Knowledge, Section } from './section.js';

/**
 * The freshly loaded knowledge, except that a file which fails to load now but
 * loaded before keeps its last good sections: a half-saved edit must not make
 * a topic vanish from the bot. The problem is still reported.
 */
export function keepLastGood(previous: Knowledge, next: Knowledge): Knowledge {
  const failing = new Set(next.problems.map((p) => `${p.pack}\u0000${p.source}`));
  if (failing.size === 0) return next;
  const kept: Section[] = previous.sections.filter((s) => failing.has(`${s.pack}\u0000${s.source}`));
  if (kept.length === 0) return next;
  const files = new Set(kept.map((s) => `${s.pack}\u0000${s.source}`));
  return { ...next, sections: [...next.sections, ...kept], fileCount: next.fileCount + files.size };
}
