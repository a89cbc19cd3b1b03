import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../adapters/sqlite/database.js';
import { SqliteUsageStore, userHasher, type SqliteUsageBatching } from '../../adapters/sqlite/sqlite-usage-store.js';
import { UsageLog } from '../../src/usage/usage-log.js';
import { testChat } from '../support/notes.js';

/** The bot's question log as `wharfie start` runs it: asked questions written in batches. */
async function batchedChat(batching: Partial<SqliteUsageBatching> = {}, file = ':memory:') {
  const db = openDatabase(file);
  const failures: { error: unknown; rows: number }[] = [];
  const store = new SqliteUsageStore(db, { batchMs: 60_000, onWriteError: (error, rows) => failures.push({ error, rows }), ...batching });
  const usage = new UsageLog({ store, hashUser: userHasher(db), now: () => new Date(), recording: true });
  const chat = await testChat({ usage });
  const written = (): number => (db.prepare('SELECT COUNT(*) AS n FROM usage_ask').get() as { n: number }).n;
  return { db, store, chat, written, failures };
}

describe('the question log, written in batches', () => {
  it('keeps asked questions off the answer path, and any read sees all of them', async () => {
    const { store, chat, written } = await batchedChat();
    await chat.say('/docker how do volumes work');
    await chat.say('/docker docker exec');
    expect(written()).toBe(0);
    expect((await store.asks(0)).map((a) => a.question)).toEqual(['how do volumes work', 'docker exec']);
    expect(written()).toBe(2);
  });

  it('writes them when the wait is over', async () => {
    const { chat, written } = await batchedChat({ batchMs: 5 });
    await chat.say('/docker how do volumes work');
    const deadline = Date.now() + 5_000;
    while (written() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(written()).toBe(1);
  });

  it('reports a batch that cannot be written instead of throwing into the bot', async () => {
    const { db, store, chat, failures } = await batchedChat();
    await chat.say('/docker how do volumes work');
    db.close();
    expect(() => store.flush()).not.toThrow();
    expect(failures).toEqual([{ error: expect.objectContaining({ message: expect.stringMatching(/not open/) }), rows: 1 }]);
  });

  it('keeps the rows for another try while another process holds the lock', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-usage-'));
    try {
      const file = path.join(dir, 'wharfie.db');
      const { db, store, chat, written, failures } = await batchedChat({}, file);
      await chat.say('/docker how do volumes work');
      const other = new Database(file);
      other.exec('BEGIN IMMEDIATE');
      store.flush();
      expect([written(), failures]).toEqual([0, []]);
      other.exec('COMMIT');
      other.close();
      store.flush();
      expect(written()).toBe(1);
      db.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
