import { describe, expect, it } from 'vitest';
import type { Stores } from '../../adapters/app/open-stores.js';
import { PendingWorkSweeper } from '../../adapters/app/pending-work-sweeper.js';
import { DIGEST_WORK, UsageMaintenance } from '../../adapters/usage/usage-maintenance.js';
import { loadConfig } from '../../src/config.js';
import { DELIVERY_TAKE_LEASE_MS } from '../../src/delivery-log.js';
import { silentLogger } from '../../src/logger.js';
import { UsageLog } from '../../src/usage/usage-log.js';
import { decodeAction } from '../../src/actions.js';
import type { QuizPost } from '../../src/quiz/quiz-store.js';
import { parseSchedule, type Schedule } from '../../src/quiz/schedule.js';
import type { Reply } from '../../src/reply.js';
import { notesKnowledge, textOf } from '../support/notes.js';
import { TestClock, notesQuestionBank, testQuiz, testScheduler } from '../support/quiz.js';

/**
 * What every state store must do, run over SQLite and over PostgreSQL by
 * their own test files. `open` gives a fresh, empty database; `openAnother`
 * a second handle on the same one (another replica, another process).
 */
export interface StoreUnderTest {
  open(): Promise<{ stores: Stores; openAnother(): Promise<Stores> }>;
}

const schedule = (text: string): Schedule => (parseSchedule(text) as { schedule: Schedule }).schedule;
const postIdOf = (reply: Reply): string => (decodeAction(reply.buttons[0]!.action) as { postId: string }).postId;
const channel = { platform: 'slack', channelId: 'C1' };
const T0 = Date.parse('2026-11-30T09:00:00Z');

async function aPost(over: Partial<QuizPost> = {}): Promise<QuizPost> {
  const question = (await notesQuestionBank()).questions[0]!;
  return {
    ...channel,
    id: `p${Math.random().toString(36).slice(2, 10)}`,
    question,
    postedAt: T0,
    closesAt: T0 + 86_400_000,
    slot: null,
    confirmedAt: T0,
    abandonedAt: null,
    closedAt: null,
    revealedAt: null,
    revealAbandonedAt: null,
    ...over,
  };
}

