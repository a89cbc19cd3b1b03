import { DELIVERY_RENEW_MS, PENDING_WORK_MAX_AGE_MS, type ClaimedWork, type DeliveryLog } from '../../src/delivery-log.js';
import type { Logger } from '../../src/logger.js';

/**
 * Does one kind of pending work (answers a Slack command, posts the digest);
 * resolves once it is delivered or given up. It may call `finish` (marks the
 * work done) just before its last irreversible step; it is called after anyway.
 */
export type PendingWorkHandler = (data: string, finish: () => Promise<void>) => Promise<void>;

export interface SweeperOptions {
  readonly deliveries: DeliveryLog;
  /** By kind: only work this process can do is claimed (a replica without Slack leaves Slack's work alone). */
  readonly handlers: ReadonlyMap<string, PendingWorkHandler>;
  readonly log: Logger;
  readonly now?: () => number;
  readonly intervalMs?: number;
}

/** Work claimed in one sweep: a dead replica's backlog is taken over in batches, not all at once. */
const CLAIM_BATCH = 20;

/**
 * Every DELIVERY_RENEW_MS: renews this process's leases (it is alive, its
 * takes are not to be taken over), then claims work whose holder stopped
 * renewing (it died after acknowledging) and does it, once. Runs in every
 * replica; the claim is one conditional UPDATE, so each piece of work goes to one.
 */
export class PendingWorkSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: SweeperOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.options.intervalMs ?? DELIVERY_RENEW_MS);
    this.timer.unref();
    void this.sweep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One renew-and-claim round (one at a time); work claimed is done before it resolves. */
  sweep(): Promise<void> {
    if (this.running || this.stopped) return this.running ?? Promise.resolve();
    this.running = this.round().finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<void> {
    const { deliveries, handlers, log } = this.options;
    const at = this.now();
    try {
      await deliveries.renew(at);
    } catch (error) {
      log.warn({ err: { message: (error as Error).message } }, 'could not renew the leases of work in hand');
    }
    if (handlers.size === 0) return;
    let claimed: ClaimedWork[];
    try {
      claimed = await deliveries.claimLapsed(at, [...handlers.keys()], at - PENDING_WORK_MAX_AGE_MS, CLAIM_BATCH);
    } catch (error) {
      log.warn({ err: { message: (error as Error).message } }, 'could not look for work left by a stopped replica');
      return;
    }
    await Promise.all(claimed.map((work) => this.finish(work)));
  }

  private async finish(work: ClaimedWork): Promise<void> {
    const { deliveries, handlers, log } = this.options;
    log.info({ delivery: work.key, kind: work.kind }, 'taking over work a stopped replica acknowledged and never finished');
    let finishing: Promise<void> | null = null;
    const finish = (): Promise<void> =>
      (finishing ??= deliveries.finished(work.key).catch((error: unknown) => log.warn({ err: { message: (error as Error).message } }, 'could not mark taken-over work done')));
    try {
      await handlers.get(work.kind)!(work.data, finish);
    } catch (error) {
      // Done or not, it is not tried again: a handler that throws would throw on every replica, every sweep.
      log.error({ err: { message: (error as Error).message }, delivery: work.key }, 'work taken over from a stopped replica failed');
    }
    await finish();
  }
}
