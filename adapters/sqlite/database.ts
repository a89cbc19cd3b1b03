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
];

export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // Two processes on one file (a restart overlapping the old one) wait rather than fail.
  db.pragma('busy_timeout = 5000');
  migrate(db, MIGRATIONS);
  return db;
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
