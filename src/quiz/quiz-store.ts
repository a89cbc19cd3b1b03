import type { QuizQuestion } from './quiz-question.js';
import type { Schedule } from './schedule.js';

/** A channel on a platform: where a quiz runs and scores are kept. */
export interface ChannelRef {
  readonly platform: string;
  readonly channelId: string;
}

export interface StoredSchedule extends ChannelRef, Schedule {
  readonly updatedBy: string;
  readonly updatedAt: number;
}

export interface QuizPost extends ChannelRef {
  readonly id: string;
  /** The question as posted: answers and reveals still work if the notes change. */
  readonly question: QuizQuestion;
  readonly postedAt: number;
  readonly closesAt: number;
  /** The scheduled occurrence this post is for (ISO instant); null for a post on demand. */
  readonly slot: string | null;
  readonly revealedAt: number | null;
}

export interface QuizAnswer {
  readonly postId: string;
  readonly userId: string;
  readonly userName: string | null;
  readonly choice: number;
  readonly correct: boolean;
  readonly answeredAt: number;
}

/**
 * Where quiz state lives. The core owns this interface; the SQLite store in
 * adapters/sqlite implements it. One answer per user per post is enforced by
 * the store itself (a unique key), not by callers remembering.
 */
export interface QuizStore {
  schedules(): StoredSchedule[];
  schedule(channel: ChannelRef): StoredSchedule | null;
  saveSchedule(schedule: StoredSchedule): void;
  removeSchedule(channel: ChannelRef): boolean;

  /** False when a post for that scheduled slot already exists (no double post after a restart). */
  createPost(post: QuizPost): boolean;
  post(id: string): QuizPost | null;
  /** Posts in a channel, oldest first, optionally only since a time. */
  posts(channel: ChannelRef, sinceMs?: number): QuizPost[];
  /** Posts whose answer window has closed but which are not revealed yet. */
  postsToReveal(now: number): QuizPost[];
  markRevealed(id: string, at: number): void;

  /** 'duplicate' when this user already answered this post. */
  recordAnswer(answer: QuizAnswer): 'recorded' | 'duplicate';
  answer(postId: string, userId: string): QuizAnswer | null;
  answers(postId: string): QuizAnswer[];
  /** Answers to posts in a channel, optionally only posts since a time. */
  channelAnswers(channel: ChannelRef, sinceMs?: number): QuizAnswer[];
}
