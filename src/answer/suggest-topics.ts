import type { Section } from '../knowledge/section.js';
import type { SearchIndex } from '../search/search-index.js';

/**
 * Topics to offer while someone is still typing (Discord's autocomplete):
 * ranked by the same search as answers; with nothing typed yet, the notes'
 * main topics in their own order.
 */
export function suggestTopics(index: SearchIndex, typed: string, limit = 25): Section[] {
  const text = typed.trim();
  if (text === '') return index.sections.filter((s) => s.depth <= 2).slice(0, limit);
  const seen = new Set<string>();
  const topics: Section[] = [];
  for (const hit of index.search(text, limit * 2).hits) {
    const key = hit.section.trail.join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    topics.push(hit.section);
    if (topics.length >= limit) break;
  }
  return topics;
}
