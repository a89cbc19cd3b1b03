import { Cron } from 'croner';

/**
 * When a channel's daily quiz is posted: a time of day, an IANA time zone and
 * days of the week. Occurrences are worked out with croner (time zones and
 * DST included) from a clock passed in; nothing here sets a timer.
 */
export interface Schedule {
  /** "HH:MM", 24-hour, in `zone`. */
  readonly time: string;
  /** IANA zone, e.g. Europe/London. */
  readonly zone: string;
  /** 0 = Sunday … 6 = Saturday, ascending. */
  readonly days: readonly number[];
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_SETS: Readonly<Record<string, readonly number[]>> = {
  daily: [0, 1, 2, 3, 4, 5, 6],
  everyday: [0, 1, 2, 3, 4, 5, 6],
  weekdays: [1, 2, 3, 4, 5],
  weekends: [0, 6],
};

export type ParsedSchedule = { readonly schedule: Schedule } | { readonly error: string };

/** "09:30 Europe/London weekdays", "9:00 UTC daily", "17:15 America/New_York mon,wed,fri". */
export function parseSchedule(text: string): ParsedSchedule {
  const [time = '', zone = '', days = 'weekdays', ...extra] = text.trim().split(/\s+/);
  const usage = 'Use `/docker quiz schedule HH:MM Zone/City [weekdays|daily|weekends|mon,wed,fri]`, e.g. `09:30 Europe/London weekdays`.';
  if (extra.length > 0 || time === '') return { error: usage };
  const clock = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!clock) return { error: `"${time}" is not a time of day. ${usage}` };
  if (!isTimeZone(zone)) return { error: `"${zone}" is not an IANA time zone (like Europe/London or America/New_York). ${usage}` };
  const parsedDays = parseDays(days);
  if (!parsedDays) return { error: `"${days}" is not a set of days. ${usage}` };
  return { schedule: { time: `${clock[1]!.padStart(2, '0')}:${clock[2]}`, zone, days: parsedDays } };
}

function parseDays(text: string): number[] | null {
  const named = DAY_SETS[text.toLowerCase()];
  if (named) return [...named];
  const days = text.toLowerCase().split(',').map((d) => DAY_NAMES.indexOf(d.slice(0, 3)));
  if (days.length === 0 || days.some((d) => d < 0)) return null;
  return [...new Set(days)].sort((a, b) => a - b);
}

export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function describeSchedule(schedule: Schedule): string {
  const days = Object.entries(DAY_SETS).find(([, set]) => set.join() === schedule.days.join())?.[0] ?? schedule.days.map((d) => DAY_NAMES[d]).join(', ');
  return `${schedule.time} ${schedule.zone}, ${days}`;
}

/** The schedule as a cron pattern, to be read in `schedule.zone`. */
export function cronPattern(schedule: Schedule): string {
  const [hour, minute] = schedule.time.split(':').map(Number);
  return `${minute} ${hour} * * ${schedule.days.join(',')}`;
}

function cron(schedule: Schedule): Cron {
  return new Cron(cronPattern(schedule), { timezone: schedule.zone, paused: true });
}

/** The first post time strictly after `after`. */
export function nextOccurrence(schedule: Schedule, after: Date): Date {
  const job = cron(schedule);
  try {
    const next = job.nextRun(after);
    if (!next) throw new Error('schedule never runs');
    return next;
  } finally {
    job.stop();
  }
}

/** The latest post time at or before `at`, within the past week; null if none. */
export function lastOccurrence(schedule: Schedule, at: Date): Date | null {
  const job = cron(schedule);
  try {
    let candidate = job.nextRun(new Date(at.getTime() - 8 * 24 * 60 * 60 * 1000));
    let last: Date | null = null;
    while (candidate && candidate.getTime() <= at.getTime()) {
      last = candidate;
      candidate = job.nextRun(candidate);
    }
    return last;
  } finally {
    job.stop();
  }
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Midnight at the start of the week (Monday) or month that contains `at`, in a zone, as an instant. */
export function periodStart(at: Date, zone: string, period: 'week' | 'month'): Date {
  const [year, month, day] = localDate(at, zone).split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const back = period === 'month' ? day - 1 : (weekday + 6) % 7;
  const target = new Date(Date.UTC(year, month - 1, day - back));
  return zonedMidnight(target.getUTCFullYear(), target.getUTCMonth(), target.getUTCDate(), zone);
}

/** The instant of 00:00 on a calendar date in a zone (DST-aware: the offset is read for that day). */
function zonedMidnight(year: number, month: number, day: number, zone: string): Date {
  const guess = Date.UTC(year, month, day);
  const offset = offsetMinutes(new Date(guess), zone);
  const first = guess - offset * 60_000;
  // If the offset differs at the first estimate (a DST change that day), correct once.
  return new Date(guess - offsetMinutes(new Date(first), zone) * 60_000);
}

function offsetMinutes(at: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}
