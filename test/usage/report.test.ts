import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { MIGRATIONS, migrate, openDatabase } from '../../adapters/sqlite/database.js';
import { groupQuestions } from '../../src/usage/group-questions.js';
import type { Report } from '../../src/usage/report.js';
import { notesKnowledge, testChat, textOf } from '../support/notes.js';
import { TestClock, testQuiz } from '../support/quiz.js';
import { runCli } from '../support/run-cli.js';
import { testUsage } from '../support/usage.js';
import { buttonPress, postToSlackEndpoint, slashCommand } from '../support/wire/slack-fakes.js';
import { startSlackHttp } from '../support/wire/slack-harness.js';

type SlackMessage = { blocks: { type: string; text?: { text: string }; elements?: { value?: string; text?: { text: string } }[] }[] };
const textOfSlack = (m: SlackMessage) => m.blocks.map((b) => b.text?.text ?? '').join('\n');

describe('grouping questions the notes did not answer', () => {
  it('puts near-duplicates together, typos and word forms included', () => {
    const groups = groupQuestions([
      'how do I deploy to kubernetes',
      'what is a helm chart',
      'deploying to kubernetes?',
      'kubernets deploy',
      'helm charts explained',
      'best pasta recipe',
      'How do I deploy to Kubernetes',
    ]);
    expect(groups.map((g) => [g.count, g.questions])).toEqual([
      [4, ['how do I deploy to kubernetes', 'deploying to kubernetes?', 'kubernets deploy', 'How do I deploy to Kubernetes']],
      [2, ['what is a helm chart', 'helm charts explained']],
      [1, ['best pasta recipe']],
    ]);
  });
});

describe('the report for the notes\' authors, from use on the wire', () => {
  it('records asks and votes from Slack and reports what to write and fix next, for admins only', async () => {
    const { quiz } = await testQuiz({ clock: new TestClock(Date.now()) });
    const slack = await startSlackHttp({ quiz });
    try {
      let n = 0;
      const ask = async (text: string, user = 'U1'): Promise<SlackMessage> => {
        const path = `/respond/${++n}`;
        await postToSlackEndpoint(slack.eventsUrl, slashCommand(text, `${slack.responses.url}${path}`, { user_id: user, user_name: user.toLowerCase() }));
        return (await slack.responses.waitFor((r) => r.path === path)).json as SlackMessage;
      };
      const press = async (value: string): Promise<void> => {
        const path = `/respond/${++n}`;
        await postToSlackEndpoint(slack.eventsUrl, { payload: JSON.stringify(buttonPress(value, `${slack.responses.url}${path}`)) });
        await slack.responses.waitFor((r) => r.path === path);
      };
      for (const q of ['how do I deploy to kubernetes', 'deploying to kubernetes?', 'kubernets deploy', 'what is a helm chart']) await ask(q, 'U2');
      await ask('how do volumes work');
      await ask('remove all volumes', 'U3');
      const exec = await ask('docker exec');
      const down = exec.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []).find((e) => e.text?.text === '👎 Not helpful')!;
      await press(down.value!);
      await ask('missing how to limit a container log size');

      const refused = await ask('report', 'U1');
      expect(textOfSlack(refused)).toContain('Only admins can see the report.');
      const report = textOfSlack(await ask('report 30d', 'UADMIN1'));
      expect(report).toMatch(/\*7\* questions from 3 people, 3 answered from the notes; 👍 0 · 👎 1/);
      expect(report).toContain('3× “how do I deploy to kubernetes” / “deploying to kubernetes?” / “kubernets deploy”');
      expect(report).toContain('1× “what is a helm chart”');
      expect(report).toContain('“how to limit a container log size”');
      expect(report).toMatch(/Day 2 › Starting and Stopping \(day-2\.md\): 👎 1, 👍 0; asked as “docker exec”/);
      expect(report).toMatch(/2× Day 2 › Volumes \(day-2\.md\)/);
      expect(report).toMatch(/Notes nobody reached \(\d+\)/);
      expect(report).toContain('Day 1 › Getting started (day-1.md)');
    } finally {
      await slack.stop();
    }
  });

  it('counts one question from one person in the singular', async () => {
    const chat = await testChat({ admins: new Set(['terminal:U1']) });
    await chat.say('/docker how do volumes work');
    const [report] = await chat.say('/docker report');
    expect(textOf(report!)).toContain('**1** question from 1 person, 1 answered from the notes');
  });

  it('stores people only as salted hashes and channels only by kind', async () => {
    const chat = await testChat();
    await chat.say('/docker how do volumes work');
    const rows = chat.usage.db.prepare('SELECT * FROM usage_ask').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    // Whole values, not substrings: a base64 hash may well contain "C1".
    expect(Object.values(rows[0]!)).not.toContain('U1');
    expect(Object.values(rows[0]!)).not.toContain('C1');
    expect(rows[0]).toMatchObject({ user_hash: chat.usage.hashUser('terminal', 'U1'), channel_kind: 'channel' });
    expect(chat.usage.hashUser('terminal', 'U1')).not.toBe(testUsage().hashUser('terminal', 'U1'));
  });

  it('records nothing when WHARFIE_RECORD_QUESTIONS is off', async () => {
    const off = testUsage({ recording: false });
    const chat = await testChat({ usage: off.usage });
    await chat.say('/docker how do volumes work');
    expect(await off.store.asks(0)).toEqual([]);
  });

  it('deletes questions and votes older than the retention', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T12:00:00Z'));
    const { usage, store } = testUsage({ now: clock.now });
    const event = { platform: 'slack' as const, user: { id: 'U1', isAdmin: false }, channel: { id: 'C1', kind: 'channel' as const }, text: '' };
    await usage.missing(event, 'old');
    clock.advance(91 * 24 * 60);
    await usage.missing(event, 'new');
    expect(await usage.prune(90)).toBe(1);
    expect((await store.asks(0)).map((a) => a.question)).toEqual(['new']);
  });

  it('counts quiz questions most often answered wrong, with their notes', async () => {
    const db = openDatabase(':memory:');
    const { quiz, store } = await testQuiz({ db });
    const { usage } = testUsage({ db });
    await quiz.postNow({ platform: 'slack', channelId: 'C1' });
    const post = (await store.posts({ platform: 'slack', channelId: 'C1' }))[0]!;
    const wrong = (post.question.choices.indexOf(post.question.answer) + 1) % 4;
    for (const id of ['a', 'b', 'c']) await quiz.answer(post.id, 'slack', { id, isAdmin: false }, wrong);
    await quiz.answer(post.id, 'slack', { id: 'd', isAdmin: false }, post.question.choices.indexOf(post.question.answer));
    const report = await usage.report(30 * 86_400_000, await notesKnowledge());
    expect(report.quizWrong).toEqual([{ question: post.question.question, trail: post.question.trail, source: post.question.source, answered: 4, wrong: 3 }]);
  });
});

