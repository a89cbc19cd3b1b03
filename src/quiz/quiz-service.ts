import { encodeAction } from '../actions.js';
import { actorIsAdmin, type Actor, type Platform } from '../events.js';
import { notice, type Button, type Reply } from '../reply.js';
import type { QuestionBank } from './question-bank.js';
import { nextQuestion } from './question-bank.js';
import { feedbackReply, LETTERS, leaderboardReply, letterOf, questionReply, revealReply, scoreReply } from './quiz-replies.js';
import { QuizStoreError, type ChannelRef, type QuizPost, type QuizStore } from './quiz-store.js';
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

/** A message the scheduler must get onto the platform: a scheduled question, or a reveal. */
export interface Delivery {
  readonly kind: 'question' | 'reveal';
  readonly post: QuizPost;
}

/**
 * The daily quiz: posting (on demand and on schedule), answering, revealing,
 * scores. Pure of timers and sockets: the clock is passed in, the store is an
 * interface, and scheduled work is asked for (`due`, `deliveries`) by a
 * scheduler adapter, which reports back what the platform confirmed.
 *
 * Two kinds of question share a channel without touching each other: the
 * scheduled one keeps its window and alone counts for streaks; one asked for
 * with `/docker quiz` is practice, and only closes an earlier practice one.
 */
export class Quiz {
  constructor(private readonly deps: QuizDeps) {}

  private get nowMs(): number {
    return this.deps.now().getTime();
  }

  private async zoneOf(channel: ChannelRef): Promise<string> {
    return (await this.deps.store.schedule(channel))?.zone ?? 'UTC';
  }

  /**
   * `/docker quiz`: a practice question now. Within the cooldown of the last
   * one, that question is shown again while it is open (to the asker alone,
   * buttons and all), so nobody is refused a question they can still answer.
   */
  async postNow(channel: ChannelRef, asker?: { readonly platform: Platform; readonly user: Actor }): Promise<Reply[]> {
    const { store } = this.deps;
    const now = this.nowMs;
    const history = await store.posts(channel);
    const last = history.filter((p) => p.slot === null && p.postedAt >= now - this.deps.onDemandCooldownMs).at(-1);
    if (last) {
      const wait = Math.ceil((last.postedAt + this.deps.onDemandCooldownMs - now) / 60_000);
      const open = last.closedAt === null && last.closesAt > now;
      const answered = asker ? await store.answer(last.id, `${asker.platform}:${asker.user.id}`) : null;
      if (open && !answered) return [await this.shownAgain(last, wait)];
      return [notice(`${answered ? 'You have answered the open quiz question' : 'A quiz question was posted here a moment ago'}; the next can be asked for in ${wait} min.`)];
    }
    const post = await this.newPost(channel, history, null);
    if (!post) return [notice('The quiz has no questions yet: the notes gave nothing to ask.')];
    // A new practice question closes the last practice one; the scheduled question keeps its window.
    const reveals: Reply[] = [];
    for (const open of history.filter((p) => p.slot === null && p.closedAt === null && p.closesAt > now)) {
      if (!(await store.lease(open.id, now, now + REVEAL_LEASE_MS))) continue;
      reveals.push(revealReply(open, await store.closeAnswers(open.id, now)));
      await store.markRevealed(open.id, now);
    }
    await store.createPost(post);
    const daily = history.some((p) => p.slot !== null && p.confirmedAt !== null && p.closedAt === null && p.closesAt > now);
    return [...reveals, questionReply(post, await this.zoneOf(channel), { practice: true, dailyOpen: daily })];
  }

  private async shownAgain(post: QuizPost, waitMinutes: number): Promise<Reply> {
    const question = questionReply(post, await this.zoneOf(post), { practice: true });
    return {
      ...question,
      visibility: 'private',
      delivery: 'respond',
      blocks: [...question.blocks, { kind: 'context', markdown: `This question is still open; a new one can be asked for in ${waitMinutes} min.` }],
    };
  }

  private async newPost(channel: ChannelRef, history: readonly QuizPost[], occurrence: Date | null): Promise<QuizPost | null> {
    const bank = this.deps.bank();
    const question = nextQuestion(bank, `${channel.platform}:${channel.channelId}`, askedThisRound(history, bank));
    if (!question) return null;
    const now = this.nowMs;
    return {
      ...channel,
      id: this.deps.newId(),
      question,
      postedAt: now,
      closesAt: await this.closingTime(channel, occurrence ?? new Date(now)),
      slot: occurrence ? occurrence.toISOString() : null,
      // A practice question goes out as the command's own reply; a scheduled one waits for the platform.
      confirmedAt: occurrence ? null : now,
      abandonedAt: null,
      closedAt: null,
      revealedAt: null,
      revealAbandonedAt: null,
    };
  }

