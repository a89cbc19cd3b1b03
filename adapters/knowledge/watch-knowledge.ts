import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { loadKnowledge, type LoadOptions } from '../../src/knowledge/load-knowledge.js';
import { lastingCaches } from './note-cache.js';
import type { KnowledgeBase } from '../../src/knowledge-base.js';
import { keepLastGood } from '../../src/knowledge/reload.js';
import type { Knowledge, KnowledgePack } from '../../src/knowledge/section.js';
import type { Logger } from '../../src/logger.js';

export interface WatchOptions {
  readonly log: Logger;
  /** Quiet time after the last change before reloading: editors save in bursts. */
  readonly debounceMs?: number;
  /** Parsed-file caches per pack (default: in memory, so a reload parses only what changed). */
  readonly cacheFor?: NonNullable<LoadOptions['cacheFor']>;
  /** Told after every reload, successful or not (tests wait on it); `knowledge` is the reloaded notes. */
  readonly onReload?: (result: { knowledge?: Knowledge; error?: Error }) => void;
}

export interface KnowledgeWatcher {
  /** Resolves once the watcher is watching. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Hot reload: when a markdown file in a knowledge folder is added, changed or
 * deleted, the folders are loaded again and the new index swapped in whole.
 * A file that breaks keeps its last good sections; a reload that fails
 * outright leaves the old index serving.
 */
export function watchKnowledge(base: KnowledgeBase, allPacks: readonly KnowledgePack[], options: WatchOptions): KnowledgeWatcher {
  // Reference packs (the bundled Docker CLI reference) are read-only data: not
  // watched, not reloaded; replaceNotes keeps them serving across reloads.
  const packs = allPacks.filter((p) => (p.role ?? 'notes') === 'notes');
  const debounceMs = options.debounceMs ?? 300;
  const cacheFor = options.cacheFor ?? lastingCaches(null);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  const reload = async (): Promise<void> => {
    try {
      const next = await loadKnowledge(packs, { cacheFor });
      if (closed) return;
      const merged = keepLastGood(base.notes, next);
      base.replaceNotes(merged);
      for (const problem of next.problems) {
        options.log.warn({ pack: problem.pack, source: problem.source, line: problem.line, problem: problem.message }, problem.loaded ? 'knowledge file has a problem' : 'knowledge file skipped');
      }
      options.log.info({ sections: base.index.size, files: merged.fileCount }, 'knowledge reloaded');
      options.onReload?.({ knowledge: merged });
    } catch (error) {
      options.log.error({ err: error }, 'knowledge reload failed; the previous index keeps serving');
      options.onReload?.({ error: error as Error });
    }
  };
  const schedule = (file: string): void => {
    if (!/\.(md|markdown)$/i.test(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      // One reload at a time: a burst during a reload queues exactly one more.
      running = running.then(reload);
    }, debounceMs);
  };

  const watcher: FSWatcher = watch(
    packs.map((p) => p.dir),
    { ignoreInitial: true, ignored: (file) => /^(\..+|node_modules)$/.test(path.basename(file)) },
  );
  watcher.on('add', schedule).on('change', schedule).on('unlink', schedule);
  watcher.on('error', (error) => options.log.warn({ err: error }, 'knowledge watcher error'));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
