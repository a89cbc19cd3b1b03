import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding Wharfie's package.json, whether running from src or dist. */
export function packageRoot(from: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the package root');
    dir = up;
  }
  return dir;
}

/** The team's notes that ship with the bot. */
export function defaultKnowledgeDir(): string {
  return path.join(packageRoot(), 'knowledge');
}

/** The Docker CLI reference bundled in third-party/ (Apache-2.0; see its SOURCE.md). */
export function defaultReferenceDir(): string {
  return path.join(packageRoot(), 'third-party', 'docker-cli-reference', 'commandline');
}

/** The team's hand-written quiz questions on the bundled reference (ours, MIT): beside the notes' own, not in third-party/. */
export function defaultReferenceQuizDir(): string {
  return path.join(packageRoot(), 'knowledge', 'quiz', 'docker-reference');
}
