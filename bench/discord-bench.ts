/**
 * Discord: interaction → first callback, over 200 slash commands dispatched
 * through a local gateway into the real discord.js client, timed until the
 * fake REST receives the callback.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDiscordAdapter } from '../adapters/discord/discord-adapter.js';
import { packageRoot } from '../adapters/app/package-root.js';
import { createBot } from '../src/bot.js';
import { KnowledgeBase } from '../src/knowledge-base.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { silentLogger } from '../src/logger.js';
import { slashInteraction, startFakeDiscord } from '../test/support/wire/discord-fakes.js';
import { percentile } from './answers-bench.js';
import { readQuestions } from './eval.js';

export async function benchDiscord(count = 200): Promise<void> {
  const root = packageRoot();
  const questions = readQuestions(path.join(root, 'test', 'eval', 'notes-questions.json')).map((q) => q.q);
  const knowledge = new KnowledgeBase(await loadKnowledge([{ name: 'notes', dir: path.join(root, 'knowledge') }]));
  const discord = await startFakeDiscord();
  const adapter = createDiscordAdapter({
    config: { token: 'bench.token', apiUrl: discord.apiUrl },
    bot: createBot({ knowledge, log: silentLogger, now: () => new Date() }),
    knowledge,
    log: silentLogger,
    globalRequestsPerSecond: 10_000,
  });
  await adapter.start();
  const times: number[] = [];
  for (let i = 0; i < count + 20; i += 1) {
    const interaction = slashInteraction('ask', { question: questions[i % questions.length]! });
    const start = performance.now();
    discord.dispatch('INTERACTION_CREATE', interaction);
    await discord.callbackFor(interaction.id);
    if (i >= 20) times.push(performance.now() - start); // the first 20 warm the client up
  }
  times.sort((a, b) => a - b);
  console.log(`interaction → first callback over ${count} /docker ask: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`);
  await adapter.stop();
  await discord.close();
}
