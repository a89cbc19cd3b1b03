import { statSync, readdirSync } from 'node:fs';
import { ConfigError } from '../../src/config.js';
import { loadKnowledge, type LoadOptions } from '../../src/knowledge/load-knowledge.js';
import { lastingCaches } from '../knowledge/note-cache.js';
import type { Knowledge, KnowledgePack } from '../../src/knowledge/section.js';
import type { CliIo } from './process-io.js';
import { parseCacheDir, parseCacheSeedDir, referenceEnabled, referencePack, resolvePacks } from './knowledge-packs.js';

export interface LoadedKnowledge {
  readonly knowledge: Knowledge;
  readonly packs: readonly KnowledgePack[];
  readonly cacheFor: NonNullable<LoadOptions['cacheFor']>;
}

export interface LoadForOptions {
  readonly quiet?: boolean;
  /**
   * Add the bundled Docker CLI reference (a fallback pack). Only what answers
   * questions wants it (`ask`, `start`); the linter and the quiz read the notes
   * alone. Even when asked for, WHARFIE_REFERENCE=off leaves it out.
   */
  readonly reference?: boolean;
  /** No note at all is an error (`start`: a bot over nothing answers "not in the notes" to everything). */
  readonly requireNotes?: boolean;
}

/** Loads the knowledge folders (through the parse cache), naming every file that was skipped. */
export async function loadFor(flags: readonly string[], io: CliIo, options: LoadForOptions = {}): Promise<Knowledge> {
  return (await loadKnowledgeFor(flags, io, options)).knowledge;
}

/**
 * The knowledge folders a command was given, loaded. A folder that is
 * missing, not a folder or unreadable is a settings error (ConfigError, exit 2)
 * naming where it was set, instead of a bot that silently knows nothing.
 */
export async function loadKnowledgeFor(flags: readonly string[], io: CliIo, options: LoadForOptions = {}): Promise<LoadedKnowledge> {
  const reference = options.reference === true && referenceEnabled(io.env);
  const packs = resolvePacks(flags, io.env.WHARFIE_KNOWLEDGE, io.cwd, { reference });
  const setBy = flags.length > 0 ? '--knowledge' : io.env.WHARFIE_KNOWLEDGE ? 'WHARFIE_KNOWLEDGE' : 'the default knowledge folder';
  const notes = packs.filter((pack) => pack.role !== 'reference');
  for (const pack of notes) checkFolder(pack.dir, setBy);
  const cacheFor = lastingCaches(parseCacheDir(io.env), parseCacheSeedDir(io.env));
  const knowledge = await loadKnowledge(packs, { cacheFor });
  if (!options.quiet) {
    const referencePacks = new Set(packs.filter((p) => p.role === 'reference').map((p) => p.name));
    // The bundled reference is third-party data nobody here edits: its lint findings are not the user's to fix.
    for (const problem of knowledge.problems.filter((p) => !(p.loaded && referencePacks.has(p.pack)))) {
      const where = `${problem.pack}/${problem.source}${problem.line !== undefined ? `:${problem.line}` : ''}`;
      io.stderr.write(problem.loaded ? `wharfie: ${where}: ${problem.message}\n` : `wharfie: skipped ${where}: ${problem.message}\n`);
    }
  }
  if (options.requireNotes && !knowledge.sections.some((s) => notes.some((pack) => pack.name === s.pack))) {
    throw new ConfigError(`${setBy}: no notes to answer from in ${notes.map((p) => p.dir).join(', ')} (no readable markdown file with any text)`);
  }
  return { knowledge, packs, cacheFor };
}

/** The bundled Docker CLI reference alone, as `wharfie quiz --reference` reads it. */
export async function loadReferenceOnly(io: CliIo): Promise<Knowledge> {
  const knowledge = await loadKnowledge([referencePack()], { cacheFor: lastingCaches(parseCacheDir(io.env), parseCacheSeedDir(io.env)) });
  for (const problem of knowledge.problems.filter((p) => !p.loaded)) io.stderr.write(`wharfie: skipped ${problem.pack}/${problem.source}: ${problem.message}\n`);
  return knowledge;
}

function checkFolder(dir: string, setBy: string): void {
  let why: string | null = null;
  try {
    if (!statSync(dir).isDirectory()) why = 'is not a folder';
    else readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? (error as Error).message})`;
  }
  if (why) throw new ConfigError(`${setBy}: ${dir} ${why}`);
}
