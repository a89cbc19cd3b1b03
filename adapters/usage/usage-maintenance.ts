import { Cron } from 'croner';
import type { KnowledgeBase } from '../../src/knowledge-base.js';
import type { Logger } from '../../src/logger.js';
import type { ConfiguredSchedule } from '../../src/config.js';
import type { DeliveryLog } from '../../src/delivery-log.js';
import { cronPattern } from '../../src/quiz/schedule.js';
import { reportReply } from '../../src/usage/report.js';
import type { UsageLog } from '../../src/usage/usage-log.js';
import type { ChannelPoster } from '../quiz/quiz-scheduler.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The kind under which a claimed digest is kept (PendingWork.kind). */
export const DIGEST_WORK = 'digest';

export interface MaintenanceOptions {
  readonly usage: UsageLog;
  readonly knowledge: KnowledgeBase;
  readonly retentionDays: number;
  readonly digest: ConfiguredSchedule | null;
  readonly posters: ReadonlyMap<string, ChannelPoster>;
  readonly log: Logger;
  /**
   * The shared store's once-only keys: with several replicas each fires the
   * digest's cron, and only the one that takes the day's key posts it. The
   * key is finished once the platform confirmed the post; if its holder dies
   * first, the lease lapses and another replica's sweep posts it
   * (resumeDigest, kind DIGEST_WORK). Absent: this process is the only one.
   */
  readonly deliveries?: DeliveryLog;
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
    const { digest, posters, log, deliveries } = this.options;
    if (!digest) return;
    // Before claiming: a replica without that platform leaves the digest to one that has it.
    if (!posters.has(digest.platform)) {
      log.warn({ platform: digest.platform }, 'weekly digest not posted: that platform is not running');
      return;
    }
    const now = this.options.now?.() ?? new Date();
    // Keyed by the day, not the minute: replicas whose clocks differ by seconds still agree.
    const key = `digest:${digest.platform}:${digest.channelId}:${now.toISOString().slice(0, 10)}`;
    if (deliveries) {
      try {
        const work = { kind: DIGEST_WORK, data: JSON.stringify({ platform: digest.platform, channelId: digest.channelId }) };
        if (!(await deliveries.firstDelivery(key, now.getTime(), work))) {
          log.info({ platform: digest.platform }, 'weekly digest posted by another replica');
          return;
        }
      } catch (error) {
        log.error({ err: { message: (error as Error).message } }, 'weekly digest not posted: could not claim it in the database');
        return;
      }
    }
    await this.sendDigest(digest.platform, digest.channelId);
    await deliveries?.finished(key).catch((error: unknown) => log.warn({ err: { message: (error as Error).message } }, 'could not mark the weekly digest posted'));
  }

  /** A digest another replica claimed and died before posting (the sweeper marks it finished). */
  async resumeDigest(data: string): Promise<void> {
    const { platform, channelId } = JSON.parse(data) as { platform: string; channelId: string };
    await this.sendDigest(platform, channelId);
  }

  /** Posts the week's report; a platform that refuses it is logged, not retried (every replica would meet the same refusal). */
  private async sendDigest(platform: string, channelId: string): Promise<void> {
    const { posters, usage, knowledge, log } = this.options;
    const poster = posters.get(platform);
    if (!poster) {
      log.warn({ platform }, 'weekly digest not posted: that platform is not running');
      return;
    }
    try {
      await poster(channelId, reportReply(await usage.report(WEEK_MS, knowledge), 'This week in the notes'));
    } catch (error) {
      log.error({ err: { message: (error as Error).message } }, 'could not post the weekly digest');
    }
  }
}
