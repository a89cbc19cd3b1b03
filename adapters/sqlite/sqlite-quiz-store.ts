import { QuizStoreError, type AnswerOutcome, type ChannelRef, type QuizAnswer, type QuizPost, type QuizStore, type StoredSchedule } from '../../src/quiz/quiz-store.js';
import { toAnswer, toPost, toSchedule, type AnswerRow, type PostRow, type ScheduleRow } from '../quiz/quiz-rows.js';
import { describeDbError, isBusy, type Db } from './database.js';
import { retryWhileBusy } from './retry-while-busy.js';

export interface SqliteQuizStoreOptions {
  /** The file behind `db` (WHARFIE_DB), named in every error. */
  readonly file?: string;
  /**
   * How long a call keeps retrying while another process holds the lock
   * before it gives up (`busy`) or, for an answer, queues it. 1 s keeps a
   * Discord button (3 s to answer, not deferred) well inside its limit.
   */
  readonly busyBudgetMs?: number;
}

/** Queued answers are tried again after this, doubling up to the cap. */
const QUEUE_RETRY = Object.freeze({ firstMs: 250, maxMs: 5_000 });

/**
 * The quiz's state in SQLite. Statements are prepared once and each call is
 * one small transaction; better-sqlite3 runs them synchronously, so a lock
 * held by another process is waited for in short steps with the event loop
 * free in between (retryWhileBusy). Errors name the file and WHARFIE_DB.
 */
export class SqliteQuizStore implements QuizStore {
  private readonly q;
  private readonly tx;
  private readonly file: string;
  private readonly budgetMs: number;
  /** Answers that met a busy database, written as soon as it frees up (`postId\0userId` → answer). */
  private readonly queued = new Map<string, QuizAnswer>();
  private queueTimer: NodeJS.Timeout | null = null;
  private queuePause: number = QUEUE_RETRY.firstMs;
  private failure: string | null = null;

