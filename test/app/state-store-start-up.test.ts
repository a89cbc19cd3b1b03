import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBotProcess } from '../support/wire/bot-process.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A "PostgreSQL" that takes the connection and never says a word, as a server behind a stuck network does. */
async function silentPostgres(): Promise<{ url: string; connected: Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let connected!: () => void;
  const first = new Promise<void>((resolve) => (connected = resolve));
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    connected();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as net.AddressInfo;
  return { url: `postgres://wharfie:secret@127.0.0.1:${port}/wharfie`, connected: first };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-start-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('start-up with WHARFIE_DATABASE_URL', () => {
  it('ends promptly and cleanly on SIGTERM while PostgreSQL does not answer, instead of waiting out the timeouts', async () => {
    const postgres = await silentPostgres();
    // Two minutes of timeouts: a bot that waits for them cannot stop within the 8 s promised.
    const bot = await startBotProcess({ WHARFIE_DATABASE_URL: postgres.url, WHARFIE_DATABASE_TIMEOUT_MS: '120000' });
    cleanups.push(() => bot.kill());
    await postgres.connected;
    bot.signal('SIGTERM');
    expect(await bot.waitForExit(8_000)).toBe(0);
    expect(bot.plainLines).toEqual([]);
  }, 60_000);

  it('neither checks nor creates the folder WHARFIE_DB points into: SQLite is not used', async () => {
    const dir = await tempDir();
    const postgres = await silentPostgres();
    // The SQLite path would be refused (its parent folder is missing), and its folder would be created otherwise.
    for (const file of [path.join(dir, 'no', 'such', 'wharfie.db'), path.join(dir, 'data', 'wharfie.db')]) {
      const bot = await startBotProcess({ WHARFIE_DATABASE_URL: postgres.url, WHARFIE_DB: file });
      cleanups.push(() => bot.kill());
      await bot.waitForLog((line) => line.msg === 'sandbox');
      bot.signal('SIGTERM');
      expect(await bot.waitForExit(8_000)).toBe(0);
      expect(bot.plainLines.join('\n')).not.toContain('WHARFIE_DB');
    }
    expect(existsSync(path.join(dir, 'no'))).toBe(false);
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  }, 90_000);
});
