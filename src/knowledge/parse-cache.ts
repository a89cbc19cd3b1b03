import type { ParsedNote } from './parse-note.js';
import type { ParseTask } from './parse-task.js';

/**
 * Parsed sections kept between loads, keyed by each file's content. The core
 * asks and tells; where they are kept (memory, a folder) is an adapter's
 * business (adapters/knowledge/note-cache.ts), so the core writes no files.
 */
export interface ParseCache {
  /** This exact text's parse (sections and the problems found in it), if parsed before. */
  get(task: ParseTask): ParsedNote | undefined;
  set(task: ParseTask, parsed: ParsedNote): void;
  /** Forgets files not in `present`, and keeps the rest (a disk cache writes them out). */
  save(present: ReadonlySet<string>): Promise<void>;
}