  /**
   * Claims one scheduled occurrence: the post is stored, unconfirmed, and
   * counts for nothing until `delivered`. False when the slot was already
   * claimed (a restart, a second process) or the bank is empty.
   */
  async claimScheduled(channel: ChannelRef, occurrence: Date): Promise<boolean> {
    const post = await this.newPost(channel, await this.deps.store.posts(channel), occurrence);
    return post !== null && (await this.deps.store.createPost(post));
  }

  private async closingTime(channel: ChannelRef, from: Date): Promise<number> {
    if (this.deps.windowMinutes > 0) return from.getTime() + this.deps.windowMinutes * 60_000;
    const schedule = await this.deps.store.schedule(channel);
    return schedule ? nextOccurrence(schedule, from).getTime() : from.getTime() + UNSCHEDULED_WINDOW_MS;
  }

  async answer(postId: string, platform: Platform, user: Actor, choice: number): Promise<Reply[]> {
    const post = await this.deps.store.post(postId);
    if (!post || post.confirmedAt === null) return [notice('That quiz question is no longer here.')];
    const q = post.question;
    const closed = [notice(`This question has closed. The answer was **${letterOf(q)}** ${q.answer}.`)];
    if (post.closedAt !== null || post.closesAt <= this.nowMs) return closed;
    if (choice < 0 || choice >= q.choices.length) return [notice('That is not one of the choices.')];
    const answer = { postId, userId: `${platform}:${user.id}`, userName: user.name ?? null, choice, correct: q.choices[choice] === q.answer, answeredAt: this.nowMs };
    const outcome = await this.deps.store.recordAnswer(answer);
    if (outcome === 'closed') return closed;
    if (outcome === 'duplicate') {
      const first = await this.deps.store.answer(postId, answer.userId);
      return [notice(`You already answered this one${first ? ` (you chose **${LETTERS[first.choice]}**)` : ''}: one answer each.`)];
    }
    const feedback = feedbackReply(post, answer, this.noteButton(post));
    if (outcome === 'queued') {
      return [{ ...feedback, blocks: [...feedback.blocks, { kind: 'context', markdown: 'The quiz’s database is busy: your answer is kept and will be counted as soon as it is free.' }] }];
    }
    return [feedback];
  }

  private noteButton(post: QuizPost): Button | null {
    const id = this.deps.sectionFor?.(post.question.trail, post.question.source);
    return id ? { label: `Read: ${post.question.trail.at(-1)}`, action: encodeAction({ type: 'topic', sectionId: id }) } : null;
  }

  /**
   * What the scheduler should send now: reveals of questions whose window has
   * closed, then scheduled questions claimed but not yet confirmed. Questions
   * whose window passed before they could be delivered are given up here and
   * returned as `expired`, for the log; they count for nobody.
   */
  async deliveries(): Promise<{ deliveries: Delivery[]; expired: QuizPost[] }> {
    const now = this.nowMs;
    const reveals = (await this.deps.store.postsToReveal(now)).map((post) => ({ kind: 'reveal' as const, post }));
    const questions: Delivery[] = [];
    const expired: QuizPost[] = [];
    for (const post of await this.deps.store.undeliveredPosts()) {
      if (post.closesAt > now) questions.push({ kind: 'question', post });
      else if (await this.deps.store.lease(post.id, now, now + 1)) {
        await this.deps.store.abandonPost(post.id, now);
        expired.push(post);
      }
    }
    return { deliveries: [...reveals, ...questions], expired };
  }

  /** Takes a delivery for `ms` so no other process sends it too; false when another has it. */
  lease(delivery: Delivery, ms: number): Promise<boolean> {
    const now = this.nowMs;
    return this.deps.store.lease(delivery.post.id, now, now + ms);
  }

  /** The message to send. For a reveal this closes the answers: from here on one is refused. */
  async render(delivery: Delivery): Promise<Reply> {
    const { post } = delivery;
    if (delivery.kind === 'question') return questionReply(post, await this.zoneOf(post));
    return revealReply(post, await this.deps.store.closeAnswers(post.id, this.nowMs));
  }

  /** Whether a failed delivery is still worth another try (a question past its window is not). */
  stillWanted(delivery: Delivery): boolean {
    return delivery.kind === 'reveal' || delivery.post.closesAt > this.nowMs;
  }

  /** The platform confirmed it: only now does a question count, or a reveal count as done. */
  delivered(delivery: Delivery): Promise<void> {
    const { post } = delivery;
    return delivery.kind === 'question' ? this.deps.store.confirmPost(post.id, this.nowMs) : this.deps.store.markRevealed(post.id, this.nowMs);
  }