  constructor(
    private readonly db: Db,
    options: SqliteQuizStoreOptions = {},
  ) {
    this.file = options.file ?? db.name;
    this.budgetMs = options.busyBudgetMs ?? 1_000;
    this.q = {
      schedules: db.prepare('SELECT * FROM quiz_schedule ORDER BY platform, channel_id'),
      schedule: db.prepare('SELECT * FROM quiz_schedule WHERE platform = ? AND channel_id = ?'),
      saveSchedule: db.prepare(
        `INSERT INTO quiz_schedule (platform, channel_id, time, zone, days, updated_by, updated_at)
         VALUES (@platform, @channelId, @time, @zone, @days, @updatedBy, @updatedAt)
         ON CONFLICT (platform, channel_id) DO UPDATE SET time = excluded.time, zone = excluded.zone, days = excluded.days,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      ),
      removeSchedule: db.prepare('DELETE FROM quiz_schedule WHERE platform = ? AND channel_id = ?'),
      seeded: db.prepare('SELECT spec FROM quiz_schedule_seed WHERE platform = ? AND channel_id = ?'),
      seed: db.prepare(
        `INSERT INTO quiz_schedule_seed (platform, channel_id, spec, seeded_at) VALUES (@platform, @channelId, @spec, @at)
         ON CONFLICT (platform, channel_id) DO UPDATE SET spec = excluded.spec, seeded_at = excluded.seeded_at`,
      ),
      createPost: db.prepare(
        `INSERT INTO quiz_post (id, platform, channel_id, question, posted_at, closes_at, slot, confirmed_at)
         VALUES (@id, @platform, @channelId, @question, @postedAt, @closesAt, @slot, @confirmedAt)
         ON CONFLICT (platform, channel_id, slot) DO NOTHING`,
      ),
      post: db.prepare('SELECT * FROM quiz_post WHERE id = ?'),
      posts: db.prepare('SELECT * FROM quiz_post WHERE platform = ? AND channel_id = ? AND posted_at >= ? ORDER BY posted_at, rowid'),
      undelivered: db.prepare('SELECT * FROM quiz_post WHERE confirmed_at IS NULL AND abandoned_at IS NULL ORDER BY posted_at, rowid'),
      toReveal: db.prepare(
        `SELECT * FROM quiz_post WHERE revealed_at IS NULL AND reveal_abandoned_at IS NULL AND confirmed_at IS NOT NULL AND closes_at <= ?
         ORDER BY closes_at, rowid`,
      ),
      lease: db.prepare('UPDATE quiz_post SET lease_until = @until WHERE id = @id AND (lease_until IS NULL OR lease_until <= @now)'),
      confirm: db.prepare('UPDATE quiz_post SET confirmed_at = @at, lease_until = NULL WHERE id = @id AND confirmed_at IS NULL'),
      // Today's question closes yesterday's (with a configured window it is closed already).
      closeOlderScheduled: db.prepare(
        `UPDATE quiz_post SET closes_at = MIN(closes_at, @at)
         WHERE platform = @platform AND channel_id = @channelId AND id != @id AND slot IS NOT NULL
           AND confirmed_at IS NOT NULL AND closed_at IS NULL AND posted_at <= @postedAt`,
      ),
      abandon: db.prepare('UPDATE quiz_post SET abandoned_at = @at, lease_until = NULL WHERE id = @id AND confirmed_at IS NULL'),
      close: db.prepare('UPDATE quiz_post SET closed_at = COALESCE(closed_at, @at) WHERE id = @id'),
      markRevealed: db.prepare('UPDATE quiz_post SET revealed_at = @at, lease_until = NULL WHERE id = @id AND revealed_at IS NULL'),
      abandonReveal: db.prepare('UPDATE quiz_post SET reveal_abandoned_at = @at, lease_until = NULL WHERE id = @id AND revealed_at IS NULL'),
      openFor: db.prepare('SELECT closes_at, closed_at FROM quiz_post WHERE id = ?'),
      recordAnswer: db.prepare(
        `INSERT INTO quiz_answer (post_id, user_id, user_name, choice, correct, answered_at)
         VALUES (@postId, @userId, @userName, @choice, @correct, @answeredAt)
         ON CONFLICT (post_id, user_id) DO NOTHING`,
      ),
      answer: db.prepare('SELECT * FROM quiz_answer WHERE post_id = ? AND user_id = ?'),
      answers: db.prepare('SELECT * FROM quiz_answer WHERE post_id = ? ORDER BY answered_at'),
      channelAnswers: db.prepare(
        `SELECT a.* FROM quiz_answer a JOIN quiz_post p ON p.id = a.post_id
         WHERE p.platform = ? AND p.channel_id = ? AND p.posted_at >= ? ORDER BY a.answered_at`,
      ),
      ping: db.prepare('SELECT count(*) AS n FROM quiz_schedule'),
    };
    const insertAnswer = (a: QuizAnswer): Exclude<AnswerOutcome, 'queued'> => {
      // The answer and the reveal's freeze both take the write lock (BEGIN
      // IMMEDIATE): whichever commits first decides, there is no in-between.
      const open = this.q.openFor.get(a.postId) as { closes_at: number; closed_at: number | null } | undefined;
      if (!open || open.closed_at !== null || open.closes_at <= a.answeredAt) return 'closed';
      return this.q.recordAnswer.run({ ...a, correct: a.correct ? 1 : 0 }).changes === 1 ? 'recorded' : 'duplicate';
    };
    this.tx = {
      seed: db.transaction((s: StoredSchedule, spec: string): boolean => {
        const seeded = this.q.seeded.get(s.platform, s.channelId) as { spec: string } | undefined;
        if (seeded?.spec === spec) return false;
        this.q.saveSchedule.run(scheduleRow(s));
        this.q.seed.run({ platform: s.platform, channelId: s.channelId, spec, at: s.updatedAt });
        return true;
      }),
      confirm: db.transaction((id: string, at: number): void => {
        if (this.q.confirm.run({ id, at }).changes === 0) return;
        const row = this.q.post.get(id) as PostRow;
        if (row.slot !== null) this.q.closeOlderScheduled.run({ id, at, platform: row.platform, channelId: row.channel_id, postedAt: row.posted_at });
      }),
      insertAnswer: db.transaction(insertAnswer),
      close: db.transaction((id: string, at: number, queued: readonly QuizAnswer[]): { answers: AnswerRow[] } => {
        // Answers still queued in this process go in first: they were given before the close.
        for (const a of queued) insertAnswer(a);
        this.q.close.run({ id, at });
        return { answers: this.q.answers.all(id) as AnswerRow[] };
      }),
    };
  }

  /** Up, or what is wrong (for /readyz). Reads work in WAL mode even while another process writes. */
  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      await this.run('read the quiz from', () => this.q.ping.get());
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  }

  /** The last failure that was not a busy lock, until a later call succeeds. */
  get lastFailure(): string | null {
    return this.failure;
  }

  /** Answers still waiting for the database. */
  get queuedAnswers(): number {
    return this.queued.size;
  }

  /** Stops retrying queued answers (after one last try). */
  close(): void {
    if (this.queueTimer) clearTimeout(this.queueTimer);
    this.queueTimer = null;
    this.flushQueue();
  }

  private async run<T>(what: string, step: () => T): Promise<T> {
    try {
      const result = await retryWhileBusy(step, this.budgetMs);
      if (!result.ok) {
        throw new QuizStoreError('busy', `The quiz database ${this.file} (WHARFIE_DB) stayed locked by another process for ${this.budgetMs} ms.`, { cause: result.busy });
      }
      this.failure = null;
      return result.value;
    } catch (error) {
      if (error instanceof QuizStoreError) throw error;
      const described = describeDbError(this.file, `Could not ${what}`, error);
      this.failure = described.message;
      throw new QuizStoreError('down', described.message, { cause: error });
    }
  }

  schedules(): Promise<StoredSchedule[]> {
    return this.run('read quiz schedules from', () => (this.q.schedules.all() as ScheduleRow[]).map(toSchedule));
  }

  schedule(channel: ChannelRef): Promise<StoredSchedule | null> {
    return this.run('read a quiz schedule from', () => {
      const row = this.q.schedule.get(channel.platform, channel.channelId) as ScheduleRow | undefined;
      return row ? toSchedule(row) : null;
    });
  }

  saveSchedule(s: StoredSchedule): Promise<void> {
    return this.run('save a quiz schedule in', () => void this.q.saveSchedule.run(scheduleRow(s)));
  }

  removeSchedule(channel: ChannelRef): Promise<boolean> {
    return this.run('remove a quiz schedule from', () => this.q.removeSchedule.run(channel.platform, channel.channelId).changes > 0);
  }

  seedSchedule(s: StoredSchedule): Promise<boolean> {
    return this.run('seed a quiz schedule in', () => this.tx.seed.immediate(s, `${s.time} ${s.zone} ${s.days.join(',')}`));
  }

  createPost(post: QuizPost): Promise<boolean> {
    return this.run('save a quiz post in', () => this.q.createPost.run({ ...post, question: JSON.stringify(post.question) }).changes === 1);
  }

  post(id: string): Promise<QuizPost | null> {
    return this.run('read a quiz post from', () => {
      const row = this.q.post.get(id) as PostRow | undefined;
      return row ? toPost(row) : null;
    });
  }

  posts(channel: ChannelRef, sinceMs = 0): Promise<QuizPost[]> {
    return this.run('read quiz posts from', () => (this.q.posts.all(channel.platform, channel.channelId, sinceMs) as PostRow[]).map(toPost));
  }

  undeliveredPosts(): Promise<QuizPost[]> {
    return this.run('read quiz posts from', () => (this.q.undelivered.all() as PostRow[]).map(toPost));
  }

  postsToReveal(now: number): Promise<QuizPost[]> {
    return this.run('read quiz posts from', () => (this.q.toReveal.all(now) as PostRow[]).map(toPost));
  }

  lease(id: string, now: number, until: number): Promise<boolean> {
    return this.run('lease a quiz post in', () => this.q.lease.run({ id, now, until }).changes === 1);
  }

  confirmPost(id: string, at: number): Promise<void> {
    return this.run('confirm a quiz post in', () => this.tx.confirm.immediate(id, at));
  }

  abandonPost(id: string, at: number): Promise<void> {
    return this.run('give up a quiz post in', () => void this.q.abandon.run({ id, at }));
  }

  closeAnswers(id: string, at: number): Promise<QuizAnswer[]> {
    return this.run('close a quiz question in', () => {
      const queued = [...this.queued.values()].filter((a) => a.postId === id);
      const { answers } = this.tx.close.immediate(id, at, queued);
      for (const a of queued) this.queued.delete(answerKey(a));
      return answers.map(toAnswer);
    });
  }

  markRevealed(id: string, at: number): Promise<void> {
    return this.run('record a quiz reveal in', () => void this.q.markRevealed.run({ id, at }));
  }

  abandonReveal(id: string, at: number): Promise<void> {
    return this.run('give up a quiz reveal in', () => void this.q.abandonReveal.run({ id, at }));
  }

  async recordAnswer(answer: QuizAnswer): Promise<AnswerOutcome> {
    if (this.queued.has(answerKey(answer))) return 'duplicate';
    try {
      return await this.run('record a quiz answer in', () => this.tx.insertAnswer.immediate(answer));
    } catch (error) {
      if (!(error instanceof QuizStoreError) || error.reason !== 'busy') throw error;
      // Not lost: kept here and written as soon as the other process lets go.
      this.queued.set(answerKey(answer), answer);
      this.scheduleQueue();
      return 'queued';
    }
  }

  answer(postId: string, userId: string): Promise<QuizAnswer | null> {
    const queued = this.queued.get(`${postId}\u0000${userId}`);
    if (queued) return Promise.resolve(queued);
    return this.run('read a quiz answer from', () => {
      const row = this.q.answer.get(postId, userId) as AnswerRow | undefined;
      return row ? toAnswer(row) : null;
    });
  }

  answers(postId: string): Promise<QuizAnswer[]> {
    return this.run('read quiz answers from', () => (this.q.answers.all(postId) as AnswerRow[]).map(toAnswer));
  }

  channelAnswers(channel: ChannelRef, sinceMs = 0): Promise<QuizAnswer[]> {
    return this.run('read quiz answers from', () => (this.q.channelAnswers.all(channel.platform, channel.channelId, sinceMs) as AnswerRow[]).map(toAnswer));
  }

  private scheduleQueue(): void {
    if (this.queueTimer || this.queued.size === 0) return;
    this.queueTimer = setTimeout(() => {
      this.queueTimer = null;
      const before = this.queued.size;
      this.flushQueue();
      this.queuePause = this.queued.size < before ? QUEUE_RETRY.firstMs : Math.min(this.queuePause * 2, QUEUE_RETRY.maxMs);
      this.scheduleQueue();
    }, this.queuePause);
    // A queued answer must not keep a finished process alive; close() tries once more.
    this.queueTimer.unref();
  }

  /** One try per queued answer; those still blocked stay queued. */
  private flushQueue(): void {
    for (const [key, answer] of this.queued) {
      try {
        this.tx.insertAnswer.immediate(answer);
        this.queued.delete(key);
      } catch (error) {
        if (this.db.open && isBusy(error)) return;
        // Not busy: the database is gone or broken; the answer cannot be kept.
        this.failure = describeDbError(this.file, 'Could not record a queued quiz answer in', error).message;
        this.queued.delete(key);
      }
    }
  }
}

const answerKey = (a: QuizAnswer): string => `${a.postId}\u0000${a.userId}`;

function scheduleRow(s: StoredSchedule) {
  return { platform: s.platform, channelId: s.channelId, time: s.time, zone: s.zone, days: s.days.join(','), updatedBy: s.updatedBy, updatedAt: s.updatedAt };
}
