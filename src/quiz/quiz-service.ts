import { encodeAction } from '../actions.js';
import { actorIsAdmin, type Actor, type Platform } from '../events.js';
import { notice, type Button, type Reply } from '../reply.js';
import type { QuestionBank } from './question-bank.js';
import { nextQuestion } from './question-bank.js';
import { feedbackReply, LETTERS, leaderboardReply, letterOf, questionReply, revealReply, scoreReply } from './quiz-replies.js';
import type { ChannelRef, QuizPost, QuizStore } from './quiz-store.js';
import { standings, streaks } from './scoring.js';
import { describeSchedule, lastOccurrence, localDate, nextOccurrence, parseSchedule, periodStart, type Schedule } from './schedule.js';

export interface QuizDeps {
  readonly store: QuizStore;
  /** The bank as of now (the notes may have been reloaded). */
  readonly bank: () => QuestionBank;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Minutes a question stays open; 0 means until the channel's next post. */
  readonly windowMinutes: number;
  /** Least time between two on-demand posts in one channel. */
  readonly onDemandCooldownMs: number;
  /** The note a question links to, as a "Read" button's section id. */
  readonly sectionFor?: (trail: readonly string[], source: string) => string | undefined;
  /** Users allowed admin commands besides platform admins (`platform:id`). */
  readonly admins?: ReadonlySet<string>;
  /** Told when a schedule is set or removed, so a scheduler can re-plan. */
  readonly onScheduleChange?: () => void;
}

/** An unscheduled channel's question stays open this long unless a window is configured. */
const UNSCHEDULED_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface Due {
  readonly channel: ChannelRef;
  readonly occurrence: Date;
}

/**
 * The daily quiz: posting (on demand and on schedule), answering, revealing,
 * scores. Pure of timers and sockets: the clock is passed in, the store is an
 * interface, and scheduled work is asked for (`due`) by a scheduler adapter.
 */
export class Quiz {
  constructor(private readonly deps: QuizDeps) {}

  private get nowMs(): number {
    return this.deps.now().getTime();
  }

  private zoneOf(channel: ChannelRef): string {
    return this.deps.store.schedule(channel)?.zone ?? 'UTC';
  }

  /** `/docker quiz`: a question now, unless one was just posted here. */
  postNow(channel: ChannelRef): Reply[] {
    const last = this.deps.store.posts(channel, this.nowMs - this.deps.onDemandCooldownMs).find((p) => p.slot === null);
    if (last) {
      const wait = Math.ceil((last.postedAt + this.deps.onDemandCooldownMs - this.nowMs) / 60_000);
      return [notice(`A quiz question was posted here a moment ago; the next can be asked for in ${wait} min.`)];
    }
    return this.post(channel, null) ?? [notice('The quiz has no questions yet: the notes gave nothing to ask.')];
  }

  /** The scheduled post for one occurrence; null if it was already made (a restart, a second process). */
  postScheduled(channel: ChannelRef, occurrence: Date): Reply[] | null {
    return this.post(channel, occurrence);
  }

  private post(channel: ChannelRef, occurrence: Date | null): Reply[] | null {
    const bank = this.deps.bank();
    const history = this.deps.store.posts(channel);
    const question = nextQuestion(bank, `${channel.platform}:${channel.channelId}`, askedThisRound(history, bank));
    if (!question) return null;
    const now = this.nowMs;
    const post: QuizPost = {
      ...channel,
      id: this.deps.newId(),
      question,
      postedAt: now,
      closesAt: this.closingTime(channel, occurrence ?? new Date(now)),
      slot: occurrence ? occurrence.toISOString() : null,
      revealedAt: null,
    };
    // Reveal what is still open here first: a new question closes the last one.
    const reveals = history.filter((p) => p.revealedAt === null);
    if (!this.deps.store.createPost(post)) return null;
    return [...reveals.map((p) => this.reveal(p)), questionReply(post, this.zoneOf(channel))];
  }

  private closingTime(channel: ChannelRef, from: Date): number {
    if (this.deps.windowMinutes > 0) return from.getTime() + this.deps.windowMinutes * 60_000;
    const schedule = this.deps.store.schedule(channel);
    return schedule ? nextOccurrence(schedule, from).getTime() : from.getTime() + UNSCHEDULED_WINDOW_MS;
  }

  answer(postId: string, platform: Platform, user: Actor, choice: number): Reply[] {
    const post = this.deps.store.post(postId);
    if (!post) return [notice('That quiz question is no longer here.')];
    const q = post.question;
    if (post.revealedAt !== null || post.closesAt <= this.nowMs) {
      return [notice(`This question has closed. The answer was **${letterOf(q)}** ${q.answer}.`)];
    }
    if (choice < 0 || choice >= q.choices.length) return [notice('That is not one of the choices.')];
    const answer = { postId, userId: `${platform}:${user.id}`, userName: user.name ?? null, choice, correct: q.choices[choice] === q.answer, answeredAt: this.nowMs };
    if (this.deps.store.recordAnswer(answer) === 'duplicate') {
      const first = this.deps.store.answer(postId, answer.userId)!;
      return [notice(`You already answered this one (you chose **${LETTERS[first.choice]}**): one answer each.`)];
    }
    return [feedbackReply(post, answer, this.noteButton(post))];
  }