  /** Delivery failed for good: a question then breaks nobody's streak. */
  giveUp(delivery: Delivery): Promise<void> {
    const { post } = delivery;
    return delivery.kind === 'question' ? this.deps.store.abandonPost(post.id, this.nowMs) : this.deps.store.abandonReveal(post.id, this.nowMs);
  }

  /**
   * Scheduled posts that should exist by now: today's occurrence in each
   * channel's own zone, if it has passed and its window is still open. A post
   * missed while the bot was down is made once; one from another day is not.
   */
  async due(): Promise<Due[]> {
    const now = this.deps.now();
    const due: Due[] = [];
    for (const schedule of await this.deps.store.schedules()) {
      const last = lastOccurrence(schedule, now);
      if (!last || localDate(last, schedule.zone) !== localDate(now, schedule.zone)) continue;
      if ((await this.closingTime(schedule, last)) <= now.getTime()) continue;
      const slot = last.toISOString();
      if ((await this.deps.store.posts(schedule, last.getTime())).some((p) => p.slot === slot)) continue;
      due.push({ channel: { platform: schedule.platform, channelId: schedule.channelId }, occurrence: last });
    }
    return due;
  }

  async me(channel: ChannelRef, platform: Platform, user: Actor): Promise<Reply> {
    const userId = `${platform}:${user.id}`;
    const now = this.nowMs;
    const posts = await this.deps.store.posts(channel);
    const all = (await this.deps.store.channelAnswers(channel)).filter((a) => a.userId === userId);
    const mine = new Map(all.map((a) => [a.postId, a]));
    const weekStart = periodStart(new Date(now), await this.zoneOf(channel), 'week').getTime();
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

  async leaderboard(channel: ChannelRef, period: 'week' | 'month' | 'all'): Promise<Reply> {
    const since = period === 'all' ? undefined : periodStart(this.deps.now(), await this.zoneOf(channel), period).getTime();
    return leaderboardReply(period, standings(await this.deps.store.channelAnswers(channel, since)));
  }

  async schedule(channel: ChannelRef, platform: Platform, user: Actor, text: string): Promise<Reply> {
    if (!(await actorIsAdmin(platform, user, this.deps.admins))) return notice('Only admins can schedule the quiz (workspace or server admins, or those in WHARFIE_ADMINS).');
    const parsed = parseSchedule(text);
    if ('error' in parsed) return notice(parsed.error);
    await this.saveSchedule(channel, parsed.schedule, `${platform}:${user.id}`);
    const next = nextOccurrence(parsed.schedule, this.deps.now());
    return notice(`The quiz will be posted here at ${describeSchedule(parsed.schedule)}. Next: ${next.toISOString().replace('T', ' ').slice(0, 16)} UTC.`);
  }

  async saveSchedule(channel: ChannelRef, schedule: Schedule, by: string): Promise<void> {
    await this.deps.store.saveSchedule({ ...channel, ...schedule, updatedBy: by, updatedAt: this.nowMs });
    this.deps.onScheduleChange?.();
  }

  /**
   * Schedules from configuration (WHARFIE_QUIZ_SCHEDULES) seed the store once:
   * after an admin changes or stops one, a restart leaves it as the admin
   * left it. Editing the configured entry seeds it again. Returns those saved.
   */
  async seedSchedules(configured: readonly (ChannelRef & { schedule: Schedule })[]): Promise<ChannelRef[]> {
    const seeded: ChannelRef[] = [];
    for (const { platform, channelId, schedule } of configured) {
      if (await this.deps.store.seedSchedule({ platform, channelId, ...schedule, updatedBy: 'config', updatedAt: this.nowMs })) seeded.push({ platform, channelId });
    }
    if (seeded.length > 0) this.deps.onScheduleChange?.();
    return seeded;
  }

  async stop(channel: ChannelRef, platform: Platform, user: Actor): Promise<Reply> {
    if (!(await actorIsAdmin(platform, user, this.deps.admins))) return notice('Only admins can stop the quiz.');
    const removed = await this.deps.store.removeSchedule(channel);
    this.deps.onScheduleChange?.();
    return notice(removed ? 'The daily quiz is stopped in this channel. Scores are kept.' : 'There was no daily quiz scheduled here.');
  }
}

/** Long enough to send one reveal inline; the scheduler's own lease is longer. */
const REVEAL_LEASE_MS = 60_000;

/** What a person sees when the quiz's state cannot be reached; null for any other error. */
export function quizUnavailableNotice(error: unknown): Reply | null {
  if (!(error instanceof QuizStoreError)) return null;
  return error.reason === 'busy'
    ? notice('The quiz’s database is busy right now. Try again in a moment; answers and `/docker run` work as usual.', 'error')
    : notice('The quiz is unavailable right now: its database cannot be used (an admin can check WHARFIE_DB and the logs). Answers and `/docker run` still work.', 'error');
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
