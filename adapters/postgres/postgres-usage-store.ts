import { createHmac, randomBytes } from 'node:crypto';
import { DELIVERY_MEMORY_MS, DELIVERY_TAKE_LEASE_MS, type ClaimedWork, type DeliveryLog, type PendingWork } from '../../src/delivery-log.js';
import type { Platform } from '../../src/events.js';
import type { AskRecord, QuestionStats, UsageStore, VoteOutcome, VoteRecord } from '../../src/usage/usage-records.js';
import { toAsk, toQuizStats, toVote, type AskRow, type QuizStatsRow, type VoteRow } from '../usage/usage-rows.js';
import { describePgError, type Pool } from './database.js';


/** Questions and votes in PostgreSQL, beside the quiz, shared by every replica. Errors name WHARFIE_DATABASE_URL. */
export class PostgresUsageStore implements UsageStore {
  constructor(
    private readonly pool: Pool,
    private readonly url: string,
  ) {}

  private async query<R extends object>(what: string, text: string, values: unknown[]): Promise<{ rows: R[]; rowCount: number }> {
    try {
      const result = await this.pool.query<R>(text, values);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (error) {
      throw describePgError(this.url, `Could not ${what}`, error);
    }
  }

  async recordAsk(ask: AskRecord): Promise<void> {
    await this.query(
      'write the question log in',
      `INSERT INTO usage_ask (at, platform, channel_kind, user_hash, question, found, kind, section_id, trail, source, score, answered_from, pack)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [ask.at, ask.platform, ask.channelKind, ask.userHash, ask.question, ask.found, ask.kind, ask.sectionId, ask.trail ? JSON.stringify(ask.trail) : null, ask.source, ask.score, ask.from, ask.pack],
    );
  }

  /** One vote per person per answer: a later vote replaces theirs. Says whether it was new, changed or the same. */
  async recordVote(vote: VoteRecord): Promise<VoteOutcome> {
    // The prior vote is read in the same statement (the CTE sees the row before the upsert).
    const { rows } = await this.query<{ prior: string | null }>(
      'record a vote in',
      `WITH prior AS (SELECT vote FROM usage_vote WHERE platform = $2 AND user_hash = $3 AND section_id = $4 AND question = $7)
       INSERT INTO usage_vote (at, platform, user_hash, section_id, trail, source, question, vote) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (platform, user_hash, section_id, question)
       DO UPDATE SET vote = excluded.vote, at = excluded.at, trail = excluded.trail, source = excluded.source
       RETURNING (SELECT vote FROM prior) AS prior`,
      [vote.at, vote.platform, vote.userHash, vote.sectionId, vote.trail ? JSON.stringify(vote.trail) : null, vote.source, vote.question, vote.vote],
    );
    const prior = rows[0]?.prior ?? null;
    return prior === null ? 'new' : prior === vote.vote ? 'same' : 'changed';
  }

  async asks(sinceMs: number): Promise<AskRecord[]> {
    const { rows } = await this.query<AskRow>('read the question log from', 'SELECT * FROM usage_ask WHERE at >= $1 ORDER BY at, id', [sinceMs]);
    return rows.map(toAsk);
  }

  async votes(sinceMs: number): Promise<VoteRecord[]> {
    const { rows } = await this.query<VoteRow>('read votes from', 'SELECT * FROM usage_vote WHERE at >= $1 ORDER BY at, id', [sinceMs]);
    return rows.map(toVote);
  }

  async quizStats(sinceMs: number): Promise<QuestionStats[]> {
    const { rows } = await this.query<QuizStatsRow>(
      'read quiz answers from',
      `SELECT MIN(p.question) AS question, COUNT(*)::int AS answered, SUM(CASE WHEN a.correct THEN 0 ELSE 1 END)::int AS wrong
       FROM quiz_answer a JOIN quiz_post p ON p.id = a.post_id
       WHERE a.answered_at >= $1 GROUP BY (p.question::jsonb) ->> 'id'`,
      [sinceMs],
    );
    return rows.map(toQuizStats);
  }

  async prune(beforeMs: number): Promise<number> {
    const asks = await this.query('prune the question log in', 'DELETE FROM usage_ask WHERE at < $1', [beforeMs]);
    const votes = await this.query('prune votes in', 'DELETE FROM usage_vote WHERE at < $1', [beforeMs]);
    return asks.rowCount + votes.rowCount;
  }
}

/**
 * Slack's delivery keys and once-only jobs in PostgreSQL: the first replica to
 * insert a key handles it; `owner` is this process, so its leases can be
 * renewed and a dead replica's work claimed by another.
 */
export class PostgresDeliveryLog implements DeliveryLog {
  private inserts = 0;

  constructor(
    private readonly pool: Pool,
    private readonly url: string,
    private readonly owner: string,
  ) {}

  async firstDelivery(key: string, at: number, work?: PendingWork): Promise<boolean> {
    try {
      // One statement: a new key, or an unfinished take whose lease lapsed, is taken; the row lock makes one replica win.
      const { rowCount } = await this.pool.query(
        `INSERT INTO delivery (key, at, owner, lease_until, kind, work) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until,
           kind = COALESCE(excluded.kind, delivery.kind), work = COALESCE(excluded.work, delivery.work)
         WHERE NOT delivery.done AND delivery.lease_until <= excluded.at`,
        [key, at, this.owner, at + DELIVERY_TAKE_LEASE_MS, work?.kind ?? null, work?.data ?? null],
      );
      // Now and then, forget keys older than any retry.
      if ((this.inserts += 1) % 500 === 0) await this.pool.query('DELETE FROM delivery WHERE at < $1', [at - DELIVERY_MEMORY_MS]);
      return rowCount === 1;
    } catch (error) {
      throw describePgError(this.url, 'Could not record a Slack delivery in', error);
    }
  }

  async finished(key: string): Promise<void> {
    try {
      await this.pool.query('UPDATE delivery SET done = TRUE WHERE key = $1', [key]);
    } catch (error) {
      throw describePgError(this.url, 'Could not record a Slack delivery in', error);
    }
  }

  async renew(at: number): Promise<void> {
    try {
      await this.pool.query('UPDATE delivery SET lease_until = $1 WHERE owner = $2 AND NOT done', [at + DELIVERY_TAKE_LEASE_MS, this.owner]);
    } catch (error) {
      throw describePgError(this.url, 'Could not renew pending work in', error);
    }
  }

  async claimLapsed(at: number, kinds: readonly string[], since: number, limit: number): Promise<ClaimedWork[]> {
    if (kinds.length === 0) return [];
    try {
      // SKIP LOCKED: replicas sweeping together each claim different rows; the outer
      // conditions are checked again on the locked row, so a take that won meanwhile is left alone.
      const { rows } = await this.pool.query<{ key: string; at: number; kind: string; work: string | null }>(
        `UPDATE delivery d SET owner = $1, lease_until = $2
         FROM (SELECT key FROM delivery
               WHERE NOT done AND kind = ANY($3) AND lease_until <= $4 AND at >= $5
               ORDER BY at LIMIT $6 FOR UPDATE SKIP LOCKED) lapsed
         WHERE d.key = lapsed.key AND NOT d.done AND d.lease_until <= $4
         RETURNING d.key, d.at, d.kind, d.work`,
        [this.owner, at + DELIVERY_TAKE_LEASE_MS, kinds, at, since, limit],
      );
      return rows.map((r) => ({ key: r.key, at: r.at, kind: r.kind, data: r.work ?? '' }));
    } catch (error) {
      throw describePgError(this.url, 'Could not claim pending work in', error);
    }
  }
}

/** The salted user hash (see userHasher in the SQLite store), its salt kept in the shared database so every replica hashes alike. */
export async function postgresUserHasher(pool: Pool, url: string): Promise<(platform: Platform, userId: string) => string> {
  let salt: string;
  try {
    await pool.query("INSERT INTO meta (key, value) VALUES ('user_hash_salt', $1) ON CONFLICT (key) DO NOTHING", [randomBytes(32).toString('base64url')]);
    salt = (await pool.query<{ value: string }>("SELECT value FROM meta WHERE key = 'user_hash_salt'")).rows[0]!.value;
  } catch (error) {
    throw describePgError(url, 'Could not read the user-hash salt from', error);
  }
  return (platform, userId) => createHmac('sha256', salt).update(`${platform}:${userId}`).digest('base64url').slice(0, 22);
}
