import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAction } from '../../src/actions.js';
import type { Reply } from '../../src/reply.js';
import { parseSchedule, type Schedule } from '../../src/quiz/schedule.js';
import { testChat, textOf } from '../support/notes.js';
import { TestClock, testQuiz, testScheduler } from '../support/quiz.js';

const channel = { platform: 'slack', channelId: 'C1' };
const ada = { id: 'U1', name: 'ada', isAdmin: false };
const bob = { id: 'U2', name: 'bob', isAdmin: false };
const schedule = (text: string): Schedule => (parseSchedule(text) as { schedule: Schedule }).schedule;
const answerButtons = (reply: Reply) => reply.buttons.map((b) => decodeAction(b.action)).filter((a) => a?.type === 'quiz-answer');

describe('the quiz, on the real SQLite store', () => {
  it('posts a question for the channel with one button per choice and no hint of the answer', async () => {
    const { quiz } = await testQuiz();
    const [post] = await quiz.postNow(channel);
    expect(post).toMatchObject({ kind: 'quiz', visibility: 'channel', delivery: 'channel' });
    expect(post!.buttons.map((b) => b.label)).toEqual(['A', 'B', 'C', 'D']);
    expect(answerButtons(post!)).toHaveLength(4);
    expect(textOf(post!)).not.toContain('Day ');
  });

  it('gives private feedback with the explanation and a link to the note, and takes one answer per user', async () => {
    const { quiz, store } = await testQuiz();
    const [post] = await quiz.postNow(channel);
    const postId = (answerButtons(post!)[0] as { postId: string }).postId;
    const question = (await store.post(postId))!.question;
    const right = question.choices.indexOf(question.answer);
    const [feedback] = await quiz.answer(postId, 'slack', ada, right);
    expect(feedback).toMatchObject({ visibility: 'private', delivery: 'respond' });
    expect(textOf(feedback!)).toContain('✅ Right');
    expect(textOf(feedback!)).toContain(question.explanation);
    // The note's trail once, in the line that names the note; not again at the end of the explanation.
    expect(textOf(feedback!).split(question.trail.join(' › ')).length - 1).toBe(1);
    const [again] = await quiz.answer(postId, 'slack', ada, (right + 1) % 4);
    expect(textOf(again!)).toMatch(/already answered/);
    expect(await store.answers(postId)).toHaveLength(1);
    const [wrong] = await quiz.answer(postId, 'slack', bob, (right + 1) % 4);
    expect(textOf(wrong!)).toMatch(/❌ Not quite/);
  });

  it('reveals the answer in the channel after the window, with how many answered and got it right', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T09:00:00Z'));
    const { quiz, store } = await testQuiz({ clock });
    const { scheduler, posted } = testScheduler(quiz, { clock });
    const [post] = await quiz.postNow(channel);
    const postId = (answerButtons(post!)[0] as { postId: string }).postId;
    const q = (await store.post(postId))!.question;
    await quiz.answer(postId, 'slack', ada, q.choices.indexOf(q.answer));
    await quiz.answer(postId, 'slack', bob, (q.choices.indexOf(q.answer) + 1) % 4);
    await scheduler.tick();
    expect(posted).toEqual([]);
    clock.advance(24 * 60 + 1);
    await scheduler.tick();
    const [reveal] = posted;
    expect(reveal!.channelId).toBe(channel.channelId);
    expect(reveal!.reply).toMatchObject({ visibility: 'channel', delivery: 'channel' });
    expect(textOf(reveal!.reply)).toContain(`The answer was **${'ABCD'[q.choices.indexOf(q.answer)]}** ${q.answer}`);
    expect(textOf(reveal!.reply)).toContain('2 answered, 1 got it right.');
    await scheduler.tick();
    expect(posted).toHaveLength(1);
    expect(textOf((await quiz.answer(postId, 'slack', { id: 'U3', isAdmin: false }, 0))[0]!)).toMatch(/has closed/);
  });

  it('closes and reveals the last practice question when the next one is asked for', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T09:00:00Z'));
    const { quiz } = await testQuiz({ clock });
    await quiz.postNow(channel);
    clock.advance(11);
    const replies = await quiz.postNow(channel);
    expect(replies.map((r) => r.title)).toEqual(['Quiz answer', 'Docker quiz']);
    expect(textOf(replies[1]!)).toContain('Practice question: it does not count for streaks.');
  });

  it('limits questions on demand per channel', async () => {
    const { quiz, store } = await testQuiz();
    await quiz.postNow(channel);
    expect(textOf((await quiz.postNow(channel))[0]!)).toMatch(/a new one can be asked for in 10 min/);
    expect(await store.posts(channel)).toHaveLength(1);
    expect((await quiz.postNow({ platform: 'slack', channelId: 'C2' }))[0]!.kind).toBe('quiz');
  });

  it('shows the open question again to whoever asks for a quiz within the cooldown, until they answer it', async () => {
    const { quiz } = await testQuiz();
    const [post] = await quiz.postNow(channel, { platform: 'slack', user: ada });
    const [again] = await quiz.postNow(channel, { platform: 'slack', user: bob });
    expect(again).toMatchObject({ kind: 'quiz', visibility: 'private', delivery: 'respond' });
    expect(again!.buttons).toEqual(post!.buttons);
    expect(textOf(again!)).toContain('still open');
    const { postId } = answerButtons(post!)[0] as { postId: string };
    await quiz.answer(postId, 'slack', bob, 0);
    expect(textOf((await quiz.postNow(channel, { platform: 'slack', user: bob }))[0]!)).toMatch(/You have answered the open quiz question; the next can be asked for in 10 min/);
  });

  it('never repeats a question in a channel until the whole bank has been asked', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T09:00:00Z'));
    const { quiz, store, bank } = await testQuiz({ clock });
    const seen: string[] = [];
    for (let i = 0; i < bank.questions.length + 3; i += 1) {
      clock.advance(11);
      await quiz.postNow(channel);
      seen.push((await store.posts(channel)).at(-1)!.question.id);
    }
    const firstRound = seen.slice(0, bank.questions.length);
    expect(new Set(firstRound).size).toBe(bank.questions.length);
    expect(seen.slice(bank.questions.length)).toEqual(firstRound.slice(0, 3));
  });

  it('keeps streaks over the daily questions: right answers in a row, broken by a wrong answer or a missed question', async () => {
    const clock = new TestClock(Date.parse('2026-11-23T09:00:00Z'));
    const { quiz, store } = await testQuiz({ clock, deps: { windowMinutes: 60 } });
    const { scheduler, posted } = testScheduler(quiz, { clock });
    await quiz.saveSchedule(channel, schedule('09:00 UTC daily'), 'test');
    const play = async (who: typeof ada, right: boolean | null): Promise<void> => {
      clock.advance(24 * 60);
      await scheduler.tick();
      const post = posted.at(-1)!.reply;
      const postId = (answerButtons(post)[0] as { postId: string }).postId;
      const q = (await store.post(postId))!.question;
      if (right !== null) await quiz.answer(postId, 'slack', who, right ? q.choices.indexOf(q.answer) : (q.choices.indexOf(q.answer) + 1) % 4);
    };
    await play(ada, true);
    await play(ada, true);
    await play(ada, false);
    await play(ada, true);
    await play(ada, true);
    await play(ada, true);
    expect(textOf(await quiz.me(channel, 'slack', ada))).toContain('Streak: **3** in a row.');
    await play(ada, null); // missed
    clock.advance(61);
    expect(textOf(await quiz.me(channel, 'slack', ada))).toMatch(/Streak: \*\*0\*\* in a row \(best 3\)/);
    expect(textOf(await quiz.me(channel, 'slack', ada))).toContain('**5** right of 6 answered');
  });

  it('ranks the leaderboard by right answers for the week, the month or all time', async () => {
    const clock = new TestClock(Date.parse('2026-11-20T09:00:00Z'));
    const { quiz, store } = await testQuiz({ clock });
    const answerAll = async (who: typeof ada, rightOrWrong: boolean): Promise<void> => {
      const post = (await store.posts(channel)).at(-1)!;
      await quiz.answer(post.id, 'slack', who, rightOrWrong ? post.question.choices.indexOf(post.question.answer) : (post.question.choices.indexOf(post.question.answer) + 1) % 4);
    };
    await quiz.postNow(channel);
    await answerAll(bob, true); // last week
    clock.set('2026-11-30T09:00:00Z');
    await quiz.postNow(channel);
    await answerAll(ada, true);
    await answerAll(bob, false);
    const week = await quiz.leaderboard(channel, 'week');
    expect(week.blocks[0]).toEqual({ kind: 'fields', fields: [{ label: '1. ada', value: '1 right (1 answered)' }, { label: '2. bob', value: '0 right (1 answered)' }] });
    const all = await quiz.leaderboard(channel, 'all');
    // A tie on right answers goes to fewer attempts.
    expect(all.blocks[0]).toMatchObject({ fields: [{ label: '1. ada', value: '1 right (1 answered)' }, { label: '2. bob', value: '1 right (2 answered)' }] });
    expect(week.title).toBe('Quiz leaderboard, this week');
  });

  it('loses nothing across a restart: the open question, every answer and the one-answer rule', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-quiz-'));
    const file = path.join(dir, 'wharfie.db');
    try {
      const clock = new TestClock(Date.parse('2026-11-30T09:00:00Z'));
      const first = await testQuiz({ file, clock });
      await first.quiz.saveSchedule(channel, schedule('09:30 Europe/London weekdays'), 'test');
      const [post] = await first.quiz.postNow(channel);
      const postId = (answerButtons(post!)[0] as { postId: string }).postId;
      await first.quiz.answer(postId, 'slack', ada, 0);
      first.db.close();

      const second = await testQuiz({ file, clock });
      expect(await second.store.schedule(channel)).toMatchObject({ time: '09:30', zone: 'Europe/London' });
      expect(await second.store.answers(postId)).toHaveLength(1);
      expect(textOf((await second.quiz.answer(postId, 'slack', ada, 1))[0]!)).toMatch(/already answered/);
      expect(textOf((await second.quiz.answer(postId, 'slack', bob, 1))[0]!)).toMatch(/Right|Not quite/);
      second.db.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('/docker quiz through the bot', () => {
  it('posts, answers by button, and shows scores', async () => {
    const { quiz } = await testQuiz();
    const chat = await testChat({ quiz });
    const [post] = await chat.say('/docker quiz');
    expect(post?.title).toBe('Docker quiz');
    const [feedback] = await chat.press(post!.buttons[0]!.action);
    expect(textOf(feedback!)).toMatch(/Right|Not quite/);
    expect(textOf((await chat.say('/docker quiz me'))[0]!)).toContain('of 1 answered');
    expect((await chat.say('/docker quiz leaderboard month'))[0]!.title).toBe('Quiz leaderboard, this month');
  });

  it('lets only admins schedule or stop the quiz', async () => {
    const { quiz, store } = await testQuiz();
    const chat = await testChat({ quiz });
    expect(textOf((await chat.say('/docker quiz schedule 09:30 Europe/London weekdays'))[0]!)).toMatch(/Only admins/);
    const admin = await testChat({ quiz });
    const asAdmin = admin.bot.handleCommand({
      platform: 'slack',
      user: { id: 'U9', isAdmin: async () => true },
      channel: { id: 'C7', kind: 'channel' },
      text: '/docker quiz schedule 09:30 Europe/London weekdays',
    });
    expect(textOf((await asAdmin)[0]!)).toMatch(/09:30 Europe\/London, weekdays/);
    expect(await store.schedule({ platform: 'slack', channelId: 'C7' })).toMatchObject({ zone: 'Europe/London' });
    const stop = await admin.bot.handleCommand({ platform: 'slack', user: { id: 'U9', isAdmin: true }, channel: { id: 'C7', kind: 'channel' }, text: 'quiz stop' });
    expect(textOf(stop[0]!)).toMatch(/stopped/);
    expect(await store.schedule({ platform: 'slack', channelId: 'C7' })).toBeNull();
  });
});
