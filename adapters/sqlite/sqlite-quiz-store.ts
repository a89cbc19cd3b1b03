import type { QuizQuestion } from '../../src/quiz/quiz-question.js';
import type { ChannelRef, QuizAnswer, QuizPost, QuizStore, StoredSchedule } from '../../src/quiz/quiz-store.js';
import type { Db } from './database.js';

interface PostRow {
  id: string;
  platform: string;
  channel_id: string;
  question: string;
  posted_at: number;
  closes_at: number;
  slot: string | null;
  revealed_at: number | null;
}

interface AnswerRow {
  post_id: string;
  user_id: string;
  user_name: string | null;
  choice: number;
  correct: number;
  answered_at: number;
}

const toPost = (row: PostRow): QuizPost => ({
  id: row.id,
  platform: row.platform,
  channelId: row.channel_id,
  question: JSON.parse(row.question) as QuizQuestion,
  postedAt: row.posted_at,
  closesAt: row.closes_at,
  slot: row.slot,
  revealedAt: row.revealed_at,
});

const toAnswer = (row: AnswerRow): QuizAnswer => ({
  postId: row.post_id,
  userId: row.user_id,
  userName: row.user_name,
  choice: row.choice,
  correct: row.correct === 1,
  answeredAt: row.answered_at,
});

/** The quiz's state in SQLite. Statements are prepared once; better-sqlite3 runs them synchronously. */
export class SqliteQuizStore implements QuizStore {
  private readonly q;

  constructor(db: Db) {
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
      createPost: db.prepare(
        `INSERT INTO quiz_post (id, platform, channel_id, question, posted_at, closes_at, slot, revealed_at)
         VALUES (@id, @platform, @channelId, @question, @postedAt, @closesAt, @slot, NULL)
         ON CONFLICT (platform, channel_id, slot) DO NOTHING`,
      ),
      post: db.prepare('SELECT * FROM quiz_post WHERE id = ?'),
      posts: db.prepare('SELECT * FROM quiz_post WHERE platform = ? AND channel_id = ? AND posted_at >= ? ORDER BY posted_at, rowid'),
      toReveal: db.prepare('SELECT * FROM quiz_post WHERE revealed_at IS NULL AND closes_at <= ? ORDER BY closes_at'),
      markRevealed: db.prepare('UPDATE quiz_post SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL'),
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
    };
  }

  schedules(): StoredSchedule[] {
    return (this.q.schedules.all() as ScheduleRow[]).map(toSchedule);
  }

  schedule(channel: ChannelRef): StoredSchedule | null {
    const row = this.q.schedule.get(channel.platform, channel.channelId) as ScheduleRow | undefined;
    return row ? toSchedule(row) : null;
  }

  saveSchedule(s: StoredSchedule): void {
    this.q.saveSchedule.run({ platform: s.platform, channelId: s.channelId, time: s.time, zone: s.zone, days: s.days.join(','), updatedBy: s.updatedBy, updatedAt: s.updatedAt });
  }

  removeSchedule(channel: ChannelRef): boolean {
    return this.q.removeSchedule.run(channel.platform, channel.channelId).changes > 0;
  }

  createPost(post: QuizPost): boolean {
    const result = this.q.createPost.run({ ...post, question: JSON.stringify(post.question) });
    return result.changes === 1;
  }

  post(id: string): QuizPost | null {
    const row = this.q.post.get(id) as PostRow | undefined;
    return row ? toPost(row) : null;
  }

  posts(channel: ChannelRef, sinceMs = 0): QuizPost[] {
    return (this.q.posts.all(channel.platform, channel.channelId, sinceMs) as PostRow[]).map(toPost);
  }

  postsToReveal(now: number): QuizPost[] {
    return (this.q.toReveal.all(now) as PostRow[]).map(toPost);
  }

  markRevealed(id: string, at: number): void {
    this.q.markRevealed.run(at, id);
  }

  recordAnswer(answer: QuizAnswer): 'recorded' | 'duplicate' {
    const result = this.q.recordAnswer.run({ ...answer, correct: answer.correct ? 1 : 0 });
    return result.changes === 1 ? 'recorded' : 'duplicate';
  }

  answer(postId: string, userId: string): QuizAnswer | null {
    const row = this.q.answer.get(postId, userId) as AnswerRow | undefined;
    return row ? toAnswer(row) : null;
  }

  answers(postId: string): QuizAnswer[] {
    return (this.q.answers.all(postId) as AnswerRow[]).map(toAnswer);
  }

  channelAnswers(channel: ChannelRef, sinceMs = 0): QuizAnswer[] {
    return (this.q.channelAnswers.all(channel.platform, channel.channelId, sinceMs) as AnswerRow[]).map(toAnswer);
  }
}

interface ScheduleRow {
  platform: string;
  channel_id: string;
  time: string;
  zone: string;
  days: string;
  updated_by: string;
  updated_at: number;
}

function toSchedule(row: ScheduleRow): StoredSchedule {
  return {
    platform: row.platform,
    channelId: row.channel_id,
    time: row.time,
    zone: row.zone,
    days: row.days.split(',').filter(Boolean).map(Number),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}
