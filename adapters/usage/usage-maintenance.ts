import { Cron } from 'croner';
import type { KnowledgeBase } from '../../src/knowledge-base.js';
import type { Logger } from '../../src/logger.js';
import type { ConfiguredSchedule } from '../../src/config.js';
import { cronPattern } from '../../src/quiz/schedule.js';
import { reportReply } from '../../src/usage/report.js';
import type { UsageLog } from '../../src/usage/usage-log.js';
import type { ChannelPoster } from '../quiz/quiz-scheduler.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface MaintenanceOptions {
  readonly usage: UsageLog;
  readonly knowledge: KnowledgeBase;
  readonly retentionDays: number;
  readonly digest: ConfiguredSchedule | null;
  readonly posters: ReadonlyMap<string, ChannelPoster>;
  readonly log: Logger;
}

/**
 * Keeps the question log to its retention (at start-up, then daily) and posts
 * the weekly digest for the notes' authors, when a channel is configured.
 */
export class UsageMaintenance {
  private readonly jobs: Cron[] = [];

  constructor(private readonly options: MaintenanceOptions) {}

  start(): void {
    void this.prune();
    this.jobs.push(new Cron('17 3 * * *', { timezone: 'UTC', protect: true }, () => this.prune()));
    const { digest } = this.options;
    if (digest) {
      this.jobs.push(new Cron(cronPattern(digest.schedule), { timezone: digest.schedule.zone, protect: true }, () => this.postDigest()));
    }
  }

  stop(): void {
    for (const job of this.jobs) job.stop();
  }

  async prune(): Promise<void> {
    try {
      const removed = await this.options.usage.prune(this.options.retentionDays);
      if (removed > 0) this.options.log.info({ removed, retentionDays: this.options.retentionDays }, 'old questions and votes deleted');
    } catch (error) {
      this.options.log.error({ err: error }, 'could not prune the question log');
    }
  }

  async postDigest(): Promise<void> {
    const { digest, posters, usage, knowledge, log } = this.options;
    if (!digest) return;
    const poster = posters.get(digest.platform);
    if (!poster) {
      log.warn({ platform: digest.platform }, 'weekly digest not posted: that platform is not running');
      return;
    }
    try {
      await poster(digest.channelId, reportReply(await usage.report(WEEK_MS, knowledge), 'This week in the notes'));
    } catch (error) {
      log.error({ err: { message: (error as Error).message } }, 'could not post the weekly digest');
    }
  }
}
