/**
 * Which platform deliveries were already taken. Slack redelivers an event it
 * thinks was lost, possibly to another replica; the first replica to take a
 * key handles it and later deliveries are ignored. A take that was never
 * finished (its replica died before answering) lapses after
 * DELIVERY_TAKE_LEASE_MS, so a later retry is answered by someone. With
 * several replicas the log must be the shared store (PostgreSQL).
 */
export interface DeliveryLog {
  /** True when this caller should handle `key`: its first delivery, or one whose earlier take lapsed unfinished. */
  firstDelivery(key: string, at: number): Promise<boolean>;
  /** The delivery was handled: every later delivery of `key` is ignored. */
  finished(key: string): Promise<void>;
}

/** How long a delivery is remembered: Slack retries within minutes (at once, after ~1 min, after ~5 min). */
export const DELIVERY_MEMORY_MS = 60 * 60 * 1000;

/**
 * How long an unfinished take holds a key. Slack retries only what was not
 * acknowledged in 3 s; its immediate retry falls inside this (the first taker
 * may just be slow), its one-minute retry outside (the first taker died).
 */
export const DELIVERY_TAKE_LEASE_MS = 30_000;

/** One process's memory: enough when only one process answers a platform. */
export function inMemoryDeliveryLog(limit = 5_000): DeliveryLog {
  const seen = new Map<string, { at: number; done: boolean }>();
  return {
    async firstDelivery(key, at) {
      const taken = seen.get(key);
      if (taken && (taken.done || at - taken.at < DELIVERY_TAKE_LEASE_MS)) return false;
      seen.set(key, { at, done: false });
      if (seen.size > limit) seen.delete(seen.keys().next().value!);
      return true;
    },
    async finished(key) {
      const taken = seen.get(key);
      if (taken) taken.done = true;
    },
  };
}
