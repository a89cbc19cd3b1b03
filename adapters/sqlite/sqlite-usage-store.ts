import { createHmac, randomBytes } from 'node:crypto';
import type { Platform } from '../../src/events.js';
import type { AskRecord, QuestionStats, UsageStore, VoteOutcome, VoteRecord } from '../../src/usage/usage-records.js';
import { toAsk, toQuizStats, toVote, type AskRow, type QuizStatsRow, type VoteRow } from '../usage/usage-rows.js';
import { isBusy, type Db } from './database.js';


/** Batching, for the bot: without it each asked question is written at once and a failed write throws to the caller. */
export interface SqliteUsageBatching {
  /** Asked questions are written together, at most this long after they were asked. */
  readonly batchMs: number;
  /** A batch that could not be written (disk full, database closed): its rows are dropped, and said so here. */
  readonly onWriteError: (error: unknown, rows: number) => void;
}

/** A batch this big is written at once, whatever the wait. */
const BATCH_ROWS = 200;
/** Rows kept for another try while the database is locked elsewhere; past this they are dropped and reported. */
const MAX_WAITING_ROWS = 5_000;

/**
 * Questions and votes in SQLite, beside the quiz. Asked questions are the one
 * write on every command: with batching they wait up to `batchMs` and are
 * written in one transaction, off the path of the answers. Reads write what
 * is waiting first.
 */
export class SqliteUsageStore implements UsageStore {
  private readonly q;
  private readonly waiting: Record<string, unknown>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lockedElsewhere = false;

  constructor(
    private readonly db: Db,
    private readonly batching: SqliteUsageBatching | null = null,
  ) {
    this.q = {
      ask: db.prepare(
        `INSERT INTO usage_ask (at, platform, channel_kind, user_hash, question, found, kind, section_id, trail, source, score, answered_from, pack)
         VALUES (@at, @platform, @channelKind, @userHash, @question, @found, @kind, @sectionId, @trail, @source, @score, @from, @pack)`,
      ),
      priorVote: db.prepare('SELECT vote FROM usage_vote WHERE platform = @platform AND user_hash = @userHash AND section_id = @sectionId AND question = @question'),
      vote: db.prepare(
        `INSERT INTO usage_vote (at, platform, user_hash, section_id, trail, source, question, vote)
         VALUES (@at, @platform, @userHash, @sectionId, @trail, @source, @question, @vote)
         ON CONFLICT (platform, user_hash, section_id, question)
         DO UPDATE SET vote = excluded.vote, at = excluded.at, trail = excluded.trail, source = excluded.source`,
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

  // async for the interface; the statements run at once (better-sqlite3 is synchronous).
  async recordAsk(ask: AskRecord): Promise<void> {
    this.waiting.push({ ...ask, found: ask.found ? 1 : 0, trail: ask.trail ? JSON.stringify(ask.trail) : null });
    // While the lock is held elsewhere, rows wait for the timer: each try may block up to busy_timeout.
    if (!this.batching || (this.waiting.length >= BATCH_ROWS && !this.lockedElsewhere)) this.flush();
    else this.schedule();
  }

  private schedule(): void {
    if (this.timer || !this.batching) return;
    this.timer = setTimeout(() => this.flush(), this.batching.batchMs);
    // Waiting rows never keep a finished process alive; shutdown calls flush().
    this.timer.unref();
  }

  /** Writes the questions still waiting, in one transaction. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiting.length === 0) return;
    const rows = this.waiting.splice(0);
    const write = this.db.transaction(() => {
      for (const row of rows) this.q.ask.run(row);
    });
    if (!this.batching) return write();
    try {
      write();
      this.lockedElsewhere = false;
    } catch (error) {
      // Another process holds the lock (statements wait only briefly): try the rows again later.
      if (isBusy(error) && this.waiting.length + rows.length <= MAX_WAITING_ROWS) {
        this.waiting.unshift(...rows);
        this.lockedElsewhere = true;
        this.schedule();
        return;
      }
      this.batching.onWriteError(error, rows.length);
    }
  }

  async recordVote(vote: VoteRecord): Promise<VoteOutcome> {
    const row = { ...vote, trail: vote.trail ? JSON.stringify(vote.trail) : null };
    return this.db.transaction((): VoteOutcome => {
      const prior = this.q.priorVote.get(row) as { vote: string } | undefined;
      this.q.vote.run(row);
      return !prior ? 'new' : prior.vote === vote.vote ? 'same' : 'changed';
    })();
  }

  async asks(sinceMs: number): Promise<AskRecord[]> {
    return this.readAsks(sinceMs);
  }

  async votes(sinceMs: number): Promise<VoteRecord[]> {
    return this.readVotes(sinceMs);
  }

  /** The same as asks(), read at once (tests over an in-memory database). */
  readAsks(sinceMs: number): AskRecord[] {
    this.flush();
    return (this.q.asks.all(sinceMs) as AskRow[]).map(toAsk);
  }

  /** The same as votes(), read at once. */
  readVotes(sinceMs: number): VoteRecord[] {
    return (this.q.votes.all(sinceMs) as VoteRow[]).map(toVote);
  }

  async quizStats(sinceMs: number): Promise<QuestionStats[]> {
    this.flush();
    return (this.q.quiz.all(sinceMs) as QuizStatsRow[]).map(toQuizStats);
  }

  async prune(beforeMs: number): Promise<number> {
    this.flush();
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
