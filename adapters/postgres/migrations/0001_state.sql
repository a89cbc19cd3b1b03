-- Up Migration
-- The same state as the SQLite store (adapters/sqlite/database.ts, migrations 1-4),
-- shared by every replica. Times are epoch milliseconds (BIGINT) as there.

CREATE TABLE quiz_schedule (
  platform TEXT NOT NULL, channel_id TEXT NOT NULL,
  time TEXT NOT NULL, zone TEXT NOT NULL, days TEXT NOT NULL,
  updated_by TEXT NOT NULL, updated_at BIGINT NOT NULL,
  PRIMARY KEY (platform, channel_id)
);
CREATE TABLE quiz_schedule_seed (
  platform TEXT NOT NULL, channel_id TEXT NOT NULL,
  spec TEXT NOT NULL, seeded_at BIGINT NOT NULL,
  PRIMARY KEY (platform, channel_id)
);
-- One post per scheduled slot and channel: the unique key is what makes a
-- replica's claim of a slot exclusive. seq orders posts made in the same ms.
CREATE TABLE quiz_post (
  id TEXT PRIMARY KEY,
  seq BIGSERIAL NOT NULL,
  platform TEXT NOT NULL, channel_id TEXT NOT NULL,
  question TEXT NOT NULL,
  posted_at BIGINT NOT NULL, closes_at BIGINT NOT NULL,
  slot TEXT,
  confirmed_at BIGINT, abandoned_at BIGINT, closed_at BIGINT,
  revealed_at BIGINT, reveal_abandoned_at BIGINT,
  lease_until BIGINT,
  UNIQUE (platform, channel_id, slot)
);
CREATE INDEX quiz_post_channel ON quiz_post (platform, channel_id, posted_at);
CREATE INDEX quiz_post_open ON quiz_post (closes_at) WHERE revealed_at IS NULL;
CREATE TABLE quiz_answer (
  post_id TEXT NOT NULL REFERENCES quiz_post (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL, user_name TEXT,
  choice INTEGER NOT NULL, correct BOOLEAN NOT NULL, answered_at BIGINT NOT NULL,
  PRIMARY KEY (post_id, user_id)
);

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE usage_ask (
  id BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL, platform TEXT NOT NULL, channel_kind TEXT NOT NULL, user_hash TEXT NOT NULL,
  question TEXT NOT NULL, found BOOLEAN NOT NULL, kind TEXT NOT NULL DEFAULT 'ask',
  section_id TEXT, trail TEXT, source TEXT, score DOUBLE PRECISION,
  answered_from TEXT CHECK (answered_from IN ('notes', 'reference')),
  pack TEXT
);
CREATE INDEX usage_ask_at ON usage_ask (at);
CREATE TABLE usage_vote (
  id BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL, platform TEXT NOT NULL, user_hash TEXT NOT NULL,
  section_id TEXT NOT NULL, trail TEXT, source TEXT, question TEXT NOT NULL,
  vote TEXT NOT NULL CHECK (vote IN ('up', 'down'))
);
CREATE INDEX usage_vote_at ON usage_vote (at);

-- Platform deliveries already taken by some replica (Slack's retries of one event).
-- `at` is when it was taken; `done` once handled (an unfinished take lapses).
CREATE TABLE delivery (
  key TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  done BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX delivery_at ON delivery (at);

-- Down Migration
DROP TABLE delivery;
DROP TABLE usage_vote;
DROP TABLE usage_ask;
DROP TABLE meta;
DROP TABLE quiz_answer;
DROP TABLE quiz_post;
DROP TABLE quiz_schedule_seed;
DROP TABLE quiz_schedule;
