import { getHeapSpaceStatistics } from 'node:v8';
import type { Logger } from '../../src/logger.js';

/** The line the probe logs; `npm run bench -- slack` looks for it on stderr. */
export const HEAP_PROBE_MESSAGE = 'heap after a full GC';

/**
 * For `npm run bench` only (WHARFIE_BENCH_PROBE=on, node started with
 * --expose-gc): on SIGUSR2, a full garbage collection, then one log line
 * with what is still reachable. Resident memory alone cannot tell memory
 * the bot keeps from memory V8 has not given back yet; this can.
 */
export function installHeapProbe(signals: NodeJS.EventEmitter, log: Logger): () => void {
  const collect = (globalThis as { gc?: () => void }).gc;
  const probe = (): void => {
    collect?.();
    const usage = process.memoryUsage();
    const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10;
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_size)]));
    log.info({ probe: 'heap', collected: Boolean(collect), heapUsedMb: mb(usage.heapUsed), heapTotalMb: mb(usage.heapTotal), externalMb: mb(usage.external), rssMb: mb(usage.rss), spacesMb: spaces }, HEAP_PROBE_MESSAGE);
  };
  signals.on('SIGUSR2', probe);
  return () => void signals.off('SIGUSR2', probe);
}
