import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PARSER_VERSION, type NoteProblem, type ParsedNote } from '../../src/knowledge/parse-note.js';
import type { ParseCache } from '../../src/knowledge/parse-cache.js';
import type { ParseTask } from '../../src/knowledge/parse-task.js';
import type { KnowledgePack, Section } from '../../src/knowledge/section.js';

/**
 * The core's ParseCache on disk (the core itself only reads notes; writing
 * files is an adapter's job). Parsed sections kept on disk, keyed by each file's content hash, so a
 * restart parses only what changed. remark runs at about a megabyte a second:
 * the 1.2 MB Docker CLI reference takes ~2 s to parse cold and ~0.1 s to read
 * back. A cache that cannot be read or written is simply not used.
 */
interface CacheFile {
  readonly version: number;
  readonly files: Record<string, { readonly hash: string; readonly sections: Section[]; readonly problems?: NoteProblem[] }>;
}

export class NoteCache implements ParseCache {
  private dirty = false;

  private constructor(
    /** Null: kept in memory only (a watcher reloading the same folder). */
    private readonly file: string | null,
    private readonly data: CacheFile,
  ) {}

  static memory(): NoteCache {
    return new NoteCache(null, { version: PARSER_VERSION, files: {} });
  }

  /**
   * The cache of one pack in `dir`. When `dir` holds none (or an outdated one),
   * the same pack's cache in `seedDir` is read instead: a read-only starting
   * point (the Docker image ships one). Writes always go to `dir`.
   */
  static async open(dir: string, pack: KnowledgePack, seedDir: string | null = null): Promise<NoteCache> {
    const name = `notes-${createHash('sha1').update(`${pack.name}\u0000${pack.dir}`).digest('hex').slice(0, 16)}.json`;
    const file = path.join(dir, name);
    const data = (await readCacheFile(file)) ?? (seedDir ? await readCacheFile(path.join(seedDir, name)) : null);
    return new NoteCache(file, { version: PARSER_VERSION, files: { ...data?.files } });
  }

  get(task: ParseTask): ParsedNote | undefined {
    const entry = this.data.files[task.source];
    return entry && entry.hash === hashOf(task.text) ? { sections: entry.sections, problems: entry.problems ?? [] } : undefined;
  }

  set(task: ParseTask, { sections, problems }: ParsedNote): void {
    (this.data.files as Record<string, CacheFile['files'][string]>)[task.source] = { hash: hashOf(task.text), sections, ...(problems.length > 0 ? { problems } : {}) };
    this.dirty = true;
  }

  /** Forgets files that no longer exist, then writes atomically if anything changed. */
  async save(present: ReadonlySet<string>): Promise<void> {
    for (const source of Object.keys(this.data.files)) {
      if (!present.has(source)) {
        delete (this.data.files as Record<string, unknown>)[source];
        this.dirty = true;
      }
    }
    if (!this.dirty || this.file === null) return;
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(this.data));
      await rename(temp, this.file);
      this.dirty = false;
    } catch {
      // a read-only disk costs speed, not correctness
    }
  }
}

/** A cache file of this parser version; null when there is none, or an unreadable or outdated one. */
async function readCacheFile(file: string): Promise<CacheFile | null> {
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
    return stored.version === PARSER_VERSION && typeof stored.files === 'object' && stored.files !== null ? stored : null;
  } catch {
    return null;
  }
}

function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

/** A cache per pack in a folder: restarts parse only what changed. */
export function diskCache(dir: string): (pack: KnowledgePack) => Promise<ParseCache> {
  return (pack) => NoteCache.open(dir, pack);
}

/**
 * Caches opened once and kept for a running bot, so every reload parses only
 * what changed: backed by a folder when one is given (starting from `seedDir`
 * when the folder has nothing yet), in memory otherwise.
 */
export function lastingCaches(dir: string | null, seedDir: string | null = null): (pack: KnowledgePack) => Promise<ParseCache> {
  const open = new Map<string, Promise<ParseCache>>();
  return (pack) => {
    let cache = open.get(pack.name);
    if (!cache) open.set(pack.name, (cache = dir ? NoteCache.open(dir, pack, seedDir) : Promise.resolve(NoteCache.memory())));
    return cache;
  };
}
