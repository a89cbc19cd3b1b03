/**
 * `npm run bench [-- NAME... [--busy] [--cpu-prof DIR]]`: prints figures;
 * nothing here passes or fails. `--busy` runs the Slack load with both cores
 * kept busy by other processes; `--cpu-prof DIR` writes the bot's CPU profile.
 */
import { parseArgs } from 'node:util';
import { benchAnswers } from './answers-bench.js';
import { benchDiscord } from './discord-bench.js';
import { benchSandbox } from './sandbox-bench.js';
import { benchSlack } from './slack-bench.js';

const { values, positionals: only } = parseArgs({
  allowPositionals: true,
  options: { busy: { type: 'boolean', default: false }, 'cpu-prof': { type: 'string' } },
});
const benches: [string, () => Promise<void>][] = [
  ['answers', benchAnswers],
  ['sandbox', benchSandbox],
  ['slack', () => benchSlack({ busy: values.busy, ...(values['cpu-prof'] ? { cpuProfileDir: values['cpu-prof'] } : {}) })],
  ['discord', () => benchDiscord()],
];
for (const [name, bench] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n## ${name}`);
  await bench();
}