export function storeContract(name: string, under: StoreUnderTest): void {
  describe(`the ${name} state store`, () => {
    const withStores = (test: (stores: Stores, openAnother: () => Promise<Stores>) => Promise<void>) => async () => {
      const { stores, openAnother } = await under.open();
      const others: Stores[] = [];
      try {
        await test(stores, async () => {
          const other = await openAnother();
          others.push(other);
          return other;
        });
      } finally {
        for (const other of others) await other.close();
        await stores.close();
      }
    };

    it(
      'keeps schedules, and seeds a configured one only once so an admin’s change survives',
      withStores(async ({ quiz: store }) => {
        const saved = { ...channel, ...schedule('09:30 Europe/London weekdays'), updatedBy: 'config', updatedAt: T0 };
        expect(await store.seedSchedule(saved)).toBe(true);
        expect(await store.schedule(channel)).toEqual(saved);
        await store.saveSchedule({ ...saved, time: '10:00', updatedBy: 'U1', updatedAt: T0 + 1 });
        expect(await store.seedSchedule(saved)).toBe(false);
        expect((await store.schedule(channel))?.time).toBe('10:00');
        expect(await store.seedSchedule({ ...saved, time: '08:00' })).toBe(true);
        expect((await store.schedules()).map((s) => s.time)).toEqual(['08:00']);
        expect(await store.removeSchedule(channel)).toBe(true);
        expect(await store.removeSchedule(channel)).toBe(false);
        expect(await store.schedule(channel)).toBeNull();
      }),
    );

    it(
      'keeps posts as posted, one per scheduled slot, and confirms, leases and reveals each once',
      withStores(async ({ quiz: store }) => {
        const yesterday = await aPost({ slot: '2026-11-30T09:00:00.000Z', confirmedAt: null });
        expect(await store.createPost(yesterday)).toBe(true);
        expect(await store.createPost({ ...yesterday, id: 'another' })).toBe(false);
        expect((await store.undeliveredPosts()).map((p) => p.id)).toEqual([yesterday.id]);
        expect(await store.lease(yesterday.id, T0, T0 + 1000)).toBe(true);
        expect(await store.lease(yesterday.id, T0 + 999, T0 + 2000)).toBe(false);
        expect(await store.lease(yesterday.id, T0 + 1000, T0 + 2000)).toBe(true);
        await store.confirmPost(yesterday.id, T0 + 5);
        expect(await store.post(yesterday.id)).toEqual({ ...yesterday, confirmedAt: T0 + 5 });
        expect(await store.undeliveredPosts()).toEqual([]);

        // Today's confirmed question closes yesterday's, which is then due for its reveal.
        const today = await aPost({ slot: '2026-12-01T09:00:00.000Z', postedAt: T0 + 86_400_000, closesAt: T0 + 2 * 86_400_000, confirmedAt: null });
        expect(await store.createPost(today)).toBe(true);
        await store.confirmPost(today.id, T0 + 86_400_000);
        expect((await store.post(yesterday.id))?.closesAt).toBe(T0 + 86_400_000);
        expect((await store.postsToReveal(T0 + 86_400_000)).map((p) => p.id)).toEqual([yesterday.id]);
        await store.markRevealed(yesterday.id, T0 + 86_400_001);
        expect(await store.postsToReveal(T0 + 86_400_001)).toEqual([]);
        expect((await store.posts(channel)).map((p) => p.id)).toEqual([yesterday.id, today.id]);
        expect((await store.posts(channel, T0 + 1)).map((p) => p.id)).toEqual([today.id]);

        const lost = await aPost({ slot: '2026-12-02T09:00:00.000Z', confirmedAt: null, postedAt: T0 + 2 * 86_400_000 });
        await store.createPost(lost);
        await store.abandonPost(lost.id, T0 + 3);
        expect(await store.undeliveredPosts()).toEqual([]);
        await store.abandonReveal(today.id, T0 + 4);
        expect((await store.post(today.id))?.revealAbandonedAt).toBe(T0 + 4);
      }),
    );

    it(
      'takes one answer per user per post, and none once the reveal froze the answers',
      withStores(async ({ quiz: store }) => {
        const post = await aPost();
        await store.createPost(post);
        const answer = { postId: post.id, userId: 'slack:U1', userName: 'ada', choice: 2, correct: true, answeredAt: T0 + 10 };
        expect(await store.recordAnswer(answer)).toBe('recorded');
        expect(await store.recordAnswer({ ...answer, choice: 1, correct: false })).toBe('duplicate');
        expect(await store.answer(post.id, 'slack:U1')).toEqual(answer);
        expect(await store.recordAnswer({ ...answer, userId: 'slack:U2', answeredAt: post.closesAt })).toBe('closed');
        expect(await store.recordAnswer({ ...answer, postId: 'no-such-post' })).toBe('closed');
        expect(await store.closeAnswers(post.id, T0 + 20)).toEqual([answer]);
        expect(await store.recordAnswer({ ...answer, userId: 'slack:U3', answeredAt: T0 + 21 })).toBe('closed');
        expect(await store.recordAnswer({ ...answer, answeredAt: T0 + 21 })).toBe('closed');
        expect(await store.answers(post.id)).toEqual([answer]);
        expect(await store.channelAnswers(channel)).toEqual([answer]);
        expect(await store.channelAnswers({ ...channel, channelId: 'C2' })).toEqual([]);
      }),
    );

    it(
      'counts streaks over scheduled questions, with the quiz and the scheduler on top of it',
      withStores(async ({ quiz: store }) => {
        const clock = new TestClock(T0);
        const { quiz } = await testQuiz({ clock, deps: { store } });
        const { scheduler, posted } = testScheduler(quiz, { clock });
        await quiz.saveSchedule(channel, schedule('09:00 UTC daily'), 'test');
        for (const day of ['2026-11-30', '2026-12-01']) {
          clock.set(`${day}T09:00:00Z`);
          await scheduler.tick();
          const post = (await store.post(postIdOf(posted.at(-1)!.reply)))!;
          await quiz.answer(post.id, 'slack', { id: 'U1', isAdmin: false }, post.question.choices.indexOf(post.question.answer));
        }
        const score = textOf(await quiz.me(channel, 'slack', { id: 'U1', isAdmin: false }));
        expect(score).toContain('**2** right of 2 answered');
        expect(score).toContain('Streak: **2** in a row.');
      }),
    );

    it(
      'lets another process post a slot once the process that claimed it died before the platform confirmed it',
      withStores(async (a, openAnother) => {
        const b = await openAnother();
        const clock = new TestClock(T0);
        const first = await testQuiz({ clock, deps: { store: a.quiz } });
        const second = await testQuiz({ clock, deps: { store: b.quiz } });
        await first.quiz.saveSchedule(channel, schedule('09:00 UTC daily'), 'test');
        // The first process claims the slot and starts sending; its send never returns (it died).
        let claimed!: () => void;
        const sending = new Promise<void>((resolve) => (claimed = resolve));
        const dead = testScheduler(first.quiz, { clock, poster: () => (claimed(), new Promise(() => undefined)) });
        void dead.scheduler.tick();
        await sending;
        const alive = testScheduler(second.quiz, { clock });
        await alive.scheduler.tick();
        expect(alive.posted).toEqual([]);
        // The lease (an hour in testScheduler) runs out: the other process posts it, once.
        clock.advance(61);
        await alive.scheduler.tick();
        await alive.scheduler.tick();
        expect(alive.posted).toHaveLength(1);
        const [post] = await b.quiz.posts(channel);
        expect(post).toMatchObject({ slot: '2026-11-30T09:00:00.000Z', confirmedAt: T0 + 61 * 60_000 });
        expect(await b.quiz.posts(channel)).toHaveLength(1);
      }),
    );

    it(
      'keeps the question log and votes, reports quiz answers, and prunes by age',
      withStores(async ({ usage, hashUser }) => {
        const ask = {
          at: T0,
          platform: 'slack' as const,
          channelKind: 'channel' as const,
          userHash: hashUser('slack', 'U1'),
          question: 'how do volumes work',
          found: true,
          kind: 'ask' as const,
          sectionId: 's1',
          trail: ['Day 2', 'Volumes'],
          source: 'day-2.md',
          score: 0.5,
          from: 'notes' as const,
          pack: null,
        };
        await usage.recordAsk(ask);
        await usage.recordAsk({ ...ask, at: T0 + 1, found: false, kind: 'missing', sectionId: null, trail: null, source: null, score: null, from: null });
        const pick = { ...ask, at: T0 + 1, kind: 'reference-pick' as const, sectionId: 'r1', trail: ['run'], source: 'container_run.md', from: 'reference' as const, pack: 'docker-reference' };
        await usage.recordAsk(pick);
        const vote = { at: T0 + 2, platform: 'slack' as const, userHash: ask.userHash, sectionId: 's1', trail: ['Day 2', 'Volumes'], source: 'day-2.md', question: 'how do volumes work', vote: 'down' as const };
        await usage.recordVote(vote);
        expect(await usage.asks(0)).toEqual([ask, expect.objectContaining({ kind: 'missing', found: false, from: null }), pick]);
        expect(await usage.votes(0)).toEqual([vote]);
        expect(hashUser('slack', 'U1')).not.toContain('U1');
        expect(await usage.prune(T0 + 1)).toBe(1);
        expect((await usage.asks(0)).map((a) => a.kind)).toEqual(['missing', 'reference-pick']);
        expect(await usage.quizStats(0)).toEqual([]);
      }),
    );

    it(
      'keeps one vote per person per answer: a later press replaces it',
      withStores(async ({ usage, hashUser }) => {
        const vote = { at: 1, platform: 'slack' as const, userHash: hashUser('slack', 'U1'), sectionId: 's1', trail: null, source: null, question: 'q', vote: 'up' as const };
        expect(await usage.recordVote(vote)).toBe('new');
        expect(await usage.recordVote({ ...vote, at: 2 })).toBe('same');
        expect(await usage.recordVote({ ...vote, at: 3, vote: 'down' })).toBe('changed');
        expect(await usage.votes(0)).toEqual([{ ...vote, at: 3, vote: 'down' }]);
      }),
    );

    it(
      'lets exactly one of two processes claim a slot, lease a post and take a Slack delivery',
      withStores(async (a, openAnother) => {
        const b = await openAnother();
        const post = await aPost({ slot: '2026-11-30T09:00:00.000Z', confirmedAt: null });
        const claims = await Promise.all([a.quiz.createPost(post), b.quiz.createPost({ ...post, id: 'other' })]);
        expect(claims.filter(Boolean)).toHaveLength(1);
        // Whichever process won, the slot has one post: that is the one to deliver.
        const [claimed, ...more] = await b.quiz.posts(channel);
        expect(more).toEqual([]);
        const leases = await Promise.all([a.quiz.lease(claimed!.id, T0, T0 + 1000), b.quiz.lease(claimed!.id, T0, T0 + 1000)]);
        expect(leases.filter(Boolean)).toHaveLength(1);
        // The holder died: after its lease the other takes the post over.
        expect(await b.quiz.lease(claimed!.id, T0 + 1000, T0 + 2000)).toBe(true);

        expect(await a.deliveries.firstDelivery('event:Ev1', T0)).toBe(true);
        expect(await b.deliveries.firstDelivery('event:Ev1', T0 + 1)).toBe(false);
        expect(await a.deliveries.firstDelivery('event:Ev1', T0 + 2)).toBe(false);
        expect(await b.deliveries.firstDelivery('trigger:T1', T0)).toBe(true);
        // A take never finished (its process died) lapses: a later retry is handled by someone, once.
        const lapsed = await Promise.all([a.deliveries.firstDelivery('event:Ev1', T0 + 30_000), b.deliveries.firstDelivery('event:Ev1', T0 + 30_000)]);
        expect(lapsed.filter(Boolean)).toHaveLength(1);
        await b.deliveries.finished('event:Ev1');
        expect(await a.deliveries.firstDelivery('event:Ev1', T0 + 10 * 60_000)).toBe(false);
        // The same salt everywhere: a person is counted once whichever process saw them.
        expect(a.hashUser('slack', 'U1')).toBe(b.hashUser('slack', 'U1'));
      }),
    );

    it(
      'decides an answer racing the reveal in one step: answered before the freeze is in the reveal, after it is refused',
      withStores(async (a, openAnother) => {
        const b = await openAnother();
        const post = await aPost();
        await a.quiz.createPost(post);
        const answers = Array.from({ length: 20 }, (_, i) => ({ postId: post.id, userId: `slack:U${i}`, userName: null, choice: 0, correct: false, answeredAt: T0 + 1 }));
        const [revealed, ...outcomes] = await Promise.all([b.quiz.closeAnswers(post.id, T0 + 2), ...answers.map((x, i) => (i % 2 ? a : b).quiz.recordAnswer(x))]);
        const recorded = answers.filter((_, i) => outcomes[i] === 'recorded').map((x) => x.userId);
        expect(outcomes.every((o) => o === 'recorded' || o === 'closed')).toBe(true);
        expect((await a.quiz.answers(post.id)).map((x) => x.userId).sort()).toEqual(recorded.sort());
        expect(revealed.map((x) => x.userId).sort()).toEqual(recorded.sort());
      }),
    );

    it(
      'keeps what an acknowledged command still needs, so exactly one other process does it once its holder stops renewing',
      withStores(async (a, openAnother) => {
        const [b, c] = [await openAnother(), await openAnother()];
        const work = { kind: 'slack', data: '{"type":"command","text":"how do volumes work"}' };
        expect(await a.deliveries.firstDelivery('trigger:T9', T0, work)).toBe(true);
        // Its holder is alive and renews: nothing lapses, and Slack's retry is ignored.
        await a.deliveries.renew(T0 + 10_000);
        expect(await b.deliveries.claimLapsed(T0 + 20_000, ['slack'], T0, 10)).toEqual([]);
        expect(await b.deliveries.firstDelivery('trigger:T9', T0 + 20_000, work)).toBe(false);
        // The holder died: once its lease ran out, one process claims it (only for a kind it can do, and not when too old).
        const lapsedAt = T0 + 10_000 + DELIVERY_TAKE_LEASE_MS;
        expect(await b.deliveries.claimLapsed(lapsedAt, ['digest'], T0, 10)).toEqual([]);
        expect(await b.deliveries.claimLapsed(lapsedAt, ['slack'], T0 + 1, 10)).toEqual([]);
        const claims = await Promise.all([b, c].map((s) => s.deliveries.claimLapsed(lapsedAt, ['slack'], T0, 10)));
        expect(claims.flat()).toEqual([{ key: 'trigger:T9', at: T0, ...work }]);
        const [winner, loser] = claims[0]!.length === 1 ? [b, c] : [c, b];
        // The claimer holds it as its own: renewed, it is not claimed again nor taken by a retry.
        await winner.deliveries.renew(lapsedAt + 10_000);
        expect(await loser.deliveries.claimLapsed(lapsedAt + 20_000, ['slack'], T0, 10)).toEqual([]);
        expect(await loser.deliveries.firstDelivery('trigger:T9', lapsedAt + 20_000, work)).toBe(false);
        // Done: never claimed or taken again.
        await winner.deliveries.finished('trigger:T9');
        expect(await loser.deliveries.claimLapsed(T0 + 10 * 60_000, ['slack'], T0, 10)).toEqual([]);
        expect(await loser.deliveries.firstDelivery('trigger:T9', T0 + 10 * 60_000, work)).toBe(false);

        // A dead process's backlog is split between the processes sweeping it, each piece once.
        for (let i = 0; i < 30; i += 1) await a.deliveries.firstDelivery(`trigger:B${i}`, T0 + i, work);
        const sweepAt = T0 + 30 + DELIVERY_TAKE_LEASE_MS;
        const firstRound = await Promise.all([b, c].map((s) => s.deliveries.claimLapsed(sweepAt, ['slack'], T0, 20)));
        const secondRound = await Promise.all([b, c].map((s) => s.deliveries.claimLapsed(sweepAt, ['slack'], T0, 20)));
        const keys = [...firstRound, ...secondRound].flat().map((w) => w.key);
        expect(keys.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `trigger:B${i}`).sort());
      }),
    );

    it(
      'lets another process post the weekly digest once the process that claimed it died before the platform confirmed it',
      withStores(async (a, openAnother) => {
        const b = await openAnother();
        const knowledge = await notesKnowledge();
        const digest = loadConfig({ WHARFIE_REPORT_CHANNEL: 'slack:C0DIGEST' }).digest;
        let now = T0;
        const replica = (stores: Stores, post: (channel: string) => Promise<void>) =>
          new UsageMaintenance({
            usage: new UsageLog({ store: stores.usage, hashUser: stores.hashUser, now: () => new Date(now), recording: true }),
            knowledge,
            retentionDays: 90,
            digest,
            posters: new Map([['slack', post]]),
            log: silentLogger,
            deliveries: stores.deliveries,
            now: () => new Date(now),
          });
        // The first replica claims the day's digest and starts posting; the post never returns (it died).
        let claimed!: () => void;
        const sending = new Promise<void>((resolve) => (claimed = resolve));
        void replica(a, () => (claimed(), new Promise(() => undefined))).postDigest();
        await sending;
        // The other replica's cron fires too: the digest is someone else's.
        const posted: string[] = [];
        const alive = replica(b, async (channel) => void posted.push(channel));
        await alive.postDigest();
        expect(posted).toEqual([]);
        const sweeper = new PendingWorkSweeper({ deliveries: b.deliveries, handlers: new Map([[DIGEST_WORK, (data: string) => alive.resumeDigest(data)]]), log: silentLogger, now: () => now });
        await sweeper.sweep();
        expect(posted).toEqual([]);
        // The dead replica's lease runs out: the other posts the digest, once.
        now += DELIVERY_TAKE_LEASE_MS;
        await sweeper.sweep();
        await sweeper.sweep();
        expect(posted).toEqual(['C0DIGEST']);
        now += 10 * 60_000;
        await sweeper.sweep();
        await alive.postDigest();
        expect(posted).toEqual(['C0DIGEST']);
      }),
    );
  });
}
