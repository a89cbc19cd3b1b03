import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNDELIVERED } from '../../adapters/slack/slack-adapter.js';
import { CALL_POLICY, longestCallMs, type CallPolicy } from '../../adapters/slack/slack-transport.js';
import { NEVER, mentionEvent, postEvent, postToSlackEndpoint, slashCommand } from '../support/wire/slack-fakes.js';
import { startSlackHttp, type SlackHarness } from '../support/wire/slack-harness.js';

/** The shipped policy's shape, scaled down so a test sees every attempt in well under a second. */
const QUICK: CallPolicy = { timeoutMs: 300, retries: 2, minDelayMs: 20, factor: 2, maxDelayMs: 50, retryWindowMs: 2_000 };
const ATTEMPTS = QUICK.retries + 1;

describe('the shipped call policy', () => {
  it('gives each Slack call about 10 s and every retry of it within ~30 s', () => {
    expect(CALL_POLICY.timeoutMs).toBe(10_000);
    expect(CALL_POLICY.retries).toBeGreaterThan(0);
    expect(longestCallMs(CALL_POLICY)).toBeLessThanOrEqual(30_000);
  });
});

describe('a Slack reply that cannot be delivered (real Bolt, a failing Slack)', () => {
  let slack: SlackHarness;
  beforeEach(async () => {
    slack = await startSlackHttp({}, { callPolicy: QUICK });
  });
  afterEach(async () => {
    await slack.stop();
  });

  const failures = (method: string) => slack.log.lines.filter((l) => l.level === 'error' && (l.fields as { method?: string }).method === method);

  it('retries a response_url that answers 500 a bounded number of times, logs it once, and tells the user', async () => {
    slack.responses.setHandler(() => ({ status: 500, body: 'boom' }));
    await postToSlackEndpoint(slack.eventsUrl, slashCommand('docker exec', slack.responseUrl));
    const told = await slack.api.waitFor((r) => r.path === '/api/chat.postEphemeral');
    expect(told.form).toMatchObject({ channel: 'C1', user: 'U1', text: UNDELIVERED });
    expect(slack.responses.requests).toHaveLength(ATTEMPTS);
    expect(failures('response_url')).toHaveLength(1);
    expect(failures('response_url')[0]!.message).toContain('response_url answered 500');
  });

  it('gives up on a response_url that never answers, and tells the user', async () => {
    slack.responses.setHandler(NEVER);
    await postToSlackEndpoint(slack.eventsUrl, slashCommand('docker exec', slack.responseUrl));
    const told = await slack.api.waitFor((r) => r.path === '/api/chat.postEphemeral');
    expect(told.form.text).toBe(UNDELIVERED);
    expect(slack.responses.requests).toHaveLength(ATTEMPTS);
    expect(failures('response_url')).toHaveLength(1);
    expect(failures('response_url')[0]!.message).toMatch(/timeout/i);
  });

  it('does not retry an expired response_url (404), and tells the user', async () => {
    slack.responses.setHandler(() => ({ status: 404, body: 'expired_url' }));
    await postToSlackEndpoint(slack.eventsUrl, slashCommand('docker exec', slack.responseUrl));
    await slack.api.waitFor((r) => r.path === '/api/chat.postEphemeral');
    expect(slack.responses.requests).toHaveLength(1);
    expect(failures('response_url')).toHaveLength(1);
  });

  it.each([
    ['answers 500', { status: 500, body: { ok: false } }],
    ['never answers', 'hang' as const],
  ])('bounds a chat.postMessage that %s, logs it once with the method, and tells the user', async (_name, answer) => {
    slack.api.outage(answer, ['chat.postMessage']);
    await postEvent(slack.eventsUrl, mentionEvent('<@UBOT> docker exec'));
    const told = await slack.api.waitFor((r) => r.path === '/api/chat.postEphemeral');
    expect(told.form).toMatchObject({ channel: 'C1', user: 'U1', text: UNDELIVERED });
    expect(slack.api.calls('chat.postMessage')).toHaveLength(ATTEMPTS);
    expect(failures('chat.postMessage')).toHaveLength(1);
    expect(JSON.stringify(slack.log.lines)).not.toContain('xoxb-test-token');
  });

  it('logs once, and stays quiet to the user, when Slack takes nothing at all', async () => {
    slack.api.outage({ status: 503, body: 'down' }, ['chat.postMessage', 'chat.postEphemeral']);
    await postEvent(slack.eventsUrl, mentionEvent('<@UBOT> docker exec'));
    await slack.api.waitFor((r) => r.path === '/api/chat.postEphemeral');
    const deadline = Date.now() + 5_000;
    while (slack.log.lines.filter((l) => l.level === 'error').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(failures('chat.postMessage')).toHaveLength(1);
    expect(failures('chat.postEphemeral')).toHaveLength(1);
    expect(slack.api.calls('chat.postEphemeral')).toHaveLength(ATTEMPTS);
  });
});
