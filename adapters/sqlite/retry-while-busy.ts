import { setTimeout as delay } from 'node:timers/promises';
import { isBusy } from './database.js';

/** Waits between attempts on a busy database: short first, then longer, never long. */
export const BUSY_BACKOFF = Object.freeze({ firstMs: 10, maxMs: 250 });

/**
 * Runs a synchronous better-sqlite3 step, and while another process holds the
 * lock, tries again after an asynchronous pause: each attempt can stall the
 * event loop for at most BUSY_TIMEOUT_MS, and between attempts the bot goes
 * on answering. Gives up with `busy` once `budgetMs` has passed.
 */
export async function retryWhileBusy<T>(step: () => T, budgetMs: number): Promise<{ ok: true; value: T } | { ok: false; busy: unknown }> {
  const started = performance.now();
  let pause: number = BUSY_BACKOFF.firstMs;
  for (;;) {
    try {
      return { ok: true, value: step() };
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (performance.now() - started + pause > budgetMs) return { ok: false, busy: error };
    }
    await delay(pause);
    pause = Math.min(pause * 2, BUSY_BACKOFF.maxMs);
  }
}
