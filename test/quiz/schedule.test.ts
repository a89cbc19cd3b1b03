import { describe, expect, it } from 'vitest';
import { lastOccurrence, nextOccurrence, parseSchedule, periodStart, type Schedule } from '../../src/quiz/schedule.js';
import { TestClock, testQuiz, testScheduler } from '../support/quiz.js';

const schedule = (text: string): Schedule => {
  const parsed = parseSchedule(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.schedule;
};

describe('quiz schedules', () => {
  it('reads a time, an IANA zone and days, and says what is wrong otherwise', () => {
    expect(schedule('09:30 Europe/London weekdays')).toEqual({ time: '09:30', zone: 'Europe/London', days: [1, 2, 3, 4, 5] });
    expect(schedule('7:05 Asia/Kolkata mon,wed,fri')).toEqual({ time: '07:05', zone: 'Asia/Kolkata', days: [1, 3, 5] });
    expect(schedule('18:00 UTC daily').days).toHaveLength(7);
    expect(parseSchedule('24:00 UTC')).toEqual({ error: expect.stringMatching(/not a time of day/) });
    expect(parseSchedule('09:00 Europe/Atlantis')).toEqual({ error: expect.stringMatching(/not an IANA time zone/) });
    expect(parseSchedule('09:00 UTC funday')).toEqual({ error: expect.stringMatching(/not a set of days/) });
  });

  it('posts at the same local time across a DST change (Europe/London, March and October 2026)', () => {
    const london = schedule('09:30 Europe/London daily');
    expect(nextOccurrence(london, new Date('2026-03-28T10:00:00Z')).toISOString()).toBe('2026-03-29T08:30:00.000Z');
    expect(nextOccurrence(london, new Date('2026-03-27T10:00:00Z')).toISOString()).toBe('2026-03-28T09:30:00.000Z');
    expect(nextOccurrence(london, new Date('2026-10-24T10:00:00Z')).toISOString()).toBe('2026-10-25T09:30:00.000Z');
  });

  it('keeps each channel in its own zone', () => {
    const after = new Date('2026-11-30T00:00:00Z');
    // 09:00 in Tokyo is exactly `after`: the next one is strictly later, a day on.
    expect(nextOccurrence(schedule('09:00 Asia/Tokyo daily'), after).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(nextOccurrence(schedule('09:00 America/Los_Angeles daily'), after).toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(nextOccurrence(schedule('09:00 Asia/Kolkata daily'), after).toISOString()).toBe('2026-11-30T03:30:00.000Z');
  });

  it('skips days not in the schedule', () => {
    const friday = new Date('2026-11-27T12:00:00Z');
    expect(nextOccurrence(schedule('09:30 Europe/London weekdays'), friday).toISOString()).toBe('2026-11-30T09:30:00.000Z');
    expect(lastOccurrence(schedule('09:30 Europe/London weekdays'), new Date('2026-11-29T12:00:00Z'))?.toISOString()).toBe('2026-11-27T09:30:00.000Z');
  });

  it('starts weeks on Monday and months on the 1st, at local midnight', () => {
    expect(periodStart(new Date('2026-03-31T12:00:00Z'), 'Europe/London', 'week').toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(periodStart(new Date('2026-11-30T02:00:00Z'), 'America/New_York', 'week').toISOString()).toBe('2026-11-23T05:00:00.000Z');
    expect(periodStart(new Date('2026-04-15T12:00:00Z'), 'America/New_York', 'month').toISOString()).toBe('2026-04-01T04:00:00.000Z');
  });
});

describe('what the scheduler finds due', () => {
  const channel = { platform: 'slack', channelId: 'C1' };

  it('is today\'s post once its time has come, in the channel\'s zone, and only once', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T09:29:00Z'));
    const { quiz } = await testQuiz({ clock });
    await quiz.saveSchedule(channel, schedule('09:30 Europe/London weekdays'), 'test');
    expect(await quiz.due()).toEqual([]);
    clock.set('2026-11-30T09:30:00Z');
    const [due] = await quiz.due();
    expect(due?.occurrence.toISOString()).toBe('2026-11-30T09:30:00.000Z');
    expect(await quiz.claimScheduled(due!.channel, due!.occurrence)).toBe(true);
    expect(await quiz.due()).toEqual([]);
    // A second process, or a restart, trying the same slot: refused by the store.
    expect(await quiz.claimScheduled(due!.channel, due!.occurrence)).toBe(false);
  });

  it('makes a post missed while the bot was down once, if still within the day\'s window', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T08:00:00Z'));
    const { quiz, store } = await testQuiz({ clock });
    const { scheduler, posted } = testScheduler(quiz, { clock });
    await quiz.saveSchedule(channel, schedule('09:30 Europe/London weekdays'), 'test');
    clock.set('2026-11-30T15:10:00Z'); // down from before 09:30 until mid-afternoon
    expect((await quiz.due()).map((d) => d.occurrence.toISOString())).toEqual(['2026-11-30T09:30:00.000Z']);
    await scheduler.tick();
    await scheduler.tick();
    expect(posted.map((p) => p.reply.title)).toEqual(['Docker quiz']);
    expect(await store.posts(channel)).toHaveLength(1);
    expect((await store.posts(channel))[0]!.closesAt).toBe(Date.parse('2026-12-01T09:30:00Z'));
  });

  it('does not make yesterday\'s missed post today', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T08:00:00Z'));
    const { quiz } = await testQuiz({ clock });
    await quiz.saveSchedule(channel, schedule('23:30 Europe/London daily'), 'test');
    clock.set('2026-12-01T08:00:00Z');
    expect(await quiz.due()).toEqual([]);
  });

  it('uses a configured answer window instead of "until the next post"', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T09:30:00Z'));
    const { quiz, store } = await testQuiz({ clock, deps: { windowMinutes: 60 } });
    await quiz.saveSchedule(channel, schedule('09:30 UTC daily'), 'test');
    await quiz.claimScheduled(channel, (await quiz.due())[0]!.occurrence);
    expect((await store.posts(channel))[0]!.closesAt).toBe(Date.parse('2026-11-30T10:30:00Z'));
    clock.set('2026-11-30T11:00:00Z');
    expect(await quiz.due()).toEqual([]);
  });
});
