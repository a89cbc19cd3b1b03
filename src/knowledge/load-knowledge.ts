import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { NoteParseError, parseNote } from './parse-note.js';
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

/** Parses one file; a file that cannot be used becomes a problem, never an exception. */
export async function loadNoteFile(
  pack: KnowledgePack,
  source: string,
): Promise<{ sections: Section[] } | { problem: LoadProblem }> {
  try {
    const bytes = await readFile(path.join(pack.dir, source));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { sections: parseNote(text, { pack: pack.name, source }) };
  } catch (error) {
    const message =
      error instanceof NoteParseError
        ? error.message
        : error instanceof TypeError
          ? 'not valid UTF-8 text'
          : (error as Error).message;
    return { problem: { pack: pack.name, source, message } };
  }
}

/** Loads every pack; a broken file is reported by name and the rest still load. */
export async function loadKnowledge(packs: readonly KnowledgePack[]): Promise<Knowledge> {
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
    const loaded = await Promise.all(files.map((source) => loadNoteFile(pack, source)));
    for (const result of loaded) {
      if ('problem' in result) problems.push(result.problem);
      else {
        fileCount += 1;
        sections.push(...result.sections);
      }
    }
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
