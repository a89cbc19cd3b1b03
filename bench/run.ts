/** `npm run bench`: prints figures; nothing here passes or fails. */
import { benchAnswers } from './answers-bench.js';
import { benchDiscord } from './discord-bench.js';
import { benchSandbox } from './sandbox-bench.js';
import { benchSlack } from './slack-bench.js';

const benches: [string, () => Promise<void>][] = [
  ['answers', benchAnswers],
  ['sandbox', benchSandbox],
  ['slack', () => benchSlack()],
  ['discord', () => benchDiscord()],
];
const only = process.argv.slice(2);
for (const [name, bench] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n## ${name}`);
  await bench();
}
