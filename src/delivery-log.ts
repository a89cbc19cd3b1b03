/**
 * Which platform deliveries were already taken. Slack redelivers an event or
 * interaction it thinks was lost, possibly to another replica; the first
 * replica to take a key handles it and every later delivery is ignored. With
 * several replicas the log must be the shared store (PostgreSQL).
 */
export interface DeliveryLog {
  /** True for the first delivery of `key`; false when one was taken already. */
  firstDelivery(key: string, at: number): Promise<boolean>;
}

/** How long a delivery is remembered: Slack retries within minutes (1, 5 and 30 s after, then ~1 min, ~5 min). */
export const DELIVERY_MEMORY_MS = 60 * 60 * 1000;

/** One process's memory: enough when only one process answers a platform. */
export function inMemoryDeliveryLog(limit = 5_000): DeliveryLog {
  const seen = new Set<string>();
  return {
    async firstDelivery(key) {
      if (seen.has(key)) return false;
      seen.add(key);
      if (seen.size > limit) seen.delete(seen.values().next().value!);
      return true;
    },
  };
}
