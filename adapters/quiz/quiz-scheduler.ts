import { Cron } from 'croner';
import type { Logger } from '../../src/logger.js';
import type { Quiz } from '../../src/quiz/quiz-service.js';
import type { ChannelRef } from '../../src/quiz/quiz-store.js';
import type { Reply } from '../../src/reply.js';

/** Posts a reply in a channel of one platform. */
export type ChannelPoster = (channelId: string, reply: Reply) => Promise<unknown>;

export interface SchedulerOptions {
  readonly quiz: Quiz;
  /** One poster per running platform; schedules for others wait until it runs. */
  readonly posters: ReadonlyMap<string, ChannelPoster>;
  readonly log: Logger;
}

/**
 * Runs the quiz's scheduled work: once at start-up (so a post missed while the
 * bot was down is made, and closed questions are revealed), then at the top of
 * every minute, via croner. The core decides what is due, in each channel's own
 * time zone; the store's unique slot key makes a second post for the same
 * occurrence impossible, even with two processes on one database.
 */
export class QuizScheduler {
  private job: Cron | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: SchedulerOptions) {}

  async start(): Promise<void> {
    await this.tick();
    this.job = new Cron('* * * * *', { protect: true }, () => {
      this.running = this.tick();
      return this.running;
    });
  }

  async stop(): Promise<void> {
    this.job?.stop();
    await this.running;
  }

  /** Reveal what has closed, then post what is due. Errors are logged, never thrown. */
  async tick(): Promise<void> {
    const { quiz, log } = this.options;
    try {
      for (const { channel, reply } of quiz.revealDue()) await this.post(channel, reply);
      for (const due of quiz.due()) {
        if (!this.options.posters.has(due.channel.platform)) continue;
        const replies = quiz.postScheduled(due.channel, due.occurrence);
        for (const reply of replies ?? []) await this.post(due.channel, reply);
        if (replies) log.info({ platform: due.channel.platform, channel: due.channel.channelId, slot: due.occurrence.toISOString() }, 'quiz posted');
      }
    } catch (error) {
      log.error({ err: error }, 'quiz scheduler tick failed');
    }
  }

  private async post(channel: ChannelRef, reply: Reply): Promise<void> {
    const poster = this.options.posters.get(channel.platform);
    if (!poster) return;
    try {
      await poster(channel.channelId, reply);
    } catch (error) {
      this.options.log.error({ err: { message: (error as Error).message }, channel: channel.channelId }, 'could not post to a quiz channel');
    }
  }
}
