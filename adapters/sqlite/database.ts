import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * The bot's one SQLite file (WHARFIE_DB): quiz state, votes and the question
 * log. WAL lets readers and the one writer proceed together; migrations run
 * in order inside a transaction and are recorded in `user_version`.
 */
export type Db = Database.Database;

export const MIGRATIONS: readonly string[] = [
  // 1: the quiz
  `CREATE TABLE quiz_schedule (
     platform TEXT NOT NULL, channel_id TEXT NOT NULL,
     time TEXT NOT NULL, zone TEXT NOT NULL, days TEXT NOT NULL,
     updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL,
     PRIMARY KEY (platform, channel_id)
   );
   CREATE TABLE quiz_post (
     id TEXT PRIMARY KEY,
     platform TEXT NOT NULL, channel_id TEXT NOT NULL,
     question TEXT NOT NULL,
     posted_at INTEGER NOT NULL, closes_at INTEGER NOT NULL,
     slot TEXT, revealed_at INTEGER,
     UNIQUE (platform, channel_id, slot)
   );
   CREATE INDEX quiz_post_channel ON quiz_post (platform, channel_id, posted_at);
   CREATE INDEX quiz_post_open ON quiz_post (closes_at) WHERE revealed_at IS NULL;
   CREATE TABLE quiz_answer (
     post_id TEXT NOT NULL REFERENCES quiz_post (id) ON DELETE CASCADE,
     user_id TEXT NOT NULL, user_name TEXT,
     choice INTEGER NOT NULL, correct INTEGER NOT NULL, answered_at INTEGER NOT NULL,
     PRIMARY KEY (post_id, user_id)
   );`,
  // 2: what the team asks, for the authors' report (user ids only as salted hashes)
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE usage_ask (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL, platform TEXT NOT NULL, channel_kind TEXT NOT NULL, user_hash TEXT NOT NULL,
     question TEXT NOT NULL, found INTEGER NOT NULL, kind TEXT NOT NULL DEFAULT 'ask',
     section_id TEXT, trail TEXT, source TEXT, score REAL
   );
   CREATE INDEX usage_ask_at ON usage_ask (at);
   CREATE TABLE usage_vote (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL, platform TEXT NOT NULL, user_hash TEXT NOT NULL,
     section_id TEXT NOT NULL, trail TEXT, source TEXT, question TEXT NOT NULL,
     vote TEXT NOT NULL CHECK (vote IN ('up', 'down'))
   );
   CREATE INDEX usage_vote_at ON usage_vote (at);`,
  // 3: where an answer came from (the bundled Docker CLI reference answers what
  // the notes lack, and the report lists those as gaps), and its pack
  `ALTER TABLE usage_ask ADD COLUMN answered_from TEXT CHECK (answered_from IN ('notes', 'reference'));
   ALTER TABLE usage_ask ADD COLUMN pack TEXT;`,
  // 4: a post or reveal counts only once the platform confirmed it; answers are
  // frozen for a reveal in one step (closed_at) so a late answer cannot race it;
  // lease_until keeps two processes from delivering the same message; configured
  // schedules are seeded once (quiz_schedule_seed) so an admin's change wins.
  `ALTER TABLE quiz_post ADD COLUMN confirmed_at INTEGER;
   ALTER TABLE quiz_post ADD COLUMN abandoned_at INTEGER;
   ALTER TABLE quiz_post ADD COLUMN closed_at INTEGER;
   ALTER TABLE quiz_post ADD COLUMN reveal_abandoned_at INTEGER;
   ALTER TABLE quiz_post ADD COLUMN lease_until INTEGER;
   UPDATE quiz_post SET confirmed_at = posted_at, closed_at = revealed_at;
   CREATE TABLE quiz_schedule_seed (
     platform TEXT NOT NULL, channel_id TEXT NOT NULL,
     spec TEXT NOT NULL, seeded_at INTEGER NOT NULL,
     PRIMARY KEY (platform, channel_id)
   );
   INSERT INTO quiz_schedule_seed (platform, channel_id, spec, seeded_at)
     SELECT platform, channel_id, time || ' ' || zone || ' ' || days, updated_at FROM quiz_schedule WHERE updated_by = 'config';`,
  // 5: one vote per person per answer. Repeated presses were each kept, so one
  // person could stuff the report; keep each person's latest vote, and let the
  // unique key (not a check in code) make a later vote replace it.
  `DELETE FROM usage_vote WHERE id NOT IN (SELECT MAX(id) FROM usage_vote GROUP BY platform, user_hash, section_id, question);
   CREATE UNIQUE INDEX usage_vote_one_per_person ON usage_vote (platform, user_hash, section_id, question);`,
  // 6: Slack deliveries already taken, so a retry is answered once even by
  // another process on this file (the PostgreSQL store has the same table).
  `CREATE TABLE delivery (key TEXT PRIMARY KEY, at INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0);
   CREATE INDEX delivery_at ON delivery (at);`,
  // 7: a take carries the work it still has to do (a slash command's answer,
  // the weekly digest) and a lease its holder renews, so that if the holder
  // dies another process claims the work and does it once (see DeliveryLog).
  `ALTER TABLE delivery ADD COLUMN owner TEXT;
   ALTER TABLE delivery ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE delivery ADD COLUMN kind TEXT;
   ALTER TABLE delivery ADD COLUMN work TEXT;
   UPDATE delivery SET lease_until = at + 30000;
   CREATE INDEX delivery_pending ON delivery (lease_until) WHERE done = 0 AND kind IS NOT NULL;`,
];

/**
 * How long one statement may wait for another process's lock. better-sqlite3
 * is synchronous, so this is how long the event loop can stall: kept short,
 * and callers that must not lose a write retry it asynchronously
 * (see retryWhileBusy). The old 5 s froze the whole bot for 5 s per lock.
 */
export const BUSY_TIMEOUT_MS = 50;
/** Opening and migrating happen before the bot takes events, so they may wait longer. */
const OPEN_BUSY_TIMEOUT_MS = 2_000;

/** A database that could not be opened or used, naming the file and the variable that chose it. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function describeDbError(file: string, what: string, error: unknown): DatabaseError {
  const e = error as { code?: string; message?: string };
  const reason = [e?.code, e?.message ?? String(error)].filter(Boolean).join(': ');
  return new DatabaseError(file, `${what} the SQLite database ${file === ':memory:' ? '(in memory)' : path.resolve(file)} (WHARFIE_DB): ${reason}`, { cause: error });
}

/** SQLITE_BUSY and friends: another connection holds the lock; worth retrying later. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Opens (creating if needed) and migrates the file; errors name the file and WHARFIE_DB. */
export function openDatabase(file: string): Db {
  let db: Db | undefined;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file);
    // Start-up may wait longer (nothing else runs yet); afterwards statements wait briefly.
    db.pragma(`busy_timeout = ${OPEN_BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    // With WAL, NORMAL syncs at checkpoints instead of on every commit: still consistent after
    // a crash, and a power cut loses at most the last commits. FULL made each recorded question
    // an fsync on the bot's one thread (1.1 ms wall, 0.14 ms CPU a row here; NORMAL 0.07 / 0.02).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (error) {
    db?.close();
    throw describeDbError(file, 'Could not open', error);
  }
}

export function migrate(db: Db, migrations: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < migrations.length; version += 1) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
