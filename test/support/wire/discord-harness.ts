import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-adapter.js';
import { createBot, type BotDeps } from '../../../src/bot.js';
import type { VoteRecord } from '../../../src/usage/usage-records.js';
import { testUsage } from '../usage.js';
import { notesKnowledge } from '../notes.js';
import { startFakeDiscord, type FakeDiscord } from './discord-fakes.js';
import { recordingLogger } from './slack-harness.js';

export interface DiscordHarness {
  readonly discord: FakeDiscord;
  readonly adapter: DiscordAdapter;
  readonly votes: VoteRecord[];
  readonly usage: ReturnType<typeof testUsage>;
  readonly log: ReturnType<typeof recordingLogger>;
  stop(): Promise<void>;
}

/** A real discord.js Client over the shipped notes, logged in to a fake gateway and REST API. */
export async function startDiscord(overrides: Partial<BotDeps> = {}): Promise<DiscordHarness> {
  const discord = await startFakeDiscord();
  const log = recordingLogger();
  const usage = testUsage();
  const knowledge = await notesKnowledge();
  const adapter = createDiscordAdapter({
    config: { token: 'test.discord.token', apiUrl: discord.apiUrl },
    bot: createBot({ knowledge, log, now: () => new Date(), usage: usage.usage, ...overrides }),
    knowledge,
    log,
    globalRequestsPerSecond: 10_000,
  });
  await adapter.start();
  return {
    discord,
    adapter,
    usage,
    get votes() {
      return usage.store.readVotes(0);
    },
    log,
    async stop() {
      await adapter.stop();
      await discord.close();
    },
  };
}
