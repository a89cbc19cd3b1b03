import { WharfieError } from '../errors.js';
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
  /**
   * When the platform confirmed the message. A scheduled post is claimed
   * first (null here) and counts for nothing until confirmed; a post on
   * demand is sent as the command's reply and is confirmed when made.
   */
  readonly confirmedAt: number | null;
  /** Delivery was given up (logged): the post counts for nobody's streak. */
  readonly abandonedAt: number | null;
  /** Answers were frozen for the reveal: from here on an answer is refused. */
  readonly closedAt: number | null;
  /** The platform confirmed the reveal. */
  readonly revealedAt: number | null;
  /** The reveal could not be delivered and was given up (logged). */
  readonly revealAbandonedAt: number | null;
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
 * What became of an answer: `closed` when the reveal froze the answers first
 * (the store decides in one transaction), `queued` when the database was busy
 * for longer than a person should wait: kept and written when it frees up.
 */
export type AnswerOutcome = 'recorded' | 'duplicate' | 'closed' | 'queued';

/**
 * Where quiz state lives. The core owns this interface; the SQLite store in
 * adapters/sqlite implements it. Every call is asynchronous so a store may
 * wait for a lock held by another process without blocking the event loop.
 * One answer per user per post, one post per scheduled slot and one reveal
 * per post are enforced by the store itself, not by callers remembering.
 * A store that cannot do its work throws a `QuizStoreError`.
 */
export interface QuizStore {
  schedules(): Promise<StoredSchedule[]>;
  schedule(channel: ChannelRef): Promise<StoredSchedule | null>;
  saveSchedule(schedule: StoredSchedule): Promise<void>;
  removeSchedule(channel: ChannelRef): Promise<boolean>;
  /**
   * Saves a schedule from configuration unless this same configured schedule
   * was seeded before; true when it was saved. An admin's later change or
   * stop therefore survives restarts; a changed configuration seeds again.
   */
  seedSchedule(schedule: StoredSchedule): Promise<boolean>;

  /** False when a post for that scheduled slot already exists (no double post after a restart). */
  createPost(post: QuizPost): Promise<boolean>;
  post(id: string): Promise<QuizPost | null>;
  /** Posts in a channel, oldest first, optionally only since a time. */
  posts(channel: ChannelRef, sinceMs?: number): Promise<QuizPost[]>;
  /** Scheduled posts claimed but neither confirmed nor given up. */
  undeliveredPosts(): Promise<QuizPost[]>;
  /** Confirmed posts whose window has closed and whose reveal is neither done nor given up. */
  postsToReveal(now: number): Promise<QuizPost[]>;
  /** Takes a post's delivery (its question or its reveal) until `until`; false when another process holds it. */
  lease(id: string, now: number, until: number): Promise<boolean>;
  /** The platform confirmed the post: it counts from now on; older open posts of its kind in the channel close. */
  confirmPost(id: string, at: number): Promise<void>;
  abandonPost(id: string, at: number): Promise<void>;
  /** Closes a post's answers (once) and returns them: what the reveal reports. */
  closeAnswers(id: string, at: number): Promise<QuizAnswer[]>;
  markRevealed(id: string, at: number): Promise<void>;
  abandonReveal(id: string, at: number): Promise<void>;

  recordAnswer(answer: QuizAnswer): Promise<AnswerOutcome>;
  answer(postId: string, userId: string): Promise<QuizAnswer | null>;
  answers(postId: string): Promise<QuizAnswer[]>;
  /** Answers to posts in a channel, optionally only posts since a time. */
  channelAnswers(channel: ChannelRef, sinceMs?: number): Promise<QuizAnswer[]>;
}

/**
 * The quiz's state cannot be read or written: `busy` (another process holds
 * the lock for longer than a person should wait) or `down` (the file cannot
 * be opened or used). The quiz then says so; answers and the sandbox go on.
 */
export class QuizStoreError extends WharfieError {
  override readonly name = 'QuizStoreError';
  constructor(
    readonly reason: 'busy' | 'down',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(reason === 'busy' ? 'quiz_store_busy' : 'quiz_store_down', message, options);
  }
}
