/**
 * Which platform deliveries and once-only jobs were already taken, and what
 * a take still has to do. Slack redelivers an event it thinks was lost,
 * possibly to another replica; the first replica to take a key handles it and
 * later deliveries are ignored. Slack never resends what was acknowledged, so
 * a take that must still answer (a slash command, a button press) carries its
 * work: if the replica holding it dies before finishing, its lease lapses and
 * another replica claims the work and does it (PendingWorkSweeper). A live
 * holder renews its leases, so only a dead one's work is taken over. With
 * several replicas the log must be the shared store (PostgreSQL).
 */
export interface DeliveryLog {
  /**
   * True when this caller should handle `key`: its first delivery, or one whose
   * earlier holder's lease lapsed unfinished. `work` is kept with the take, so
   * that another process can finish it if this one dies before `finished`.
   */
  firstDelivery(key: string, at: number, work?: PendingWork): Promise<boolean>;
  /** The delivery was handled: every later delivery of `key` is ignored, and its work is never redone. */
  finished(key: string): Promise<void>;
  /** Keeps every unfinished take of this process from lapsing for another DELIVERY_TAKE_LEASE_MS. */
  renew(at: number): Promise<void>;
  /**
   * Claims unfinished work of the given kinds whose holder stopped renewing
   * (died), taken at or after `since`: each such take is claimed by exactly one
   * caller across processes, which then holds it as if it had taken it.
   */
  claimLapsed(at: number, kinds: readonly string[], since: number, limit: number): Promise<ClaimedWork[]>;
}

/** What a take still has to do: a kind (which handler does it) and that handler's data (JSON text). */
export interface PendingWork {
  readonly kind: string;
  readonly data: string;
}

export interface ClaimedWork extends PendingWork {
  readonly key: string;
  /** When it was first taken. */
  readonly at: number;
}

/** How long a delivery is remembered: Slack retries within minutes (at once, after ~1 min, after ~5 min). */
export const DELIVERY_MEMORY_MS = 60 * 60 * 1000;

/**
 * How long a take holds its key without being renewed. Its holder renews
 * every DELIVERY_RENEW_MS while it lives, so the lease only runs out when the
 * holder died; then Slack's next retry, or another replica's sweep, takes it
 * (so a dead replica's acknowledged commands are answered within ~20 s).
 */
export const DELIVERY_TAKE_LEASE_MS = 15_000;
export const DELIVERY_RENEW_MS = 5_000;

/** Work older than this is not taken over: Slack's response_url is valid for 30 minutes. */
export const PENDING_WORK_MAX_AGE_MS = 25 * 60 * 1000;

/** One process's memory: enough when only one process answers a platform (nobody else can take work over). */
export function inMemoryDeliveryLog(limit = 5_000): DeliveryLog {
  const seen = new Map<string, { until: number; done: boolean }>();
  return {
    async firstDelivery(key, at) {
      const taken = seen.get(key);
      if (taken && (taken.done || at < taken.until)) return false;
      seen.set(key, { until: at + DELIVERY_TAKE_LEASE_MS, done: false });
      if (seen.size > limit) seen.delete(seen.keys().next().value!);
      return true;
    },
    async finished(key) {
      const taken = seen.get(key);
      if (taken) taken.done = true;
    },
    async renew(at) {
      for (const taken of seen.values()) if (!taken.done) taken.until = at + DELIVERY_TAKE_LEASE_MS;
    },
    async claimLapsed() {
      return [];
    },
  };
}
