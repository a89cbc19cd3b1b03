/**
 * Slack shows the user an error when an ack takes over 3 s, and the bot has
 * one thread: an answer computed in the same turn as `ack()` delays every
 * request already waiting on the socket, so under load acks queue behind
 * answers. Listeners `await turns.next()` after acking: one waiter is released
 * per event-loop turn (on `setImmediate`, after the poll phase), so every
 * request that has arrived is read, verified and acked before the next answer
 * takes the CPU. Measured with `npm run bench -- slack [--busy]`.
 */
export interface AnswerTurns {
  /** Resolves on a later turn of the event loop, one caller per turn, in order. */
  next(): Promise<void>;
  /** Callers still waiting for their turn. */
  readonly waiting: number;
}

export function answerTurns(): AnswerTurns {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  const release = (): void => {
    scheduled = false;
    waiting.shift()?.();
    if (waiting.length > 0) schedule();
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(release);
  };
  return {
    next() {
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        schedule();
      });
    },
    get waiting() {
      return waiting.length;
    },
  };
}
