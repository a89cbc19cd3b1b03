import { GatewayCloseCodes } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter, type GatewayFailure } from '../../adapters/discord/discord-adapter.js';
import { createBot } from '../../src/bot.js';
import { notesKnowledge } from '../support/notes.js';
import { startFakeDiscord, type FakeDiscord } from '../support/wire/discord-fakes.js';
import { recordingLogger } from '../support/wire/slack-harness.js';

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Discord gateway closes that cannot be resumed (real discord.js, fake gateway)', () => {
  let discord: FakeDiscord;
  let adapter: DiscordAdapter;
  const failures: GatewayFailure[] = [];
  const log = recordingLogger();

  const connect = async (): Promise<DiscordAdapter> => {
    discord = await startFakeDiscord();
    const knowledge = await notesKnowledge();
    adapter = createDiscordAdapter({
      config: { token: 'test.discord.token', apiUrl: discord.apiUrl },
      bot: createBot({ knowledge, log, now: () => new Date() }),
      knowledge,
      log,
      onFailure: (failure) => failures.push(failure),
      globalRequestsPerSecond: 10_000,
    });
    return adapter;
  };

  afterEach(async () => {
    failures.length = 0;
    log.lines.length = 0;
    await adapter.stop();
    await discord.close();
  });

  it('logs "Discord ready as <tag>" once connected', async () => {
    await (await connect()).start();
    expect(adapter.ready()).toBe(true);
    expect(log.lines.filter((l) => l.message === 'Discord ready as wharfie')).toHaveLength(1);
  });

  it('a token reset (close 4004) makes Discord unready, says what to do, and asks the process to exit', async () => {
    await (await connect()).start();
    discord.closeWith(GatewayCloseCodes.AuthenticationFailed);
    await until(() => failures.length > 0, 'the failure');
    expect(adapter.ready()).toBe(false);
    expect(failures).toEqual([expect.objectContaining({ code: 4004, fatal: true, message: expect.stringMatching(/rejected DISCORD_TOKEN .*reset the bot token/) })]);
    expect(log.lines.filter((l) => l.level === 'error' && /4004/.test(l.message))).toHaveLength(1);
    expect(JSON.stringify(log.lines)).not.toContain('test.discord.token');
    // It does not try again with a token Discord refused.
    expect(discord.identifies).toBe(1);
  });

  it.each([4010, 4011, 4012, 4013, 4014])('close %i makes Discord unready (and the bot stays up for the rest)', async (code) => {
    await (await connect()).start();
    discord.closeWith(code);
    await until(() => failures.length > 0, 'the failure');
    expect(adapter.ready()).toBe(false);
    expect(failures[0]).toMatchObject({ code, fatal: false });
    expect(log.lines.some((l) => l.level === 'error' && /not ready until the bot restarts/.test(l.message))).toBe(true);
  });

  it('a close it can resume from (4000) keeps it ready after reconnecting', async () => {
    await (await connect()).start();
    discord.closeWith(GatewayCloseCodes.UnknownError);
    await until(() => discord.identifies + discord.resumes >= 2, 'the reconnection');
    await until(() => adapter.ready(), 'readiness');
    expect(failures).toEqual([]);
  });

  it('start-up with a refused token fails with one clear message', async () => {
    await connect();
    discord.failIdentifyWith(GatewayCloseCodes.AuthenticationFailed);
    await expect(adapter.start()).rejects.toThrow(/^Discord rejected DISCORD_TOKEN \(gateway close 4004, authentication failed\): reset the bot token/);
  });

  it('start-up when REST refuses the token (401) fails with the same message', async () => {
    await connect();
    discord.failNextRest(/^\/gateway\/bot$/, { status: 401, body: { message: '401: Unauthorized', code: 0 } });
    await expect(adapter.start()).rejects.toThrow(/^Discord rejected DISCORD_TOKEN/);
  });
});
