#!/usr/bin/env node
// `npm start`, `npm run eval`, ...: compile only when a TypeScript source is newer than
// the last build (dist/.tsbuildinfo), and say so, since a cold compile takes a while.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.tsbuildinfo');
const inputs = ['src', 'adapters', 'bench', 'test/support/wire'];
const configs = ['tsconfig.json', 'tsconfig.build.json', 'tsconfig.app.json', 'package-lock.json'];

function newest(entry) {
  let stat;
  try {
    stat = statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return /\.(ts|json)$/.test(entry) ? stat.mtimeMs : 0;
  return Math.max(0, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

let built = 0;
try {
  built = statSync(stamp).mtimeMs;
} catch {
  // never built
}
const changed = Math.max(...[...inputs, ...configs].map((p) => newest(path.join(root, p))));
if (built > 0 && changed <= built) process.exit(0);

process.stderr.write(built === 0 ? 'wharfie: compiling the TypeScript sources into dist/ (first run, about 20 s)…\n' : 'wharfie: sources changed since the last build: recompiling into dist/…\n');
try {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
} catch {
  process.exit(1);
}
// tsc leaves its build info untouched when nothing needed emitting: mark this build as current.
const now = new Date();
utimesSync(stamp, now, now);
