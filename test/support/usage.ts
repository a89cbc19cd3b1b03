import { openDatabase, type Db } from '../../adapters/sqlite/database.js';
import { SqliteUsageStore, userHasher } from '../../adapters/sqlite/sqlite-usage-store.js';
import { UsageLog } from '../../src/usage/usage-log.js';

/** The real usage log over SQLite in memory (or the given database). */
export function testUsage(options: { db?: Db; now?: () => Date; recording?: boolean } = {}) {
  const db = options.db ?? openDatabase(':memory:');
  const store = new SqliteUsageStore(db);
  const hashUser = userHasher(db);
  const usage = new UsageLog({ store, hashUser, now: options.now ?? (() => new Date()), recording: options.recording ?? true });
  return { db, store, usage, hashUser };
}
