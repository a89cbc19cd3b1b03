import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../adapters/sqlite/database.js';
import { SqliteQuizStore } from '../../adapters/sqlite/sqlite-quiz-store.js';
import { decodeAction } from '../../src/actions.js';
import { parseSchedule, type Schedule } from '../../src/quiz/schedule.js';
import type { Reply } from '../../src/reply.js';
import { FIXTURES, ROOT, testChat, textOf } from '../support/notes.js';
import { TestClock, testQuiz, testScheduler } from '../support/quiz.js';
import { runCli } from '../support/run-cli.js';
import { recordingLogger, startSlackHttp } from '../support/wire/slack-harness.js';
import { buttonPress, postToSlackEndpoint, slashCommand } from '../support/wire/slack-fakes.js';
import { freePort } from '../support/wire/bot-process.js';

const schedule = (text: string): Schedule => (parseSchedule(text) as { schedule: Schedule }).schedule;
const postIdOf = (reply: Reply): string => (decodeAction(reply.buttons[0]!.action) as { postId: string }).postId;
const ada = { id: 'U1', name: 'ada', isAdmin: false };

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
async function tempDb(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-quiz-state-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return path.join(dir, 'wharfie.db');
}

describe('the daily question keeps its window', () => {
  it('GIVEN an open daily question, WHEN someone runs /docker quiz, THEN the daily one stays open and only daily questions count for streaks', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T09:00:00Z'));
    const { quiz, store } = await testQuiz({ clock });
    const channel = { platform: 'terminal', channelId: 'C1' };
    const { scheduler, posted } = testScheduler(quiz, { clock, platform: 'terminal' });
    const chat = await testChat({ quiz, now: clock.now });
    await quiz.saveSchedule(channel, schedule('09:00 UTC daily'), 'test');
    await scheduler.tick();
    const daily = posted.at(-1)!.reply;
    expect(textOf(daily)).not.toContain('Practice');
    const dailyPost = (await store.post(postIdOf(daily)))!;
    const right = dailyPost.question.choices.indexOf(dailyPost.question.answer);
    expect(textOf((await chat.press(daily.buttons[right]!.action))[0]!)).toContain('✅ Right');

    clock.advance(1);
    const onDemand = await chat.say('/docker quiz');
    expect(onDemand.map((r) => r.title)).toEqual(['Docker quiz']);
    expect(textOf(onDemand[0]!)).toContain('Practice question: it does not count for streaks. Today’s daily question is still open above.');
    // Still open: a colleague can answer the daily question, and nothing is revealed.
    const bob = await quiz.answer(dailyPost.id, 'terminal', { id: 'U2', isAdmin: false }, right);
    expect(textOf(bob[0]!)).toContain('✅ Right');
    await scheduler.tick();
    expect(posted).toHaveLength(1);
    expect((await store.post(dailyPost.id))!.closedAt).toBeNull();

    // Ada never answers the practice question; the next day's daily question keeps her streak going.
    clock.set('2026-12-01T09:00:00Z');
    await scheduler.tick();
    expect(posted.map((p) => p.reply.title)).toEqual(['Docker quiz', 'Quiz answer', 'Quiz answer', 'Docker quiz']);
    const next = posted.at(-1)!.reply;
    const nextPost = (await store.post(postIdOf(next)))!;
    await chat.press(next.buttons[nextPost.question.choices.indexOf(nextPost.question.answer)]!.action);
    expect(textOf((await chat.say('/docker quiz me'))[0]!)).toContain('Streak: **2** in a row.');
  });

  it('GIVEN a platform that refuses the daily post 3 times, THEN it is retried with backoff, recorded once, and streaks stay intact; a slot never posted breaks nobody\'s streak', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T08:00:00Z'));
    const { quiz, store } = await testQuiz({ clock, deps: { windowMinutes: 60 } });
    const slack = await startSlackHttp({ quiz });
    cleanups.push(() => slack.stop());
    const log = recordingLogger();
    const { scheduler } = testScheduler(quiz, { clock, log, poster: (channel, reply) => slack.adapter.post(channel, reply), delaysMs: [60_000, 120_000, 240_000] });
    const channel = { platform: 'slack', channelId: 'C42' };
    await quiz.saveSchedule(channel, schedule('09:00 UTC daily'), 'test');
    // Every attempt reaches the fake Slack API, refused or accepted.
    const questionAttempts = () => slack.api.calls('chat.postMessage').filter((c) => c.form.text?.startsWith('Docker quiz')).length;
    const playDay = async (day: string, answer: boolean): Promise<void> => {
      clock.set(`${day}T09:00:00Z`);
      await scheduler.tick();
      const post = (await store.posts(channel)).at(-1)!;
      if (answer && post.confirmedAt !== null) await quiz.answer(post.id, 'slack', ada, post.question.choices.indexOf(post.question.answer));
      clock.set(`${day}T10:01:00Z`);
      await scheduler.tick(); // the reveal
    };
    const streak = async () => textOf(await quiz.me(channel, 'slack', ada));

    await playDay('2026-12-01', true);
    await playDay('2026-12-02', true);
    expect(await streak()).toContain('Streak: **2** in a row.');

    for (let i = 0; i < 3; i += 1) slack.api.failNext('chat.postMessage', { status: 500, body: 'upstream hiccup' });
    await playDay('2026-12-03', true);
    const third = (await store.posts(channel)).filter((p) => p.slot === '2026-12-03T09:00:00.000Z');
    expect(third).toHaveLength(1);
    expect(third[0]!.confirmedAt).not.toBeNull();
    expect(questionAttempts()).toBe(2 + 3 + 1);
    expect(log.lines.filter((l) => l.message === 'quiz question not posted; retrying').map((l) => (l.fields as { retryInMs: number }).retryInMs)).toEqual([60_000, 120_000, 240_000]);
    expect(await streak()).toContain('Streak: **3** in a row.');

    // A day the platform refuses every attempt: given up, logged, and nobody's streak breaks.
    for (let i = 0; i < 4; i += 1) slack.api.failNext('chat.postMessage', { status: 500, body: 'down' });
    await playDay('2026-12-04', true);
    const lost = (await store.posts(channel)).find((p) => p.slot === '2026-12-04T09:00:00.000Z')!;
    expect(lost).toMatchObject({ confirmedAt: null, abandonedAt: expect.any(Number) });
    expect(log.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(['quiz question could not be posted; given up, it counts for nobody']);
    await playDay('2026-12-05', true);
    expect(await streak()).toContain('Streak: **4** in a row.');
    expect(questionAttempts()).toBe(2 + 4 + 4 + 1);
  });

  it('lets one transaction decide between a reveal and a late answer, across two connections to the file', async () => {
    const file = await tempDb();
    const clock = new TestClock(Date.parse('2026-11-30T09:00:00Z'));
    const bot = await testQuiz({ file, clock });
    const revealer = await testQuiz({ file, clock });
    cleanups.push(() => bot.db.close(), () => revealer.db.close());
    const [question] = await bot.quiz.postNow({ platform: 'slack', channelId: 'C1' });
    const post = (await bot.store.post(postIdOf(question!)))!;
    const right = post.question.choices.indexOf(post.question.answer);
    expect(textOf((await bot.quiz.answer(post.id, 'slack', ada, right))[0]!)).toContain('✅ Right');

    // The other process freezes the answers for its reveal: the answer in it is counted...
    const frozen = await revealer.store.closeAnswers(post.id, clock.now().getTime());
    expect(frozen.map((a) => a.userId)).toEqual(['slack:U1']);
    // ...and an answer given a moment before the window ended, arriving after the freeze, is refused.
    const late = { postId: post.id, userId: 'slack:U2', userName: 'bob', choice: right, correct: true, answeredAt: clock.now().getTime() };
    expect(await bot.store.recordAnswer(late)).toBe('closed');
    expect(textOf((await bot.quiz.answer(post.id, 'slack', { id: 'U3', isAdmin: false }, right))[0]!)).toMatch(/has closed/);
    expect(await bot.store.answers(post.id)).toHaveLength(1);
  });
});

