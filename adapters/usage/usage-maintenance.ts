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
  /**
   * Takes a once-only key in the shared store (first caller true): with
   * several replicas each fires the digest's cron, and only the one that
   * takes the day's key posts it. Absent: this process is the only one.
   */
  readonly claim?: (key: string) => Promise<boolean>;
  readonly now?: () => Date;
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
    const { digest, posters, usage, knowledge, log, claim } = this.options;
    if (!digest) return;
    // Keyed by the day, not the minute: replicas whose clocks differ by seconds still agree.
    const day = (this.options.now?.() ?? new Date()).toISOString().slice(0, 10);
    try {
      if (claim && !(await claim(`digest:${digest.platform}:${digest.channelId}:${day}`))) {
        log.info({ platform: digest.platform }, 'weekly digest posted by another replica');
        return;
      }
    } catch (error) {
      log.error({ err: { message: (error as Error).message } }, 'weekly digest not posted: could not claim it in the database');
      return;
    }
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
