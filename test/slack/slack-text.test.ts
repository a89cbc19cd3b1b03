import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBlockKit } from '../../adapters/slack/block-kit.js';
import { decodeSlackText, escapeSlackText } from '../../adapters/slack/slack-text.js';
import { buildSandboxImage } from '../../adapters/sandbox-docker/build-image.js';
import { DockerSandboxRunner, reapExpired } from '../../adapters/sandbox-docker/docker-runner.js';
import { KnowledgeBase } from '../../src/knowledge-base.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { silentLogger } from '../../src/logger.js';
import type { Reply } from '../../src/reply.js';
import { RunGate } from '../../src/sandbox/run-gate.js';
import { DEFAULT_LIMITS } from '../../src/sandbox/run-job.js';
import { probeEngine } from '../support/docker-engine.js';
import { buttonPress, mentionEvent, postEvent, postToSlackEndpoint, slashCommand } from '../support/wire/slack-fakes.js';
import { startSlackHttp, type SlackHarness } from '../support/wire/slack-harness.js';

type Message = { response_type?: string; text: string; blocks: { type: string; text?: { text: string }; elements?: { value?: string; text?: string | { text: string } }[] }[] };

/** How Slack itself sends what a person typed: `&`, `<`, `>` as entities. */
const asSlackSends = (typed: string): string => typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Anything in a posted message that Slack would turn into a ping or a link of its own choosing. */
const PING_OR_LINK = /<[!@#]|@(everyone|here|channel)\b/i;

describe('Slack text, decoded once on the way in', () => {
  it.each([
    ['echo one &amp;&amp; echo two', 'echo one && echo two'],
    ['echo hi &gt; /tmp/f', 'echo hi > /tmp/f'],
    ['what is &lt;tag&gt;', 'what is <tag>'],
    // A typed entity stays what was typed: decoded once, not twice.
    ['&amp;lt;b&amp;gt;', '&lt;b&gt;'],
    ['ask <@U1|ada> in <#C1|general>, <!here>', 'ask @ada in #general, @here'],
    ['see <https://docs.docker.com|docs.docker.com> or <https://x.io>', 'see docs.docker.com or https://x.io'],
    ['<!subteam^S1|@ops> and <!channel>', '@ops and @channel'],
  ])('%s → %s', (sent, typed) => {
    expect(decodeSlackText(sent)).toBe(typed);
  });

  it('gives back exactly what was typed, for any text (fast-check)', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('&', '<', '>', ';', 'a', 'm', 'p', 'l', 't', 'g', ' ', '@', '!', '|') }), (typed) => decodeSlackText(asSlackSends(typed)) === typed));
  });
});

/** Hostile text: Slack's control syntax, entities, broadcasts, link look-alikes. */
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom('<!channel>', '<!here>', '<!everyone>', '<@U123>', '<#C1>', '<!subteam^S1>', '@everyone', '@here', '@channel', '&amp;', '&lt;', '&', '<', '>', '|', '*', '`', '```', '[', ']', '(', ')'),
    fc.constantFrom('https://evil.example/', '<https://evil.example|https://good.example>', '[https://good.com](https://evil.com)', 'paypal.com'),
    fc.string({ maxLength: 3 }),
  ),
  maxLength: 40,
});

const hostileReply: fc.Arbitrary<Reply> = fc.record({
  kind: fc.constant('answer' as const),
  visibility: fc.constantFrom('private' as const, 'channel' as const),
  delivery: fc.constant('respond' as const),
  title: hostile,
  trail: fc.array(hostile, { maxLength: 3 }),
  question: hostile,
  summary: hostile,
  blocks: fc.array(
    fc.oneof(
      hostile.map((markdown) => ({ kind: 'markdown' as const, markdown })),
      hostile.map((text) => ({ kind: 'code' as const, text })),
      hostile.map((markdown) => ({ kind: 'context' as const, markdown })),
      fc.record({ label: hostile, value: hostile }).map((field) => ({ kind: 'fields' as const, fields: [field] })),
    ),
    { maxLength: 4 },
  ),
  buttons: fc.array(fc.record({ label: hostile, action: fc.constant('x') }), { maxLength: 3 }),
  source: fc.record({ label: hostile, url: fc.oneof(hostile, fc.constant('https://docs.example/notes/day-2.md')) }),
});

