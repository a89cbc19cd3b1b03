/**
 * `npm run bench [-- NAME... [--busy] [--keep-alive] [--commands N] [--warmup N] [--heap-at-warmup] [--cpu-prof DIR] [--no-floor]]`:
 * prints figures; nothing here passes or fails. For the Slack load: `--busy`
 * keeps both cores busy with other processes, `--keep-alive` reuses
 * connections (default: one per command), `--commands` sets how many are
 * measured (1,000), `--warmup` how many are sent first and not measured
 * (3,000: V8 is still compiling the hot paths before that), `--heap-at-warmup` forces a full GC after the warm-up to print the heap
 * kept then (it makes RSS look flatter), `--cpu-prof DIR` writes the bot's CPU profile, `--no-floor`
 * skips measuring Node's floor (bench/slack-floor-server.ts) after the bot.
 */
import { parseArgs } from 'node:util';
import { benchAnswers } from './answers-bench.js';
import { benchDiscord } from './discord-bench.js';
import { benchSandbox } from './sandbox-bench.js';
import { benchSlack } from './slack-bench.js';
import { benchStores } from './store-bench.js';

const { values, positionals: only } = parseArgs({
  allowPositionals: true,
  options: { busy: { type: 'boolean', default: false }, 'cpu-prof': { type: 'string' }, commands: { type: 'string' }, warmup: { type: 'string' }, 'heap-at-warmup': { type: 'boolean', default: false }, 'keep-alive': { type: 'boolean', default: false }, 'no-floor': { type: 'boolean', default: false } },
});
const benches: [string, () => Promise<void>][] = [
  ['answers', benchAnswers],
  ['sandbox', benchSandbox],
  [
    'slack',
    () =>
      benchSlack({
        busy: values.busy,
        keepAlive: values['keep-alive'],
        heapAtWarmup: values['heap-at-warmup'],
        floor: !values['no-floor'],
        ...(values.commands ? { commands: Number(values.commands) } : {}),
        ...(values.warmup ? { warmup: Number(values.warmup) } : {}),
        ...(values['cpu-prof'] ? { cpuProfileDir: values['cpu-prof'] } : {}),
      }),
  ],
  ['discord', () => benchDiscord()],
  ['stores', benchStores],
];
for (const [name, bench] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n## ${name}`);
  await bench();
}
