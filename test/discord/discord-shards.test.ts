import { afterEach, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.js';
import { loadConfig } from '../../src/config.js';
import { createBot } from '../../src/bot.js';
import { silentLogger } from '../../src/logger.js';
import { notesKnowledge } from '../support/notes.js';
import { startFakeDiscord, type FakeDiscord } from '../support/wire/discord-fakes.js';

let discord: FakeDiscord | undefined;
let adapter: DiscordAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await discord?.close();
});

it('runs only the gateway shards WHARFIE_DISCORD_SHARDS names, so replicas split the guilds between them', async () => {
  discord = await startFakeDiscord();
  const config = loadConfig({ DISCORD_TOKEN: 'test.discord.token', DISCORD_API_URL: discord.apiUrl, WHARFIE_DISCORD_SHARDS: '1/2' }).discord!;
  const knowledge = await notesKnowledge();
  adapter = createDiscordAdapter({ config, bot: createBot({ knowledge, log: silentLogger, now: () => new Date() }), knowledge, log: silentLogger, globalRequestsPerSecond: 10_000 });
  await adapter.start();
  expect(discord.identifiedShards).toEqual([[1, 2]]);
});