/**
 * Every text a Slack client reads in a message: the top-level text and each
 * block's, with whether Slack parses it (`mrkdwn`) or shows it as it is
 * (`plain_text`, never parsed for mentions or links). Button values are
 * opaque data, never shown, and left out.
 */
function textsOf(message: { text: string; blocks: unknown }): { text: string; parsed: boolean }[] {
  const texts = [{ text: message.text, parsed: true }];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o.text === 'string') texts.push({ text: o.text, parsed: o.type !== 'plain_text' });
      Object.entries(o).filter(([key]) => key !== 'value' && key !== 'action_id').forEach(([, v]) => walk(v));
    }
  };
  walk(message.blocks);
  return texts;
}

/** What Slack would read as a ping or a link of a sender's choosing, in a message's texts. */
function pingsOrLinks(message: { text: string; blocks: unknown }): string[] {
  return textsOf(message)
    .filter(({ text, parsed }) => (parsed ? PING_OR_LINK : /@(everyone|here|channel)\b/i).test(text))
    .map(({ text }) => text);
}

describe('Slack text, escaped once on the way out', () => {
  it('nothing the renderer posts can ping or spoof a link, in any field (fast-check)', () => {
    fc.assert(
      fc.property(hostileReply, (reply) => {
        const message = renderBlockKit(reply);
        expect(pingsOrLinks(message)).toEqual([]);
        for (const { text } of textsOf(message).filter((t) => t.parsed)) {
          // The only links left are ours: a web address whose label names no other host.
          for (const [, target, label] of text.matchAll(/<([^>|]*)(?:\|([^>]*))?>/g)) {
            expect(target).toMatch(/^(https?:\/\/|mailto:)/);
            if (label && /https?:\/\/|\.com\b/.test(label)) expect(label).toContain(new URL(target!).hostname);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('escapes the notification text like the blocks, once', () => {
    const message = renderBlockKit({ kind: 'sandbox', visibility: 'channel', delivery: 'respond', summary: "run busybox echo '<!channel> <@U123>' && done", blocks: [], buttons: [] });
    expect(message.text).toBe("run busybox echo '&lt;!channel&gt; &lt;@U123&gt;' &amp;&amp; done");
    expect(decodeSlackText(message.text)).toBe("run busybox echo '<!channel> <@U123>' && done");
    expect(escapeSlackText('@everyone')).toBe('@\u2060everyone');
  });

  it('shows the real address of a link whose label names another', () => {
    const message = renderBlockKit({
      kind: 'answer',
      visibility: 'channel',
      delivery: 'respond',
      summary: 's',
      blocks: [{ kind: 'markdown', markdown: '[https://good.example](https://evil.example/x) and [the docs](https://docs.docker.com/) and [_paypal.com](https://evil.example/y)' }],
      buttons: [],
    });
    const text = message.blocks.map((b) => JSON.stringify(b)).join('');
    expect(text).toContain('<https://evil.example/x>');
    expect(text).not.toContain('|https://good.example');
    expect(text).toContain('<https://docs.docker.com/|the docs>');
    // A bare domain behind a word character still names a host (found by the property above).
    expect(text).toContain('<https://evil.example/y>');
  });
});

describe('Slack text on the wire (real Bolt)', () => {
  let slack: SlackHarness;
  let notesDir: string;
  beforeAll(async () => {
    notesDir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-slack-text-'));
    await writeFile(
      path.join(notesDir, 'deploys.md'),
      '# Deploys for <@U1> and <!channel>\n\n## Rolling back & <b>redeploying</b>\n\nTo roll back a deploy, run `docker service rollback web` & watch it with `docker service ps web`.\n',
    );
    const knowledge = new KnowledgeBase(await loadKnowledge([{ name: 'notes', dir: notesDir }]));
    slack = await startSlackHttp({ knowledge });
  });
  afterAll(async () => {
    await slack.stop();
    await rm(notesDir, { recursive: true, force: true });
  });

  const ask = async (typed: string): Promise<Message> => {
    const before = slack.responses.requests.length;
    const post = await postToSlackEndpoint(slack.eventsUrl, slashCommand(asSlackSends(typed), slack.responseUrl));
    expect(post.status).toBe(200);
    return (await slack.responses.waitFor((r) => slack.responses.requests.indexOf(r) >= before)).json as Message;
  };

  it('echoes a question with <, > and & exactly as typed, escaped once', async () => {
    const message = await ask('how do I roll back <web> & redeploy');
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('You asked: how do I roll back &lt;web&gt; &amp; redeploy');
    expect(shown).not.toMatch(/&amp;(amp|lt|gt);/);
  });

  it('never puts a note heading with mention syntax raw into the notification text of a public reply', async () => {
    await postEvent(slack.eventsUrl, mentionEvent('<@UBOT> how do I roll back a deploy'));
    const posted = await slack.api.waitFor((r) => r.path === '/api/chat.postMessage');
    expect(posted.form.text).toContain('&lt;@U1&gt;');
    expect(pingsOrLinks({ text: posted.form.text!, blocks: JSON.parse(posted.form.blocks!) })).toEqual([]);
  });

  it('keeps a plainly typed @everyone inert when the answer is shared to the channel', async () => {
    const answer = await ask('@everyone how do I roll back a deploy');
    const share = answer.blocks.find((b) => b.type === 'actions')!.elements![0]!.value!;
    const before = slack.responses.requests.length;
    await postToSlackEndpoint(slack.eventsUrl, { payload: JSON.stringify(buttonPress(share, slack.responseUrl)) });
    // The private answer is updated first (it now says it was shared); the channel's copy follows.
    const shared = (await slack.responses.waitFor((r) => slack.responses.requests.indexOf(r) >= before && (r.json as Message).response_type === 'in_channel')).json as Message;
    expect(JSON.stringify(shared.blocks)).toContain('@\u2060everyone how do I roll back');
    expect(pingsOrLinks(shared)).toEqual([]);
  });
});

const engine = await probeEngine();

describe.skipIf(!engine.available)('the sandbox from Slack, with shell operators typed in the command', () => {
  const IMAGE = 'wharfie-sandbox-busybox:slack-text-test';
  let slack: SlackHarness;
  beforeAll(async () => {
    await buildSandboxImage(engine.docker, IMAGE);
    slack = await startSlackHttp({
      sandbox: {
        runner: new DockerSandboxRunner({ docker: engine.docker, log: silentLogger }),
        gate: new RunGate({ pool: 2, queue: 4, cooldownMs: 0, now: Date.now }),
        limits: { ...DEFAULT_LIMITS, timeoutMs: 5_000 },
        images: new Map([['busybox', IMAGE]]),
        now: Date.now,
        newRunId: randomUUID,
      },
    });
  }, 60_000);
  afterAll(async () => {
    await slack?.stop();
    await reapExpired(engine.docker, Date.now() + 60_000, silentLogger);
  });

  const run = async (typed: string): Promise<string> => {
    const url = `${slack.responses.url}/respond/${randomUUID()}`;
    await postToSlackEndpoint(slack.eventsUrl, slashCommand(asSlackSends(typed), url));
    const message = (await slack.responses.waitFor((r) => r.path === new URL(url).pathname, 15_000)).json as Message;
    return message.blocks.map((b) => b.text?.text ?? '').join('\n');
  };

  it('runs both commands of `sh -c "echo one && echo two"`', async () => {
    const shown = await run('run busybox sh -c "echo one && echo two"');
    expect(shown).toMatch(/```\none\ntwo\n```/);
    expect(shown).not.toContain('syntax error');
  }, 20_000);

  it('redirects with `>` instead of running `gt`', async () => {
    const shown = await run('run busybox sh -c "echo hi > /tmp/f && cat /tmp/f"');
    expect(shown).toMatch(/```\nhi\n```/);
    expect(shown).not.toMatch(/not found|syntax error/);
  }, 20_000);
});
