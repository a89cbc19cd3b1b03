import { existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../adapters/app/package-root.js';

/**
 * The Docker CLI reference (third-party, Apache-2.0) used as real-world test
 * data. It is read where it lies, never copied into the project.
 * WHARFIE_SHARED (or WHARFIE_CLI_DOCS) points elsewhere when the shared folder is not beside us.
 */
export function cliDocsDir(): string {
  return process.env.WHARFIE_CLI_DOCS ?? path.join(sharedDir(), 'corpora', 'docker-cli-docs', 'docs');
}

/** The workplace's shared folder (seed notes, corpora): beside the clone, or WHARFIE_SHARED. */
export function sharedDir(): string {
  return process.env.WHARFIE_SHARED ?? path.resolve(packageRoot(), '..', 'shared');
}

export function cliDocsAvailable(): boolean {
  return existsSync(path.join(cliDocsDir(), 'reference'));
}
