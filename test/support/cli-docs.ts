import { cliDocsAvailable, cliDocsDir } from '../../bench/corpus.js';
import { referencePack } from '../../adapters/app/knowledge-packs.js';
import { KnowledgeBase } from '../../src/knowledge-base.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/section.js';

/** The Docker CLI reference: the copy bundled in third-party/ (WHARFIE_CLI_DOCS points elsewhere). */
export const CLI_DOCS = cliDocsDir();
export const HAVE_CLI_DOCS = cliDocsAvailable();
if (!HAVE_CLI_DOCS) {
  // Only when WHARFIE_CLI_DOCS points at nothing: the bundled copy is always there.
  throw new Error(`no Docker CLI reference at ${CLI_DOCS} (WHARFIE_CLI_DOCS must name a docs/reference/commandline folder)`);
}

let loaded: Promise<Knowledge> | undefined;
const loadReference = (): Promise<Knowledge> => (loaded ??= loadKnowledge([{ ...referencePack(), dir: CLI_DOCS }]));

/**
 * The reference alone, as the notes' index (`index`): how the quality bars
 * measure search over it. Same pack, name and links as the bot's fallback.
 */
export async function cliKnowledge(): Promise<KnowledgeBase> {
  const knowledge = await loadReference();
  return new KnowledgeBase({ ...knowledge, packs: knowledge.packs.map((p) => ({ ...p, role: 'notes' as const })) });
}

/** The reference as the bot loads it: a fallback beside the given notes (`reference`). */
export async function withReference(notes: Knowledge): Promise<KnowledgeBase> {
  const reference = await loadReference();
  return new KnowledgeBase({
    packs: [...notes.packs, ...reference.packs],
    sections: [...notes.sections, ...reference.sections],
    problems: [...notes.problems, ...reference.problems],
    fileCount: notes.fileCount + reference.fileCount,
  });
}
