import type { QuizQuestion } from '../../src/quiz/quiz-question.js';
import type { QuizAnswer, QuizPost, StoredSchedule } from '../../src/quiz/quiz-store.js';

/**
 * Quiz rows as both SQL stores keep them (the same tables and columns in
 * SQLite and PostgreSQL), and how a row becomes the core's value. One mapping,
 * so the two stores cannot drift apart.
 */
export interface PostRow {
  id: string;
  platform: string;
  channel_id: string;
  question: string;
  posted_at: number;
  closes_at: number;
  slot: string | null;
  confirmed_at: number | null;
  abandoned_at: number | null;
  closed_at: number | null;
  revealed_at: number | null;
  reveal_abandoned_at: number | null;
}

export interface AnswerRow {
  post_id: string;
  user_id: string;
  user_name: string | null;
  choice: number;
  /** SQLite has no boolean: 0 or 1 there, a boolean in PostgreSQL. */
  correct: number | boolean;
  answered_at: number;
}

export interface ScheduleRow {
  platform: string;
  channel_id: string;
  time: string;
  zone: string;
  /** Week days as stored: "1,2,3". */
  days: string;
  updated_by: string;
  updated_at: number;
}

export const toPost = (row: PostRow): QuizPost => ({
  id: row.id,
  platform: row.platform,
  channelId: row.channel_id,
  question: JSON.parse(row.question) as QuizQuestion,
  postedAt: row.posted_at,
  closesAt: row.closes_at,
  slot: row.slot,
  confirmedAt: row.confirmed_at,
  abandonedAt: row.abandoned_at,
  closedAt: row.closed_at,
  revealedAt: row.revealed_at,
  revealAbandonedAt: row.reveal_abandoned_at,
});

export const toAnswer = (row: AnswerRow): QuizAnswer => ({
  postId: row.post_id,
  userId: row.user_id,
  userName: row.user_name,
  choice: row.choice,
  correct: row.correct === true || row.correct === 1,
  answeredAt: row.answered_at,
});

export const toSchedule = (row: ScheduleRow): StoredSchedule => ({
  platform: row.platform,
  channelId: row.channel_id,
  time: row.time,
  zone: row.zone,
  days: row.days.split(',').filter(Boolean).map(Number),
  updatedBy: row.updated_by,
  updatedAt: row.updated_at,
});
