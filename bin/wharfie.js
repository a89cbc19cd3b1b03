#!/usr/bin/env node
// The published entry point runs the compiled CLI (`npm run build`, done by `npm install`).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/adapters/cli/main.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write('wharfie: not built yet. Run `npm install` (or `npm run build`) in the wharfie folder first.\n');
  process.exit(1);
}
const { main } = await import(compiled.href);
const { processIo } = await import(new URL('../dist/adapters/cli/cli-io.js', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2), processIo());
