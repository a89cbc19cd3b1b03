import type { ParseTask } from './parse-task.js';
import type { Section } from './section.js';

/**
 * Parsed sections kept between loads, keyed by each file's content. The core
 * asks and tells; where they are kept (memory, a folder) is an adapter's
 * business (adapters/knowledge/note-cache.ts), so the core writes no files.
 */
export interface ParseCache {
  /** The sections of this exact text, if parsed before. */
  get(task: ParseTask): readonly Section[] | undefined;
  set(task: ParseTask, sections: readonly Section[]): void;
  /** Forgets files not in `present`, and keeps the rest (a disk cache writes them out). */
  save(present: ReadonlySet<string>): Promise<void>;
}