/** Starts the fixture that holds the SQLite write lock; resolves once it holds it. */
async function holdWriteLock(file: string): Promise<{ release(): Promise<void> }> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [path.join(FIXTURES, 'hold-write-lock.mjs'), file], { cwd: ROOT });
  let out = '';
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (out.includes(word) ? resolve() : undefined);
      child.stdout.on('data', (d: Buffer) => ((out += d.toString()), check()));
      child.once('exit', (code) => (out.includes(word) ? resolve() : reject(new Error(`lock holder exited ${code} before "${word}"`))));
      check();
    });
  cleanups.push(() => child.kill('SIGKILL'));
  await said('locked');
  return {
    release: async () => {
      child.stdin.write('release\n');
      await said('released');
    },
  };
}

describe('a database held by another process', () => {
  async function quizOverSlack(busyBudgetMs: number) {
    const file = await tempDb();
    const { quiz, store, db } = await testQuiz({ file, store: { busyBudgetMs } });
    const slack = await startSlackHttp({ quiz });
    cleanups.push(() => db.close(), () => slack.stop());
    await postToSlackEndpoint(slack.eventsUrl, slashCommand('quiz', `${slack.responses.url}/respond/post`));
    const posted = (await slack.responses.waitFor((r) => r.path === '/respond/post')).json as { blocks: { type: string; elements?: { value?: string }[] }[] };
    const values = posted.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => e.value!));
    const post = (await store.posts({ platform: 'slack', channelId: 'C1' }))[0]!;
    const press = (path: string) =>
      postToSlackEndpoint(slack.eventsUrl, { payload: JSON.stringify(buttonPress(values[post.question.choices.indexOf(post.question.answer)]!, `${slack.responses.url}${path}`)) });
    return { file, store, slack, post, press, db };
  }

  it('GIVEN another process holds the write lock WHEN a quiz button is pressed THEN the bot keeps answering others and the answer lands once the lock is let go', async () => {
    const { file, store, slack, post, press, db } = await quizOverSlack(60_000);
    // Each try may stall the event loop only this long (it was 5 s, which froze the bot).
    expect(db.pragma('busy_timeout', { simple: true })).toBeLessThanOrEqual(100);
    const lock = await holdWriteLock(file);
    expect((await press('/respond/answer')).status).toBe(200);
    await postToSlackEndpoint(slack.eventsUrl, slashCommand('how do volumes work', `${slack.responses.url}/respond/ask`));
    const ask = await slack.responses.waitFor((r) => r.path === '/respond/ask');
    expect(JSON.stringify(ask.json)).toContain('olume');
    // The answer waits for the lock without blocking the event loop, and has not failed.
    expect(slack.responses.requests.filter((r) => r.path === '/respond/answer')).toEqual([]);
    expect(await store.answers(post.id)).toEqual([]);
    await lock.release();
    const answered = await slack.responses.waitFor((r) => r.path === '/respond/answer', 10_000);
    expect(JSON.stringify(answered.json)).toContain('Right');
    expect((await store.answers(post.id)).map((a) => a.userId)).toEqual(['slack:U1']);
  });

  it('GIVEN the lock outlasts what a person should wait THEN the answer is kept, the user is told, and it is written when the lock is let go', async () => {
    const { file, store, slack, post, press } = await quizOverSlack(0);
    const lock = await holdWriteLock(file);
    await press('/respond/answer');
    const told = await slack.responses.waitFor((r) => r.path === '/respond/answer');
    expect(JSON.stringify(told.json)).toContain('your answer is kept and will be counted as soon as it is free');
    expect(await store.answers(post.id)).toEqual([]);
    await lock.release();
    const deadline = Date.now() + 10_000;
    while ((await store.answers(post.id)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect((await store.answers(post.id)).map((a) => a.userId)).toEqual(['slack:U1']);
    // Pressed again after it landed: still one answer each.
    await press('/respond/again');
    expect(JSON.stringify((await slack.responses.waitFor((r) => r.path === '/respond/again')).json)).toContain('already answered');
  });
});