describe('npx wharfie report', () => {
  it('reads the bot\'s database and prints the report, or JSON', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-report-'));
    try {
      const file = path.join(dir, 'wharfie.db');
      const db = openDatabase(file);
      const { usage } = testUsage({ db });
      const chat = await testChat({ usage });
      await chat.say('how do I deploy to kubernetes');
      await chat.say('how do volumes work');
      db.close();
      const json = await runCli(['report', '--json', '--since', '2w'], { env: { WHARFIE_DB: file } });
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout) as Report;
      expect(report.totals).toMatchObject({ asked: 2, answered: 1 });
      expect(report.unanswered[0]).toMatchObject({ questions: ['how do I deploy to kubernetes'], count: 1 });
      const text = await runCli(['report'], { env: { WHARFIE_DB: file } });
      expect(text.stdout).toContain('Not in the notes (write these next)');
      expect((await runCli(['report'], { env: { WHARFIE_DB: path.join(dir, 'none.db') } })).code).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the weekly digest', () => {
  it('posts the last week\'s report to the configured channel', async () => {
    const { UsageMaintenance } = await import('../../adapters/usage/usage-maintenance.js');
    const { loadConfig } = await import('../../src/config.js');
    const { silentLogger } = await import('../../src/logger.js');
    const config = loadConfig({ WHARFIE_REPORT_CHANNEL: 'slack:C0DIGEST', WHARFIE_REPORT_SCHEDULE: 'fri 16:30 Europe/London' });
    expect(config.digest).toEqual({ platform: 'slack', channelId: 'C0DIGEST', schedule: { time: '16:30', zone: 'Europe/London', days: [5] } });
    const chat = await testChat();
    await chat.say('how do I deploy to kubernetes');
    const posted: [string, string][] = [];
    const maintenance = new UsageMaintenance({
      usage: chat.usage.usage,
      knowledge: await notesKnowledge(),
      retentionDays: 90,
      digest: config.digest,
      posters: new Map([['slack', async (channel: string, reply: { title?: string; blocks: readonly { kind: string; markdown?: string }[] }) => void posted.push([channel, `${reply.title}\n${reply.blocks.map((b) => b.markdown).join('\n')}`])]]),
      log: silentLogger,
    });
    await maintenance.postDigest();
    expect(posted).toHaveLength(1);
    expect(posted[0]![0]).toBe('C0DIGEST');
    expect(posted[0]![1]).toContain('This week in the notes');
    expect(posted[0]![1]).toContain('“how do I deploy to kubernetes”');
  });

  it('is posted once when several replicas fire it, by the one that claims the day in the shared store', async () => {
    const { UsageMaintenance } = await import('../../adapters/usage/usage-maintenance.js');
    const { SqliteDeliveryLog } = await import('../../adapters/sqlite/sqlite-delivery-log.js');
    const { loadConfig } = await import('../../src/config.js');
    const { silentLogger } = await import('../../src/logger.js');
    const chat = await testChat();
    const shared = new SqliteDeliveryLog(chat.usage.db);
    const knowledge = await notesKnowledge();
    const posted: string[] = [];
    const replicas = [1, 2, 3].map(
      () =>
        new UsageMaintenance({
          usage: chat.usage.usage,
          knowledge,
          retentionDays: 90,
          digest: loadConfig({ WHARFIE_REPORT_CHANNEL: 'slack:C0DIGEST' }).digest,
          posters: new Map([['slack', async (channel: string) => void posted.push(channel)]]),
          log: silentLogger,
          deliveries: shared,
        }),
    );
    await Promise.all(replicas.map((r) => r.postDigest()));
    expect(posted).toEqual(['C0DIGEST']);
  });
});

describe('votes in SQLite', () => {
  it('migration 5 keeps each person\'s latest vote per answer, and the unique key makes a later vote replace it', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 4));
    const insert = db.prepare("INSERT INTO usage_vote (at, platform, user_hash, section_id, question, vote) VALUES (?, 'slack', ?, 's1', 'q', ?)");
    insert.run(1, 'alice', 'up');
    insert.run(2, 'alice', 'up');
    insert.run(3, 'alice', 'down');
    insert.run(4, 'bob', 'up');
    migrate(db, MIGRATIONS);
    expect(db.prepare('SELECT user_hash, vote FROM usage_vote ORDER BY user_hash').all()).toEqual([
      { user_hash: 'alice', vote: 'down' },
      { user_hash: 'bob', vote: 'up' },
    ]);
    expect(() => insert.run(5, 'bob', 'down')).toThrow(/UNIQUE/);
  });
});
