/**
 * Slack shows the user an error when an ack takes over 3 s, and the bot has
 * one thread: an answer computed in the same turn as `ack()` delays every
 * request already waiting on the socket, so under load acks queue behind
 * answers. Listeners `await turns.next()` after acking; waiters are released
 * on `setImmediate`, after the poll phase, so every request that has arrived
 * is read, verified and acked before the next answers take the CPU.
 *
 * Under load, answers go in small batches. At 100 commands a second, commands
 * 10 ms apart, each answer ran cold: the same answer took 0.5 ms called every
 * 10 ms and 0.06 ms called back to back on the 2-core bench machine (caches and
 * branch predictors go cold while the CPU idles between commands). So an answer
 * that comes within `windowMs` of the one before it waits up to `windowMs` for
 * those behind it, and the batch (at most `maxBatch`) runs back to back in one
 * turn. Answers further apart than the window go at once: waiting would catch
 * nobody. Measured with `npm run bench -- slack`, three rounds each: bot CPU per
 * command 1.85 to 2.03 ms against 2.40 to 2.83 ms releasing one answer a turn;
 * answers reached response_url p50 24 ms and p99 40 ms after the command (4 and
 * 8 ms before).
 */
export interface AnswerTurns {
  /** Resolves on a later turn of the event loop, after every request waiting then is acked; in order. */
  next(): Promise<void>;
  /** Callers still waiting for their turn. */
  readonly waiting: number;
}

export interface AnswerBatching {
  /** An answer that comes this soon after the one before waits this long for those behind it. */
  readonly windowMs: number;
  /** Answers released in one turn at most (at least 1): acks that arrive meanwhile wait for the whole batch. */
  readonly maxBatch: number;
}

export const ANSWER_BATCHING: AnswerBatching = Object.freeze({ windowMs: 30, maxBatch: 8 });

/** Time and timers, so that tests can say how far apart answers came. */
export interface TurnClock {
  now(): number;
  after(ms: number, run: () => void): void;
}

const realClock: TurnClock = {
  now: () => performance.now(),
  after: (ms, run) => void setTimeout(run, ms),
};

export function answerTurns(batching: AnswerBatching = ANSWER_BATCHING, clock: TurnClock = realClock): AnswerTurns {
  const maxBatch = Math.max(1, batching.maxBatch);
  const waiting: (() => void)[] = [];
  let scheduled = false;
  let lastArrival = Number.NEGATIVE_INFINITY;
  const release = (): void => {
    scheduled = false;
    for (const resolve of waiting.splice(0, maxBatch)) resolve();
    // What is left has waited its window already: the next turn, after that turn's acks.
    if (waiting.length > 0) schedule(false);
  };
  const schedule = (wait: boolean): void => {
    if (scheduled) return;
    scheduled = true;
    // After the window, still on setImmediate: the batch starts once that turn's requests are acked.
    if (wait) clock.after(batching.windowMs, () => setImmediate(release));
    else setImmediate(release);
  };
  return {
    next() {
      const now = clock.now();
      const close = now - lastArrival < batching.windowMs;
      lastArrival = now;
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        schedule(close && batching.windowMs > 0);
      });
    },
    get waiting() {
      return waiting.length;
    },
  };
}