describe('a quiz store that fails', () => {
  it('GIVEN the database breaks at runtime THEN quiz commands say the quiz is unavailable, answers still work, and the store says what is down', async () => {
    const file = await tempDb();
    const { quiz, store, db } = await testQuiz({ file, store: { file } });
    const chat = await testChat({ quiz });
    const [question] = await chat.say('/docker quiz');
    db.close();
    expect(textOf((await chat.say('/docker quiz'))[0]!)).toMatch(/The quiz is unavailable right now: .*WHARFIE_DB/);
    expect(textOf((await chat.press(question!.buttons[0]!.action))[0]!)).toMatch(/The quiz is unavailable right now/);
    expect(textOf((await chat.say('how do volumes work'))[0]!)).toMatch(/olume/);
    const health = await store.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toContain(file);
    expect(health.detail).toContain('(WHARFIE_DB)');
  });

  it('GIVEN WHARFIE_DB cannot be opened THEN the bot starts, answers, says the quiz is unavailable, and /readyz names the file and the variable', async () => {
    // A file SQLite cannot open (not a database). A WHARFIE_DB that is a folder, or in a folder
    // that does not exist, is a settings mistake instead: exit 2 (test/app/settings.test.ts).
    const dir = await tempDb();
    await writeFile(dir, 'this is not an SQLite database, it only has the name of one\n'.repeat(100));
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wharfie.js'), 'start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', PORT: String(port), WHARFIE_HTTP: 'on', WHARFIE_TERMINAL: 'on', WHARFIE_SANDBOX: 'off', WHARFIE_DB: dir, WHARFIE_ENV_FILE: 'off' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    cleanups.push(() => child.kill('SIGKILL'));
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let ready: Response | undefined;
    // A cold start on a busy 2-core machine was seen to take over 10 s.
    for (const deadline = Date.now() + 60_000; !ready && Date.now() < deadline; ) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready?.status).toBe(200);
    const body = (await ready!.json()) as { status: string; checks: Record<string, boolean>; down: Record<string, string> };
    expect(body).toMatchObject({ status: 'degraded', checks: { knowledge: true, quiz: false } });
    expect(body.down.quiz).toContain(dir);
    expect(body.down.quiz).toContain('(WHARFIE_DB)');
    expect(stderr).toContain('WHARFIE_DB');
    const exited = once(child, 'exit');
    child.stdin.end('how do volumes work\n/docker quiz\n');
    await exited;
    expect(stdout).toMatch(/olume/);
    expect(stdout).toContain('The quiz is unavailable right now');
  }, 90_000);
});

