import type pg from 'pg';
import { QuizStoreError, type AnswerOutcome, type ChannelRef, type QuizAnswer, type QuizPost, type QuizStore, type StoredSchedule } from '../../src/quiz/quiz-store.js';
import { toAnswer, toPost, toSchedule, type AnswerRow, type PostRow, type ScheduleRow } from '../quiz/quiz-rows.js';
import { describePgError, isBusy, type Pool } from './database.js';

const POST_COLUMNS = 'id, platform, channel_id, question, posted_at, closes_at, slot, confirmed_at, abandoned_at, closed_at, revealed_at, reveal_abandoned_at';
const UPSERT_SCHEDULE = `INSERT INTO quiz_schedule (platform, channel_id, time, zone, days, updated_by, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (platform, channel_id) DO UPDATE SET time = excluded.time, zone = excluded.zone, days = excluded.days,
    updated_by = excluded.updated_by, updated_at = excluded.updated_at`;
const scheduleParams = (s: StoredSchedule) => [s.platform, s.channelId, s.time, s.zone, s.days.join(','), s.updatedBy, s.updatedAt];

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * The quiz's state in PostgreSQL, shared by every replica, with the same
 * semantics as the SQLite store. What SQLite gets from its single writer,
 * PostgreSQL gets from keys and row locks: the unique (channel, slot) key
 * lets one replica claim a slot; a lease is a conditional UPDATE, which one
 * replica wins; an answer locks its post's row (FOR SHARE) and the reveal's
 * freeze updates it, so whichever commits first decides.
 */
export class PostgresQuizStore implements QuizStore {
  private failure: string | null = null;

