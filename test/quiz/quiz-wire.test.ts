import { describe, expect, it } from 'vitest';
import { QuizScheduler } from '../../adapters/quiz/quiz-scheduler.js';
import { silentLogger } from '../../src/logger.js';
import { parseSchedule, type Schedule } from '../../src/quiz/schedule.js';
import type { Reply } from '../../src/reply.js';
import { APP_ID, CHANNEL_ID, buttonInteraction, slashInteraction } from '../support/wire/discord-fakes.js';
import { startDiscord } from '../support/wire/discord-harness.js';
import { buttonPress, postToSlackEndpoint, slashCommand } from '../support/wire/slack-fakes.js';
import { startSlackHttp } from '../support/wire/slack-harness.js';
import { TestClock, testQuiz, testScheduler } from '../support/quiz.js';

type SlackMessage = { response_type?: string; blocks: { type: string; text?: { text: string }; elements?: { value?: string }[] }[] };

describe('the quiz on the wire', () => {
  it('takes 200 concurrent answers through Slack, exactly one each, and reveals the count', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T09:00:00Z'));
    const { quiz, store } = await testQuiz({ clock });
    const slack = await startSlackHttp({ quiz });
    try {
      await postToSlackEndpoint(slack.eventsUrl, slashCommand('quiz', `${slack.responses.url}/respond/post`));
      const posted = (await slack.responses.waitFor((r) => r.path === '/respond/post')).json as SlackMessage;
      expect(posted.response_type).toBe('in_channel');
      const values = posted.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => e.value!));
      expect(values).toHaveLength(4);
      const post = (await store.posts({ platform: 'slack', channelId: 'C1' }))[0]!;
      const right = post.question.choices.indexOf(post.question.answer);

      const users = Array.from({ length: 200 }, (_, i) => ({ id: `U${1000 + i}`, username: `user${i}` }));
      const presses = users.map((user, i) => ({ user, choice: i % 4, path: `/respond/${user.id}` }));
      const doubles = users.slice(0, 50).map((user) => ({ user, choice: 3, path: `/respond/${user.id}/again` }));
      const results = await Promise.all(
        [...presses, ...doubles].map((p) => postToSlackEndpoint(slack.eventsUrl, { payload: JSON.stringify(buttonPress(values[p.choice]!, `${slack.responses.url}${p.path}`, p.user)) })),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      const deadline = Date.now() + 15_000;
      while (slack.responses.requests.length < 1 + 250 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

      const answers = await store.answers(post.id);
      expect(answers).toHaveLength(200);
      expect(new Set(answers.map((a) => a.userId)).size).toBe(200);
      expect(answers.filter((a) => a.correct)).toHaveLength(50);
      const replies = slack.responses.requests.filter((r) => r.path !== '/respond/post');
      expect(replies).toHaveLength(250);
      expect(replies.filter((r) => JSON.stringify(r.json).includes('already answered'))).toHaveLength(50);
      // The refused second presses were for choice D, but the first answers stand.
      expect(answers.filter((a) => a.choice === 3)).toHaveLength(50);

      clock.advance(24 * 60 + 1);
      const reveals = testScheduler(quiz, { clock });
      await reveals.scheduler.tick();
      expect(JSON.stringify(reveals.posted[0]!.reply)).toContain('200 answered, 50 got it right.');
      expect(right).toBeGreaterThanOrEqual(0);
    } finally {
      await slack.stop();
    }
  }, 60_000);

  it('takes concurrent answers through Discord too, one per user', async () => {
    const { quiz, store } = await testQuiz();
    const h = await startDiscord({ quiz });
    try {
      const start = slashInteraction('now', {}, {}, 'quiz');
      h.discord.dispatch('INTERACTION_CREATE', start);
      // A quiz question is for the whole channel: the deferred response is public.
      expect(((await h.discord.callbackFor(start.id)).json as { data?: { flags?: number } }).data?.flags ?? 0).toBe(0);
      const edit = await h.discord.editFor((start as { token: string }).token);
      const buttons = (edit.json as { components: { components: { custom_id: string }[] }[] }).components.flatMap((row) => row.components);
      expect(buttons).toHaveLength(4);
      const presses = Array.from({ length: 60 }, (_, i) => buttonInteraction(buttons[i % 4]!.custom_id, { userId: `${600000000000000000n + BigInt(i % 40)}` }));
      for (const press of presses) h.discord.dispatch('INTERACTION_CREATE', press);
      await Promise.all(presses.map((press) => h.discord.callbackFor(press.id, 10_000)));
      const post = (await store.posts({ platform: 'discord', channelId: '444444444444444444' }))[0]!;
      expect(await store.answers(post.id)).toHaveLength(40);
    } finally {
      await h.stop();
    }
  }, 30_000);

  it('posts /docker quiz now on Discord for the whole channel: beside an open scheduled question, and with the practice answer it closes; a cooldown notice stays private', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T09:30:00Z'));
    const { quiz, store } = await testQuiz({ clock });
    const channel = { platform: 'discord' as const, channelId: CHANNEL_ID };
    await quiz.saveSchedule(channel, (parseSchedule('09:30 Europe/London weekdays') as { schedule: Schedule }).schedule, 'test');
    const h = await startDiscord({ quiz });
    type Sent = { flags?: number; embeds?: { title?: string }[] };
    const quizNow = () => {
      const interaction = slashInteraction('now', {}, {}, 'quiz');
      h.discord.dispatch('INTERACTION_CREATE', interaction);
      return { id: interaction.id, token: (interaction as { token: string }).token };
    };
    const followUp = async (token: string) => (await h.discord.rest.waitFor((r) => r.method === 'POST' && r.path === `/api/v10/webhooks/${APP_ID}/${token}`)).json as Sent;
    try {
      await new QuizScheduler({ quiz, posters: new Map([['discord', (id: string, reply: Reply) => h.adapter.post(id, reply)]]), log: h.log }).tick();
      expect((await store.posts(channel)).filter((p) => p.slot !== null && p.confirmedAt !== null)).toHaveLength(1);

      // With the scheduled question open, the asked-for one is public too: the deferral is not ephemeral.
      clock.advance(5);
      const first = quizNow();
      expect(((await h.discord.callbackFor(first.id)).json as { data?: Sent }).data?.flags ?? 0).toBe(0);
      expect(((await h.discord.editFor(first.token)).json as Sent).embeds![0]!.title).toBe('Docker quiz');

      // The next one closes the last practice question: its answer fills the public deferral, the question follows, public.
      clock.advance(11);
      const second = quizNow();
      expect(((await h.discord.callbackFor(second.id)).json as { data?: Sent }).data?.flags ?? 0).toBe(0);
      expect(((await h.discord.editFor(second.token)).json as Sent).embeds![0]!.title).toBe('Quiz answer');
      const question = await followUp(second.token);
      expect(question.embeds![0]!.title).toBe('Docker quiz');
      expect((question.flags ?? 0) & 64).toBe(0);

      // Asked again within the cooldown: only the asker hears why, and no public "thinking…" is left behind.
      const third = quizNow();
      expect((await followUp(third.token)).flags).toBe(64);
      await h.discord.rest.waitFor((r) => r.method === 'DELETE' && r.path.includes(`/${third.token}/messages/@original`));
      expect(h.discord.rest.requests.some((r) => r.method === 'PATCH' && r.path.includes(`/${third.token}/`))).toBe(false);
    } finally {
      await h.stop();
    }
  }, 30_000);

  it('does not log a scheduled Discord quiz whose channel is gone as posted: the failure is logged, retried, and posted once the channel answers', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T09:30:00Z'));
    const { quiz, store } = await testQuiz({ clock });
    const channel = { platform: 'discord' as const, channelId: CHANNEL_ID };
    await quiz.saveSchedule(channel, (parseSchedule('09:30 Europe/London weekdays') as { schedule: Schedule }).schedule, 'test');
    const h = await startDiscord({ quiz });
    try {
      h.discord.deletedChannels.add(CHANNEL_ID);
      let before = 0;
      const scheduler = new QuizScheduler({
        quiz,
        posters: new Map([['discord', (id: string, reply: Reply) => h.adapter.post(id, reply)]]),
        log: h.log,
        // The retry pause: the channel comes back meanwhile (no real waiting).
        wait: async () => {
          h.discord.deletedChannels.delete(CHANNEL_ID);
          before = h.discord.rest.requests.length;
        },
      });
      await scheduler.tick();
      const lines = h.log.lines.filter((l) => /^quiz (question|posted)/.test(l.message));
      expect(lines.map((l) => [l.level, l.message])).toEqual([
        ['warn', 'quiz question not posted; retrying'],
        ['info', 'quiz posted'],
      ]);
      expect(lines[0]!.fields).toMatchObject({ platform: 'discord', channel: CHANNEL_ID, err: { message: 'Unknown Channel' } });
      const sent = h.discord.rest.requests.slice(before).filter((r) => r.method === 'POST' && r.path === `/api/v10/channels/${CHANNEL_ID}/messages`);
      expect(sent).toHaveLength(1);
      expect((sent[0]!.json as { embeds: { title: string }[] }).embeds[0]!.title).toBe('Docker quiz');
      expect((await store.posts(channel)).filter((p) => p.confirmedAt !== null)).toHaveLength(1);
    } finally {
      await h.stop();
    }
  }, 30_000);

  it('logs a 429 from Discord with its route, and the post still goes out', async () => {
    const h = await startDiscord();
    try {
      h.discord.failNextRest(/^\/channels\/\d+\/messages$/, { status: 429, headers: { 'retry-after': '0.05', 'x-ratelimit-scope': 'user' }, body: { message: 'You are being rate limited.', retry_after: 0.05, global: false } });
      await h.adapter.post(CHANNEL_ID, { kind: 'notice', visibility: 'channel', delivery: 'channel', blocks: [{ kind: 'markdown', markdown: 'hello' }], buttons: [], summary: 'hello' });
      const limited = h.log.lines.filter((l) => l.message === 'Discord answered 429');
      expect(limited).toHaveLength(1);
      expect(limited[0]!.fields).toMatchObject({ method: 'POST', route: expect.stringMatching(/^\/channels\/.*\/messages$/), status: 429 });
      expect(h.discord.rest.requests.filter((r) => r.path.endsWith('/messages'))).toHaveLength(2);
    } finally {
      await h.stop();
    }
  }, 30_000);

  it('posts on schedule through the platform, reveals the day before first, and never twice', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T09:30:00Z'));
    const { quiz, store } = await testQuiz({ clock });
    const schedule = (parseSchedule('09:30 Europe/London weekdays') as { schedule: Schedule }).schedule;
    await quiz.saveSchedule({ platform: 'slack', channelId: 'C42' }, schedule, 'test');
    const posted: { channel: string; reply: Reply }[] = [];
    const posters = new Map([['slack', async (channel: string, reply: Reply) => void posted.push({ channel, reply })]]);
    const scheduler = new QuizScheduler({ quiz, posters, log: silentLogger });
    const second = new QuizScheduler({ quiz, posters, log: silentLogger });
    await Promise.all([scheduler.tick(), second.tick()]);
    expect(posted.map((p) => [p.channel, p.reply.title])).toEqual([['C42', 'Docker quiz']]);
    clock.set('2026-12-01T09:30:00Z');
    await scheduler.tick();
    expect(posted.slice(1).map((p) => p.reply.title)).toEqual(['Quiz answer', 'Docker quiz']);
    expect(await store.posts({ platform: 'slack', channelId: 'C42' })).toHaveLength(2);
  });
});
