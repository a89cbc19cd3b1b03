import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../src/config.js';
import type { DeliveryLog } from '../../src/delivery-log.js';
import type { Platform } from '../../src/events.js';
import type { QuizStore } from '../../src/quiz/quiz-store.js';
import type { UsageStore } from '../../src/usage/usage-records.js';
import { openDatabase } from '../sqlite/database.js';
import { SqliteDeliveryLog } from '../sqlite/sqlite-delivery-log.js';
import { SqliteQuizStore } from '../sqlite/sqlite-quiz-store.js';
import { SqliteUsageStore, userHasher } from '../sqlite/sqlite-usage-store.js';
import { packageRoot } from './package-root.js';

/** Everything the bot keeps, in one database: the quiz, the question log and votes, Slack's delivery keys. */
export interface Stores {
  readonly kind: 'sqlite' | 'postgres';
  readonly quiz: QuizStore;
  readonly usage: UsageStore;
  readonly hashUser: (platform: Platform, userId: string) => string;
  readonly deliveries: DeliveryLog;
  /** Up, or what is wrong (for /readyz). */
  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

/**
 * PostgreSQL when WHARFIE_DATABASE_URL is set (state shared by replicas),
 * else the SQLite file WHARFIE_DB (the embedded default). Throws an error
 * naming the setting (never a password) when the database cannot be opened.
 */
export interface StoreOptions {
  /** SQLite: asked questions wait up to this long and are written together (see SqliteUsageBatching); unset, each at once. */
  readonly usageBatchMs?: number;
  readonly onUsageWriteError?: (error: unknown, rows: number) => void;
}

export async function openStores(
  env: Pick<Config['env'], 'WHARFIE_DB' | 'WHARFIE_DATABASE_URL' | 'WHARFIE_DATABASE_TIMEOUT_MS'>,
  options: StoreOptions = {},
): Promise<Stores> {
  const url = env.WHARFIE_DATABASE_URL;
  // Who holds a take: this process, so its leases are renewed and nobody else's.
  const owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  if (url) {
    // Loaded only when asked for: the driver and the migration runner cost start-up time SQLite users need not pay.
    const [{ openPostgres }, { PostgresQuizStore }, { PostgresDeliveryLog, PostgresUsageStore, postgresUserHasher }] = await Promise.all([
      import('../postgres/database.js'),
      import('../postgres/postgres-quiz-store.js'),
      import('../postgres/postgres-usage-store.js'),
    ]);
    const pool = await openPostgres(url, {
      statementTimeoutMs: env.WHARFIE_DATABASE_TIMEOUT_MS,
      migrationsDir: path.join(packageRoot(), 'adapters', 'postgres', 'migrations'),
    });
    try {
      const quiz = new PostgresQuizStore(pool, url);
      return {
        kind: 'postgres',
        quiz,
        usage: new PostgresUsageStore(pool, url),
        hashUser: await postgresUserHasher(pool, url),
        deliveries: new PostgresDeliveryLog(pool, url, owner),
        health: () => quiz.health(),
        close: () => pool.end(),
      };
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }
  const db = openDatabase(env.WHARFIE_DB);
  const quiz = new SqliteQuizStore(db, { file: env.WHARFIE_DB });
  const usage = new SqliteUsageStore(
    db,
    options.usageBatchMs ? { batchMs: options.usageBatchMs, onWriteError: options.onUsageWriteError ?? (() => undefined) } : null,
  );
  return {
    kind: 'sqlite',
    quiz,
    usage,
    hashUser: userHasher(db),
    deliveries: new SqliteDeliveryLog(db, env.WHARFIE_DB, owner),
    health: () => quiz.health(),
    async close() {
      // Questions still waiting for their batch are written before the file closes.
      usage.flush();
      quiz.close();
      db.close();
    },
  };
}
