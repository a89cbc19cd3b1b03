import { describe, expect, it } from 'vitest';
import { answerTurns, type TurnClock } from '../../adapters/slack/after-ack.js';

/** A clock whose time the test sets, and whose timers the test fires. */
function testClock(): TurnClock & { at: number; timers: { ms: number; run: () => void }[] } {
  const clock = {
    at: 1_000,
    timers: [] as { ms: number; run: () => void }[],
    now: () => clock.at,
    after: (ms: number, run: () => void) => void clock.timers.push({ ms, run }),
  };
  return clock;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Calls next() and records when it resolves. */
function waitFor(turns: ReturnType<typeof answerTurns>): { done: boolean; turn: Promise<void> } {
  const waiter = { done: false, turn: turns.next() };
  void waiter.turn.then(() => (waiter.done = true));
  return waiter;
}

describe('answer turns: the ack first, then answers in batches under load', () => {
  const batching = { windowMs: 30, maxBatch: 3 };

  /** Turns that have just let one answer through; the clock is then moved on by `laterMs`. */
  async function justAnswered(laterMs: number): Promise<{ clock: ReturnType<typeof testClock>; turns: ReturnType<typeof answerTurns> }> {
    const clock = testClock();
    const turns = answerTurns(batching, clock);
    await turns.next();
    clock.at += laterMs;
    return { clock, turns };
  }

  it('answers at once, on the next turn, when the bot is idle', async () => {
    const clock = testClock();
    const turns = answerTurns(batching, clock);
    const first = waitFor(turns);
    expect(first.done).toBe(false);
    await nextTurn();
    expect(first.done).toBe(true);
    expect(clock.timers).toEqual([]);
  });

  it('holds an answer that comes soon after another for the window, then runs it with those behind it in one turn', async () => {
    const { clock, turns } = await justAnswered(10);
    const second = waitFor(turns);
    clock.at += 10;
    const third = waitFor(turns);
    await nextTurn();
    expect([second.done, third.done, turns.waiting]).toEqual([false, false, 2]);
    expect(clock.timers.map((t) => t.ms)).toEqual([30]);

    clock.timers[0]!.run();
    // Not in the timer's own turn: the requests waiting on the socket are acked first.
    await Promise.resolve();
    expect(second.done).toBe(false);
    await nextTurn();
    expect([second.done, third.done, turns.waiting]).toEqual([true, true, 0]);
  });

  it('runs at most maxBatch answers in one turn and the rest on the next, without a second wait', async () => {
    const { clock, turns } = await justAnswered(5);
    const waiters = [0, 1, 2, 3, 4].map(() => waitFor(turns));
    clock.timers[0]!.run();
    await nextTurn();
    expect(waiters.map((w) => w.done)).toEqual([true, true, true, false, false]);
    await nextTurn();
    expect(waiters.map((w) => w.done)).toEqual([true, true, true, true, true]);
    expect(clock.timers).toHaveLength(1);
  });

  it('answers at once when answers come further apart than the window: waiting would catch nobody', async () => {
    const { clock, turns } = await justAnswered(50);
    const next = waitFor(turns);
    await nextTurn();
    expect(next.done).toBe(true);
    expect(clock.timers).toEqual([]);
  });
});