  private noteButton(post: QuizPost): Button | null {
    const id = this.deps.sectionFor?.(post.question.trail, post.question.source);
    return id ? { label: `Read: ${post.question.trail.at(-1)}`, action: encodeAction({ type: 'topic', sectionId: id }) } : null;
  }

  private reveal(post: QuizPost): Reply {
    this.deps.store.markRevealed(post.id, this.nowMs);
    return revealReply(post, this.deps.store.answers(post.id));
  }

  /** Questions whose window has closed, revealed now, each with the channel to post in. */
  revealDue(): { channel: ChannelRef; reply: Reply }[] {
    return this.deps.store.postsToReveal(this.nowMs).map((post) => ({ channel: { platform: post.platform, channelId: post.channelId }, reply: this.reveal(post) }));
  }

  /**
   * Scheduled posts that should exist by now: today's occurrence in each
   * channel's own zone, if it has passed and its window is still open. A post
   * missed while the bot was down is made once; one from another day is not.
   */
  due(): Due[] {
    const now = this.deps.now();
    const due: Due[] = [];
    for (const schedule of this.deps.store.schedules()) {
      const last = lastOccurrence(schedule, now);
      if (!last || localDate(last, schedule.zone) !== localDate(now, schedule.zone)) continue;
      if (this.closingTime(schedule, last) <= now.getTime()) continue;
      const slot = last.toISOString();
      if (this.deps.store.posts(schedule, last.getTime()).some((p) => p.slot === slot)) continue;
      due.push({ channel: { platform: schedule.platform, channelId: schedule.channelId }, occurrence: last });
    }
    return due;
  }

  me(channel: ChannelRef, platform: Platform, user: Actor): Reply {
    const userId = `${platform}:${user.id}`;
    const now = this.nowMs;
    const posts = this.deps.store.posts(channel);
    const all = this.deps.store.channelAnswers(channel).filter((a) => a.userId === userId);
    const mine = new Map(all.map((a) => [a.postId, a]));
    const weekStart = periodStart(new Date(now), this.zoneOf(channel), 'week').getTime();
    const week = all.filter((a) => a.answeredAt >= weekStart);
    const { current, best } = streaks(posts, mine, now);
    return scoreReply({
      correct: all.filter((a) => a.correct).length,
      answered: all.length,
      weekCorrect: week.filter((a) => a.correct).length,
      weekAnswered: week.length,
      streak: current,
      best,
    });
  }

  leaderboard(channel: ChannelRef, period: 'week' | 'month' | 'all'): Reply {
    const since = period === 'all' ? undefined : periodStart(this.deps.now(), this.zoneOf(channel), period).getTime();
    return leaderboardReply(period, standings(this.deps.store.channelAnswers(channel, since)));
  }

  async schedule(channel: ChannelRef, platform: Platform, user: Actor, text: string): Promise<Reply> {
    if (!(await actorIsAdmin(platform, user, this.deps.admins))) return notice('Only admins can schedule the quiz (workspace or server admins, or those in WHARFIE_ADMINS).');
    const parsed = parseSchedule(text);
    if ('error' in parsed) return notice(parsed.error);
    this.saveSchedule(channel, parsed.schedule, `${platform}:${user.id}`);
    const next = nextOccurrence(parsed.schedule, this.deps.now());
    return notice(`The quiz will be posted here at ${describeSchedule(parsed.schedule)}. Next: ${next.toISOString().replace('T', ' ').slice(0, 16)} UTC.`);
  }

  saveSchedule(channel: ChannelRef, schedule: Schedule, by: string): void {
    this.deps.store.saveSchedule({ ...channel, ...schedule, updatedBy: by, updatedAt: this.nowMs });
    this.deps.onScheduleChange?.();
  }

  async stop(channel: ChannelRef, platform: Platform, user: Actor): Promise<Reply> {
    if (!(await actorIsAdmin(platform, user, this.deps.admins))) return notice('Only admins can stop the quiz.');
    const removed = this.deps.store.removeSchedule(channel);
    this.deps.onScheduleChange?.();
    return notice(removed ? 'The daily quiz is stopped in this channel. Scores are kept.' : 'There was no daily quiz scheduled here.');
  }
}

/** Questions this channel has had since it last went through the whole bank. */
export function askedThisRound(history: readonly QuizPost[], bank: QuestionBank): Set<string> {
  const inBank = new Set(bank.questions.map((q) => q.id));
  let asked = new Set<string>();
  for (const post of history) {
    if (!inBank.has(post.question.id)) continue;
    asked.add(post.question.id);
    if (asked.size >= inBank.size) asked = new Set();
  }
  return asked;
}