  constructor(
    private readonly pool: Pool,
    /** The URL behind the pool, named (without its password) in every error. */
    private readonly url: string,
  ) {}

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      await this.run('read the quiz from', (db) => db.query('SELECT 1 FROM quiz_schedule LIMIT 1'));
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  }

  get lastFailure(): string | null {
    return this.failure;
  }

  private async run<T>(what: string, step: (db: Queryable) => Promise<T>): Promise<T> {
    try {
      const value = await step(this.pool);
      this.failure = null;
      return value;
    } catch (error) {
      throw this.fail(what, error);
    }
  }

  /** One transaction on one connection, rolled back on any error. */
  private async transaction<T>(what: string, step: (db: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.fail(what, error);
    }
    try {
      await client.query('BEGIN');
      const value = await step(client);
      await client.query('COMMIT');
      this.failure = null;
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.fail(what, error);
    } finally {
      client.release();
    }
  }

  private fail(what: string, error: unknown): QuizStoreError {
    if (error instanceof QuizStoreError) return error;
    const described = describePgError(this.url, `Could not ${what}`, error);
    if (isBusy(error)) return new QuizStoreError('busy', described.message, { cause: error });
    this.failure = described.message;
    return new QuizStoreError('down', described.message, { cause: error });
  }

  schedules(): Promise<StoredSchedule[]> {
    return this.run('read quiz schedules from', async (db) =>
      (await db.query<ScheduleRow>('SELECT * FROM quiz_schedule ORDER BY platform, channel_id')).rows.map(toSchedule),
    );
  }

  schedule(channel: ChannelRef): Promise<StoredSchedule | null> {
    return this.run('read a quiz schedule from', async (db) => {
      const { rows } = await db.query<ScheduleRow>('SELECT * FROM quiz_schedule WHERE platform = $1 AND channel_id = $2', [channel.platform, channel.channelId]);
      return rows[0] ? toSchedule(rows[0]) : null;
    });
  }

  saveSchedule(s: StoredSchedule): Promise<void> {
    return this.run('save a quiz schedule in', async (db) => void (await db.query(UPSERT_SCHEDULE, scheduleParams(s))));
  }

  removeSchedule(channel: ChannelRef): Promise<boolean> {
    return this.run('remove a quiz schedule from', async (db) =>
      ((await db.query('DELETE FROM quiz_schedule WHERE platform = $1 AND channel_id = $2', [channel.platform, channel.channelId])).rowCount ?? 0) > 0,
    );
  }

  seedSchedule(s: StoredSchedule): Promise<boolean> {
    const spec = `${s.time} ${s.zone} ${s.days.join(',')}`;
    return this.transaction('seed a quiz schedule in', async (db) => {
      // The seed row is made first and locked: two replicas seeding at once take turns.
      await db.query(
        `INSERT INTO quiz_schedule_seed (platform, channel_id, spec, seeded_at) VALUES ($1, $2, '', $3) ON CONFLICT (platform, channel_id) DO NOTHING`,
        [s.platform, s.channelId, s.updatedAt],
      );
      const { rows } = await db.query<{ spec: string }>('SELECT spec FROM quiz_schedule_seed WHERE platform = $1 AND channel_id = $2 FOR UPDATE', [s.platform, s.channelId]);
      if (rows[0]?.spec === spec) return false;
      await db.query(UPSERT_SCHEDULE, scheduleParams(s));
      await db.query('UPDATE quiz_schedule_seed SET spec = $3, seeded_at = $4 WHERE platform = $1 AND channel_id = $2', [s.platform, s.channelId, spec, s.updatedAt]);
      return true;
    });
  }

  createPost(post: QuizPost): Promise<boolean> {
    return this.run('save a quiz post in', async (db) => {
      const result = await db.query(
        `INSERT INTO quiz_post (id, platform, channel_id, question, posted_at, closes_at, slot, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (platform, channel_id, slot) DO NOTHING`,
        [post.id, post.platform, post.channelId, JSON.stringify(post.question), post.postedAt, post.closesAt, post.slot, post.confirmedAt],
      );
      return result.rowCount === 1;
    });
  }

  post(id: string): Promise<QuizPost | null> {
    return this.run('read a quiz post from', async (db) => {
      const { rows } = await db.query<PostRow>(`SELECT ${POST_COLUMNS} FROM quiz_post WHERE id = $1`, [id]);
      return rows[0] ? toPost(rows[0]) : null;
    });
  }

  posts(channel: ChannelRef, sinceMs = 0): Promise<QuizPost[]> {
    return this.run('read quiz posts from', async (db) =>
      (
        await db.query<PostRow>(`SELECT ${POST_COLUMNS} FROM quiz_post WHERE platform = $1 AND channel_id = $2 AND posted_at >= $3 ORDER BY posted_at, seq`, [
          channel.platform,
          channel.channelId,
          sinceMs,
        ])
      ).rows.map(toPost),
    );
  }

  undeliveredPosts(): Promise<QuizPost[]> {
    return this.run('read quiz posts from', async (db) =>
      (await db.query<PostRow>(`SELECT ${POST_COLUMNS} FROM quiz_post WHERE confirmed_at IS NULL AND abandoned_at IS NULL ORDER BY posted_at, seq`)).rows.map(toPost),
    );
  }

  postsToReveal(now: number): Promise<QuizPost[]> {
    return this.run('read quiz posts from', async (db) =>
      (
        await db.query<PostRow>(
          `SELECT ${POST_COLUMNS} FROM quiz_post
           WHERE revealed_at IS NULL AND reveal_abandoned_at IS NULL AND confirmed_at IS NOT NULL AND closes_at <= $1
           ORDER BY closes_at, seq`,
          [now],
        )
      ).rows.map(toPost),
    );
  }

  lease(id: string, now: number, until: number): Promise<boolean> {
    // One UPDATE: the row lock makes a second replica re-check the condition after the first commits.
    return this.run('lease a quiz post in', async (db) =>
      (await db.query('UPDATE quiz_post SET lease_until = $3 WHERE id = $1 AND (lease_until IS NULL OR lease_until <= $2)', [id, now, until])).rowCount === 1,
    );
  }

  confirmPost(id: string, at: number): Promise<void> {
    return this.transaction('confirm a quiz post in', async (db) => {
      const { rows } = await db.query<PostRow>(
        `UPDATE quiz_post SET confirmed_at = $2, lease_until = NULL WHERE id = $1 AND confirmed_at IS NULL RETURNING ${POST_COLUMNS}`,
        [id, at],
      );
      const row = rows[0];
      // Today's question closes yesterday's (with a configured window it is closed already).
      if (row && row.slot !== null) {
        await db.query(
          `UPDATE quiz_post SET closes_at = LEAST(closes_at, $2)
           WHERE platform = $3 AND channel_id = $4 AND id <> $1 AND slot IS NOT NULL
             AND confirmed_at IS NOT NULL AND closed_at IS NULL AND posted_at <= $5`,
          [id, at, row.platform, row.channel_id, row.posted_at],
        );
      }
    });
  }

  abandonPost(id: string, at: number): Promise<void> {
    return this.run('give up a quiz post in', async (db) => void (await db.query('UPDATE quiz_post SET abandoned_at = $2, lease_until = NULL WHERE id = $1 AND confirmed_at IS NULL', [id, at])));
  }

  closeAnswers(id: string, at: number): Promise<QuizAnswer[]> {
    return this.transaction('close a quiz question in', async (db) => {
      // Takes the post's row lock: an answer holding FOR SHARE commits first and is included; a later one sees closed_at.
      await db.query('UPDATE quiz_post SET closed_at = COALESCE(closed_at, $2) WHERE id = $1', [id, at]);
      return (await db.query<AnswerRow>('SELECT * FROM quiz_answer WHERE post_id = $1 ORDER BY answered_at', [id])).rows.map(toAnswer);
    });
  }

  markRevealed(id: string, at: number): Promise<void> {
    return this.run('record a quiz reveal in', async (db) => void (await db.query('UPDATE quiz_post SET revealed_at = $2, lease_until = NULL WHERE id = $1 AND revealed_at IS NULL', [id, at])));
  }

  abandonReveal(id: string, at: number): Promise<void> {
    return this.run(
      'give up a quiz reveal in',
      async (db) => void (await db.query('UPDATE quiz_post SET reveal_abandoned_at = $2, lease_until = NULL WHERE id = $1 AND revealed_at IS NULL', [id, at])),
    );
  }

  recordAnswer(a: QuizAnswer): Promise<AnswerOutcome> {
    return this.run('record a quiz answer in', async (db) => {
      // One statement (one round trip, its own transaction): the post's row is
      // locked FOR SHARE while the answer goes in, so the reveal's freeze
      // (an UPDATE of that row) is either before it (nothing inserted) or after.
      const inserted = await db.query(
        `WITH open AS (SELECT id FROM quiz_post WHERE id = $1 AND closed_at IS NULL AND closes_at > $6 FOR SHARE)
         INSERT INTO quiz_answer (post_id, user_id, user_name, choice, correct, answered_at)
         SELECT id, $2, $3, $4, $5, $6 FROM open
         ON CONFLICT (post_id, user_id) DO NOTHING`,
        [a.postId, a.userId, a.userName, a.choice, a.correct, a.answeredAt],
      );
      if (inserted.rowCount === 1) return 'recorded';
      // Not inserted: the question is closed (or unknown), which SQLite reports first, or an answer was there already.
      const { rows } = await db.query<{ open: boolean | null }>('SELECT closed_at IS NULL AND closes_at > $2 AS open FROM quiz_post WHERE id = $1', [a.postId, a.answeredAt]);
      return rows[0]?.open ? 'duplicate' : 'closed';
    });
  }

  answer(postId: string, userId: string): Promise<QuizAnswer | null> {
    return this.run('read a quiz answer from', async (db) => {
      const { rows } = await db.query<AnswerRow>('SELECT * FROM quiz_answer WHERE post_id = $1 AND user_id = $2', [postId, userId]);
      return rows[0] ? toAnswer(rows[0]) : null;
    });
  }

  answers(postId: string): Promise<QuizAnswer[]> {
    return this.run('read quiz answers from', async (db) => (await db.query<AnswerRow>('SELECT * FROM quiz_answer WHERE post_id = $1 ORDER BY answered_at', [postId])).rows.map(toAnswer));
  }

  channelAnswers(channel: ChannelRef, sinceMs = 0): Promise<QuizAnswer[]> {
    return this.run('read quiz answers from', async (db) =>
      (
        await db.query<AnswerRow>(
          `SELECT a.* FROM quiz_answer a JOIN quiz_post p ON p.id = a.post_id
           WHERE p.platform = $1 AND p.channel_id = $2 AND p.posted_at >= $3 ORDER BY a.answered_at`,
          [channel.platform, channel.channelId, sinceMs],
        )
      ).rows.map(toAnswer),
    );
  }
}