describe('schedules from configuration', () => {
  it('GIVEN WHARFIE_QUIZ_SCHEDULES seeded a schedule WHEN an admin stops it and the bot restarts THEN it stays stopped; editing the configured entry seeds it again', async () => {
    const file = await tempDb();
    const env = { WHARFIE_DB: file, WHARFIE_TERMINAL: 'on', WHARFIE_HTTP: 'off', WHARFIE_SANDBOX: 'off', WHARFIE_QUIZ_SCHEDULES: 'slack:C0DAILY 09:30 Europe/London weekdays' };
    const scheduled = async () => {
      const db = openDatabase(file);
      try {
        return await new SqliteQuizStore(db).schedule({ platform: 'slack', channelId: 'C0DAILY' });
      } finally {
        db.close();
      }
    };
    expect((await runCli(['start'], { env, timeoutMs: 45_000 })).code).toBe(0);
    expect(await scheduled()).toMatchObject({ time: '09:30', zone: 'Europe/London', updatedBy: 'config' });

    const db = openDatabase(file);
    const admin = await testQuiz({ db });
    const stopped = await admin.quiz.stop({ platform: 'slack', channelId: 'C0DAILY' }, 'slack', { id: 'UADMIN', isAdmin: true });
    expect(textOf(stopped)).toContain('stopped');
    db.close();

    expect((await runCli(['start'], { env, timeoutMs: 45_000 })).code).toBe(0);
    expect(await scheduled()).toBeNull();

    const edited = { ...env, WHARFIE_QUIZ_SCHEDULES: 'slack:C0DAILY 10:00 Europe/London weekdays' };
    expect((await runCli(['start'], { env: edited, timeoutMs: 45_000 })).code).toBe(0);
    expect(await scheduled()).toMatchObject({ time: '10:00' });
  }, 150_000);
});

