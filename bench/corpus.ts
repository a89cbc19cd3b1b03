import { existsSync } from 'node:fs';
import path from 'node:path';
import { defaultReferenceDir, packageRoot } from '../adapters/app/package-root.js';

/**
 * The Docker CLI reference (third-party, Apache-2.0) used as real-world test
 * data: the copy bundled in third-party/docker-cli-reference/commandline (the
 * same folder the bot falls back to), so a fresh clone runs every test.
 * WHARFIE_CLI_DOCS points at another `commandline` folder (a newer docker/cli).
 */
export function cliDocsDir(): string {
  return process.env.WHARFIE_CLI_DOCS ?? defaultReferenceDir();
}

/** The shared folder (seed notes, the chat question sets): `../shared` beside the clone, or WHARFIE_SHARED. */
export function sharedDir(): string {
  return process.env.WHARFIE_SHARED ?? path.resolve(packageRoot(), '..', 'shared');
}

export function cliDocsAvailable(): boolean {
  return existsSync(path.join(cliDocsDir(), 'container_run.md'));
}
