import { setTimeout as delay } from 'node:timers/promises';
import { Cron } from 'croner';
import type { Logger } from '../../src/logger.js';
import type { Delivery, Quiz } from '../../src/quiz/quiz-service.js';
import type { Reply } from '../../src/reply.js';

/** Posts a reply in a channel of one platform; resolves once the platform accepted it. */
export type ChannelPoster = (channelId: string, reply: Reply) => Promise<unknown>;

/**
 * Retrying a post the platform refused. A hiccup (a 5xx, a reconnect, a rate
 * limit) is over within seconds; after about 8 minutes of failures the post is
 * given up and logged. The lease must outlast all attempts, or a second
 * process could send the same message meanwhile.
 */
export const DELIVERY_RETRY = Object.freeze({
  delaysMs: Object.freeze([2_000, 10_000, 30_000, 120_000, 300_000]) as readonly number[],
  leaseMs: 15 * 60_000,
});

export interface SchedulerOptions {
  readonly quiz: Quiz;
  /** One poster per running platform; schedules for others wait until it runs. */
  readonly posters: ReadonlyMap<string, ChannelPoster>;
  readonly log: Logger;
  readonly retry?: { readonly delaysMs: readonly number[]; readonly leaseMs: number };
  /** The pause between attempts (tests pass one that moves their clock instead of waiting). */
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<unknown>;
}

/**
 * Runs the quiz's scheduled work: once at start-up (so a post missed while the
 * bot was down is made, and closed questions are revealed), then at the top of
 * every minute, via croner. The core decides what is due, in each channel's own
 * time zone; this sends it and reports back only what the platform confirmed,
 * retrying with backoff. The store's unique slot key and a lease per message
 * keep a second process from posting the same thing.
 */
export class QuizScheduler {
  private job: Cron | null = null;
  private readonly abort = new AbortController();
  /** Channels with deliveries under way: one sender per channel keeps their order. */
  private readonly sending = new Map<string, Promise<void>>();
  private readonly retry;
  private readonly wait;

  constructor(private readonly options: SchedulerOptions) {
    this.retry = options.retry ?? DELIVERY_RETRY;
    this.wait = options.wait ?? ((ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }));
  }

  async start(): Promise<void> {
    await this.tick();
    this.job = new Cron('* * * * *', () => {
      void this.tick();
    });
  }

  /** Stops planning and cuts retry pauses short; an unfinished delivery's lease lapses and the next start sends it. */
  async stop(): Promise<void> {
    this.job?.stop();
    this.abort.abort();
    await Promise.allSettled(this.sending.values());
  }

  /**
   * Claims the posts due now, then sends reveals and questions, each channel's
   * in order (yesterday's answer before today's question). Resolves when what
   * this tick started is delivered or given up. Errors are logged, never thrown.
   */
  async tick(): Promise<void> {
    const { quiz, posters, log } = this.options;
    let deliveries: Delivery[];
    try {
      for (const due of await quiz.due()) {
        if (posters.has(due.channel.platform)) await quiz.claimScheduled(due.channel, due.occurrence);
      }
      const found = await quiz.deliveries();
      for (const post of found.expired) {
        log.error({ platform: post.platform, channel: post.channelId, slot: post.slot }, 'quiz question was never posted within its window; it counts for nobody');
      }
      deliveries = found.deliveries;
    } catch (error) {
      log.error({ err: { message: (error as Error).message } }, 'quiz scheduler tick failed');
      return;
    }
    const byChannel = new Map<string, Delivery[]>();
    for (const delivery of deliveries) {
      const key = `${delivery.post.platform}:${delivery.post.channelId}`;
      if (!posters.has(delivery.post.platform) || this.sending.has(key)) continue;
      byChannel.set(key, [...(byChannel.get(key) ?? []), delivery]);
    }
    await Promise.all([...byChannel].map(([key, list]) => this.sendAll(key, list)));
  }

  private sendAll(key: string, deliveries: readonly Delivery[]): Promise<void> {
    const work = (async () => {
      for (const delivery of deliveries) {
        if (this.abort.signal.aborted) return;
        await this.send(delivery).catch((error: unknown) => {
          this.options.log.error({ err: { message: (error as Error).message }, post: delivery.post.id, kind: delivery.kind }, 'quiz delivery failed');
        });
      }
    })().finally(() => this.sending.delete(key));
    this.sending.set(key, work);
    return work;
  }

  private async send(delivery: Delivery): Promise<void> {
    const { quiz, log } = this.options;
    const { post, kind } = delivery;
    const poster = this.options.posters.get(post.platform)!;
    if (!(await quiz.lease(delivery, this.retry.leaseMs))) return;
    const reply = await quiz.render(delivery);
    const where = { platform: post.platform, channel: post.channelId, post: post.id, slot: post.slot, kind };
    for (let attempt = 1; ; attempt += 1) {
      try {
        await poster(post.channelId, reply);
      } catch (error) {
        const pause = this.retry.delaysMs[attempt - 1];
        const err = { message: (error as Error).message };
        if (this.abort.signal.aborted) return;
        if (pause === undefined || !quiz.stillWanted(delivery)) {
          await quiz.giveUp(delivery);
          log.error({ ...where, attempts: attempt, err }, kind === 'question' ? 'quiz question could not be posted; given up, it counts for nobody' : 'quiz answer could not be revealed; given up');
          return;
        }
        log.warn({ ...where, attempt, retryInMs: pause, err }, kind === 'question' ? 'quiz question not posted; retrying' : 'quiz answer not revealed; retrying');
        try {
          await this.wait(pause, this.abort.signal);
        } catch {
          return;
        }
        continue;
      }
      await quiz.delivered(delivery);
      log.info({ ...where, attempts: attempt }, kind === 'question' ? 'quiz posted' : 'quiz answer revealed');
      return;
    }
  }
}
