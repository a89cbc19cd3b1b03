import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ParseCache } from './parse-cache.js';
import { parseOne } from './parse-task.js';
import type { Knowledge, KnowledgePack, LoadProblem, Section } from './section.js';

const MARKDOWN = /\.(md|markdown)$/i;
/** Hand-written quiz questions live beside the notes but are not notes. */
export const QUIZ_FOLDER = 'quiz';

/** Every markdown file under a pack folder, relative, sorted so loads are repeatable. */
export async function listNoteFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (rel === '' && entry.name === QUIZ_FOLDER) continue;
        await walk(child);
      } else if (entry.isFile() && MARKDOWN.test(entry.name)) {
        found.push(child);
      }
    }
  };
  await walk('');
  return found.sort();
}

/** Reads one file as UTF-8 text; a file that cannot be read becomes a problem. */
export async function readNoteFile(pack: KnowledgePack, source: string): Promise<{ text: string } | { problem: LoadProblem }> {
  try {
    const bytes = await readFile(path.join(pack.dir, source));
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (error) {
    const message = error instanceof TypeError ? 'not valid UTF-8 text' : (error as Error).message;
    return { problem: { pack: pack.name, source, message } };
  }
}

export interface LoadOptions {
  /** Where parsed files are kept between loads (an adapter's disk cache, or memory); none by default. */
  readonly cacheFor?: (pack: KnowledgePack) => Promise<ParseCache | null>;
}

/** Loads every pack; a broken file is reported by name and the rest still load. */
export async function loadKnowledge(packs: readonly KnowledgePack[], options: LoadOptions = {}): Promise<Knowledge> {
  const sections: Section[] = [];
  const problems: LoadProblem[] = [];
  let fileCount = 0;
  for (const pack of packs) {
    let files: string[];
    try {
      files = await listNoteFiles(pack.dir);
    } catch (error) {
      problems.push({ pack: pack.name, source: '.', message: `cannot read folder: ${(error as Error).message}` });
      continue;
    }
    const cache = (await options.cacheFor?.(pack)) ?? null;
    const read = await Promise.all(files.map((source) => readNoteFile(pack, source)));
    for (const [i, result] of read.entries()) {
      const source = files[i]!;
      if ('problem' in result) {
        problems.push(result.problem);
        continue;
      }
      const task = { pack: pack.name, source, text: result.text };
      let parsed = cache?.get(task);
      if (!parsed) {
        const outcome = parseOne(task);
        if ('error' in outcome) {
          problems.push({ pack: pack.name, source, message: outcome.error });
          continue;
        }
        parsed = outcome;
        cache?.set(task, parsed);
      }
      fileCount += 1;
      sections.push(...parsed.sections);
      for (const problem of parsed.problems) problems.push({ pack: pack.name, source, line: problem.line, message: problem.message, loaded: true });
    }
    await cache?.save(new Set(files));
  }
  return { packs, sections, problems, fileCount };
}

/**
 * A pack per folder. The label is the folder's name unless the spec says
 * otherwise: `name=dir` or `name=dir@https://base.url/`.
 */
export function packFromSpec(spec: string, cwd: string): KnowledgePack {
  let rest = spec;
  let name: string | undefined;
  let baseUrl: string | undefined;
  const eq = rest.indexOf('=');
  if (eq > 0 && !rest.slice(0, eq).includes('/')) {
    name = rest.slice(0, eq);
    rest = rest.slice(eq + 1);
  }
  const at = rest.search(/@https?:\/\//);
  if (at > 0) {
    baseUrl = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const dir = path.resolve(cwd, rest);
  const pack: KnowledgePack = { name: name ?? (path.basename(dir) || 'notes'), dir };
  return baseUrl ? { ...pack, baseUrl } : pack;
}

/**
 * Splits a `:`-separated folder list, keeping `https://...` base URLs whole
 * (`docs=/srv/docs@https://docs.example.com:/srv/notes` is two entries).
 */
export function splitPathList(list: string): string[] {
  // A colon continues the previous entry after `@http(s)` (the scheme) or
  // after `@http(s)://host` when a port number follows.
  const continues = (previous: string, part: string): boolean =>
    /@https?$/.test(previous) || (/@https?:\/\/[^/]*$/.test(previous) && /^\d+(?:\/|$)/.test(part));
  const out: string[] = [];
  for (const part of list.split(':')) {
    const last = out.length - 1;
    if (last >= 0 && continues(out[last]!, part)) out[last] = `${out[last]}:${part}`;
    else if (part !== '') out.push(part);
  }
  return out;
}

/**
 * Hand-written quiz files (`<pack>/quiz/*.md`, or the pack's `quizDir`), as text; unreadable ones are skipped
 * with a problem. Only the folder's own files: a subfolder holds another pack's questions (`quiz/docker-reference/`).
 */
export async function loadQuizFiles(packs: readonly KnowledgePack[]): Promise<{ files: { source: string; text: string }[]; problems: LoadProblem[] }> {
  const files: { source: string; text: string }[] = [];
  const problems: LoadProblem[] = [];
  for (const pack of packs) {
    const dir = pack.quizDir ?? path.join(pack.dir, QUIZ_FOLDER);
    let names: string[];
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      names = entries.filter((e) => e.isFile() && !e.name.startsWith('.') && MARKDOWN.test(e.name)).map((e) => e.name).sort();
    } catch {
      continue; // no quiz folder: nothing hand-written
    }
    for (const name of names) {
      const read = await readNoteFile({ ...pack, dir }, name);
      if ('problem' in read) problems.push({ ...read.problem, source: `${QUIZ_FOLDER}/${name}` });
      else files.push({ source: `${pack.name}/${QUIZ_FOLDER}/${name}`, text: read.text });
    }
  }
  return { files, problems };
}
