import { GatewayCloseCodes } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { startBotProcess, type BotProcess } from '../support/wire/bot-process.js';
import { startFakeDiscord } from '../support/wire/discord-fakes.js';

/** The real `wharfie start` process, logged in to the fake Discord. */
function startWharfie(apiUrl: string): Promise<BotProcess> {
  return startBotProcess({
    // The bundled CLI reference is not needed here, and loading it is most of a cold start.
    WHARFIE_REFERENCE: 'off',
    DISCORD_TOKEN: 'secret.discord.token',
    DISCORD_API_URL: apiUrl,
  });
}

/** Everything the process wrote to stderr: JSON log lines and the one-line errors meant for people. */
const stderrOf = (bot: BotProcess): string => [...bot.logs.map((l) => JSON.stringify(l)), ...bot.plainLines].join('\n');

describe('wharfie start with Discord, when Discord closes the gateway for good', () => {
  it('a token reset (4004): ready until then, then exits 1 with one clear line and never the token', async () => {
    const discord = await startFakeDiscord();
    const bot = await startWharfie(discord.apiUrl);
    try {
      expect((await bot.waitForHttp('/readyz', (r) => r.status === 200)).body).toMatchObject({ status: 'ready', checks: { discord: true } });
      await bot.waitForLog((l) => /Discord ready as wharfie/.test(l.msg));
      discord.closeWith(GatewayCloseCodes.AuthenticationFailed);
      expect(await bot.waitForExit(20_000)).toBe(1);
      expect(bot.plainLines.filter((l) => l.startsWith('wharfie:'))).toEqual([
        expect.stringMatching(/^wharfie: Discord rejected DISCORD_TOKEN \(gateway close 4004, authentication failed\): reset the bot token/),
      ]);
      expect(stderrOf(bot)).not.toContain('secret.discord.token');
    } finally {
      bot.kill();
      await discord.close();
    }
  }, 40_000);

  it('disallowed intents (4014): /readyz answers 503 naming Discord, and SIGTERM still exits 0', async () => {
    const discord = await startFakeDiscord();
    const bot = await startWharfie(discord.apiUrl);
    try {
      await bot.waitForHttp('/readyz', (r) => r.status === 200);
      discord.closeWith(GatewayCloseCodes.DisallowedIntents);
      expect((await bot.waitForHttp('/readyz', (r) => r.status === 503)).body).toMatchObject({
        status: 'not ready',
        checks: { knowledge: true, discord: false },
        down: { discord: expect.stringMatching(/disallowed intents \(4014\)/) },
      });
      bot.signal('SIGTERM');
      expect(await bot.waitForExit(20_000)).toBe(0);
    } finally {
      bot.kill();
      await discord.close();
    }
  }, 40_000);
});
