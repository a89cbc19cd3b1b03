import { cliDocsAvailable, cliDocsDir } from '../../bench/corpus.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';

/** The Docker CLI reference, read in place (never copied into the project). */
export const CLI_DOCS = cliDocsDir();
export const HAVE_CLI_DOCS = cliDocsAvailable();
if (!HAVE_CLI_DOCS) {
  // Loud on purpose: these tests are skipped, not passed.
  console.warn(`\n*** SKIPPING Docker CLI reference tests: no corpus at ${CLI_DOCS} (set WHARFIE_CLI_DOCS) ***\n`);
}

let loaded: Promise<KnowledgeBase> | undefined;
export function cliKnowledge(): Promise<KnowledgeBase> {
  loaded ??= loadKnowledge([{ name: 'docker-cli', dir: CLI_DOCS, baseUrl: 'https://docs.docker.com/' }]).then((k) => new KnowledgeBase(k));
  return loaded;
}
