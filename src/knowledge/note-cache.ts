import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PARSER_VERSION } from './parse-note.js';
import type { ParseTask } from './parse-task.js';
import type { KnowledgePack, Section } from './section.js';

/**
 * Parsed sections kept on disk, keyed by each file's content hash, so a
 * restart parses only what changed. remark runs at about a megabyte a second:
 * the 1.2 MB Docker CLI reference takes ~2 s to parse cold and ~0.1 s to read
 * back. A cache that cannot be read or written is simply not used.
 */
interface CacheFile {
  readonly version: number;
  readonly files: Record<string, { readonly hash: string; readonly sections: Section[] }>;
}

export class NoteCache {
  private dirty = false;

  private constructor(
    /** Null: kept in memory only (a watcher reloading the same folder). */
    private readonly file: string | null,
    private readonly data: CacheFile,
  ) {}

  static memory(): NoteCache {
    return new NoteCache(null, { version: PARSER_VERSION, files: {} });
  }

  static async open(dir: string, pack: KnowledgePack): Promise<NoteCache> {
    const key = createHash('sha1').update(`${pack.name}\u0000${pack.dir}`).digest('hex').slice(0, 16);
    const file = path.join(dir, `notes-${key}.json`);
    let data: CacheFile = { version: PARSER_VERSION, files: {} };
    try {
      const stored = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
      if (stored.version === PARSER_VERSION) data = stored;
    } catch {
      // no cache yet, or an unreadable one: start empty
    }
    return new NoteCache(file, { version: PARSER_VERSION, files: { ...data.files } });
  }

  get(task: ParseTask): Section[] | undefined {
    const entry = this.data.files[task.source];
    return entry && entry.hash === hashOf(task.text) ? entry.sections : undefined;
  }

  set(task: ParseTask, sections: Section[]): void {
    (this.data.files as Record<string, CacheFile['files'][string]>)[task.source] = { hash: hashOf(task.text), sections };
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

function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}
