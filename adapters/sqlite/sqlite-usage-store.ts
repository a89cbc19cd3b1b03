import { createHmac, randomBytes } from 'node:crypto';
import type { Platform } from '../../src/events.js';
import type { QuizQuestion } from '../../src/quiz/quiz-question.js';
import type { AskRecord, QuestionStats, UsageStore, VoteRecord } from '../../src/usage/usage-records.js';
import type { Db } from './database.js';

interface AskRow {
  at: number;
  platform: string;
  channel_kind: string;
  user_hash: string;
  question: string;
  found: number;
  kind: string;
  section_id: string | null;
  trail: string | null;
  source: string | null;
  score: number | null;
  answered_from: string | null;
  pack: string | null;
}

interface VoteRow {
  at: number;
  platform: string;
  user_hash: string;
  section_id: string;
  trail: string | null;
  source: string | null;
  question: string;
  vote: string;
}

/** Questions and votes in SQLite, beside the quiz. */
export class SqliteUsageStore implements UsageStore {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      ask: db.prepare(
        `INSERT INTO usage_ask (at, platform, channel_kind, user_hash, question, found, kind, section_id, trail, source, score, answered_from, pack)
         VALUES (@at, @platform, @channelKind, @userHash, @question, @found, @kind, @sectionId, @trail, @source, @score, @from, @pack)`,
      ),
      vote: db.prepare(
        `INSERT INTO usage_vote (at, platform, user_hash, section_id, trail, source, question, vote)
         VALUES (@at, @platform, @userHash, @sectionId, @trail, @source, @question, @vote)`,
      ),
      asks: db.prepare('SELECT * FROM usage_ask WHERE at >= ? ORDER BY at'),
      votes: db.prepare('SELECT * FROM usage_vote WHERE at >= ? ORDER BY at'),
      quiz: db.prepare(
        `SELECT p.question AS question, COUNT(*) AS answered, SUM(1 - a.correct) AS wrong
         FROM quiz_answer a JOIN quiz_post p ON p.id = a.post_id
         WHERE a.answered_at >= ? GROUP BY json_extract(p.question, '$.id')`,
      ),
      pruneAsks: db.prepare('DELETE FROM usage_ask WHERE at < ?'),
      pruneVotes: db.prepare('DELETE FROM usage_vote WHERE at < ?'),
    };
  }

  recordAsk(ask: AskRecord): void {
    this.q.ask.run({ ...ask, found: ask.found ? 1 : 0, trail: ask.trail ? JSON.stringify(ask.trail) : null });
  }

  recordVote(vote: VoteRecord): void {
    this.q.vote.run({ ...vote, trail: vote.trail ? JSON.stringify(vote.trail) : null });
  }

  asks(sinceMs: number): AskRecord[] {
    return (this.q.asks.all(sinceMs) as AskRow[]).map((row) => ({
      at: row.at,
      platform: row.platform as Platform,
      channelKind: row.channel_kind as AskRecord['channelKind'],
      userHash: row.user_hash,
      question: row.question,
      found: row.found === 1,
      kind: row.kind === 'missing' ? 'missing' : 'ask',
      sectionId: row.section_id,
      trail: row.trail ? (JSON.parse(row.trail) as string[]) : null,
      source: row.source,
      score: row.score,
      // Rows from before migration 3 have no origin: an answer then was always from the notes.
      from: row.answered_from === 'reference' ? 'reference' : row.found === 1 ? 'notes' : null,
      pack: row.pack,
    }));
  }

  votes(sinceMs: number): VoteRecord[] {
    return (this.q.votes.all(sinceMs) as VoteRow[]).map((row) => ({
      at: row.at,
      platform: row.platform as Platform,
      userHash: row.user_hash,
      sectionId: row.section_id,
      trail: row.trail ? (JSON.parse(row.trail) as string[]) : null,
      source: row.source,
      question: row.question,
      vote: row.vote === 'down' ? 'down' : 'up',
    }));
  }

  quizStats(sinceMs: number): QuestionStats[] {
    return (this.q.quiz.all(sinceMs) as { question: string; answered: number; wrong: number }[]).map((row) => {
      const q = JSON.parse(row.question) as QuizQuestion;
      return { question: q.question, trail: q.trail, source: q.source, answered: row.answered, wrong: row.wrong };
    });
  }

  prune(beforeMs: number): number {
    return this.db.transaction(() => this.q.pruneAsks.run(beforeMs).changes + this.q.pruneVotes.run(beforeMs).changes)();
  }
}

/**
 * Hashes user ids with a secret salt kept in the database, made on first use:
 * the report can count distinct people, and no one holding only the hashes can
 * test a known user id against them.
 */
export function userHasher(db: Db): (platform: Platform, userId: string) => string {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'user_hash_salt'").get() as { value: string } | undefined;
  let salt = row?.value;
  if (!salt) {
    salt = randomBytes(32).toString('base64url');
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('user_hash_salt', ?)").run(salt);
    salt = (db.prepare("SELECT value FROM meta WHERE key = 'user_hash_salt'").get() as { value: string }).value;
  }
  // Every question hashes its asker; a team is a few hundred people, so remember them.
  const known = new Map<string, string>();
  return (platform, userId) => {
    const key = `${platform}:${userId}`;
    let hash = known.get(key);
    if (hash === undefined) {
      hash = createHmac('sha256', salt!).update(key).digest('base64url').slice(0, 22);
      if (known.size >= REMEMBERED_USERS) known.clear();
      known.set(key, hash);
    }
    return hash;
  };
}

/** Hashes kept in memory at most; past this the map starts again (memory stays flat). */
const REMEMBERED_USERS = 10_000;
