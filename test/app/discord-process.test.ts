import { spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GatewayCloseCodes } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/notes.js';
import { startFakeDiscord } from '../support/wire/discord-fakes.js';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The real `wharfie start` process, logged in to the fake Discord. */
async function startWharfie(apiUrl: string) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wharfie.js'), 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      WHARFIE_HTTP: 'on',
      WHARFIE_TERMINAL: 'off',
      WHARFIE_SANDBOX: 'off',
      WHARFIE_DB: path.join(os.tmpdir(), `wharfie-discord-${process.pid}-${port}.db`),
      LOG_LEVEL: 'info',
      // The bundled CLI reference is not needed here, and loading it is most of a cold start.
      WHARFIE_REFERENCE: 'off',
      DISCORD_TOKEN: 'secret.discord.token',
      DISCORD_API_URL: apiUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const readyz = async (): Promise<{ status: number; body: unknown } | null> => {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
    return res ? { status: res.status, body: await res.json() } : null;
  };
  const waitForReadyz = async (status: number): Promise<{ status: number; body: unknown }> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const got = await readyz();
      if (got?.status === status) return got;
      if (Date.now() > deadline) throw new Error(`no /readyz ${status}; last ${JSON.stringify(got)}; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, waitForReadyz, stderr: () => stderr };
}

describe('wharfie start with Discord, when Discord closes the gateway for good', () => {
  it('a token reset (4004): ready until then, then exits 1 with one clear line and never the token', async () => {
    const discord = await startFakeDiscord();
    const bot = await startWharfie(discord.apiUrl);
    try {
      expect((await bot.waitForReadyz(200)).body).toMatchObject({ status: 'ready', checks: { discord: true } });
      expect(bot.stderr()).toContain('Discord ready as wharfie');
      discord.closeWith(GatewayCloseCodes.AuthenticationFailed);
      expect(await bot.exited).toBe(1);
      const plain = bot.stderr().split('\n').filter((l) => l.startsWith('wharfie:'));
      expect(plain).toEqual([expect.stringMatching(/^wharfie: Discord rejected DISCORD_TOKEN \(gateway close 4004, authentication failed\): reset the bot token/)]);
      expect(bot.stderr()).not.toContain('secret.discord.token');
    } finally {
      bot.child.kill('SIGKILL');
      await discord.close();
    }
  }, 40_000);

  it('disallowed intents (4014): /readyz answers 503 naming Discord, and SIGTERM still exits 0', async () => {
    const discord = await startFakeDiscord();
    const bot = await startWharfie(discord.apiUrl);
    try {
      await bot.waitForReadyz(200);
      discord.closeWith(GatewayCloseCodes.DisallowedIntents);
      expect((await bot.waitForReadyz(503)).body).toMatchObject({
        status: 'not ready',
        checks: { knowledge: true, discord: false },
        down: { discord: expect.stringMatching(/disallowed intents \(4014\)/) },
      });
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      bot.child.kill('SIGKILL');
      await discord.close();
    }
  }, 40_000);
});
