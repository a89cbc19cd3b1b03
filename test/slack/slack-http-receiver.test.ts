import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonPress, postToSlackEndpoint, sign, slashCommand } from '../support/wire/slack-fakes.js';
import { startSlackHttp, type SlackHarness } from '../support/wire/slack-harness.js';

/** A signed request with any body and content type, as Slack's checks and the Events API send them. */
async function signedRaw(url: string, body: string, contentType: string, timestamp = Math.floor(Date.now() / 1000)): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) },
    body,
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe("Slack's HTTP protocol at /slack/events (our receiver in front of the real Bolt)", () => {
  let slack: SlackHarness;
  beforeEach(async () => {
    slack = await startSlackHttp();
  });
  afterEach(async () => {
    await slack.stop();
  });

  it('answers the url_verification challenge with the challenge, as JSON', async () => {
    const answer = await signedRaw(slack.eventsUrl, JSON.stringify({ token: 't', challenge: 'c-123', type: 'url_verification' }), 'application/json');
    expect(answer).toMatchObject({ status: 200, type: 'application/json' });
    expect(JSON.parse(answer.text)).toEqual({ challenge: 'c-123' });
  });

  it('answers an ssl_check with an empty 200 and runs nothing', async () => {
    const answer = await signedRaw(slack.eventsUrl, new URLSearchParams({ ssl_check: '1', token: 't' }).toString(), 'application/x-www-form-urlencoded');
    expect(answer).toMatchObject({ status: 200, text: '' });
    expect(slack.responses.requests).toHaveLength(0);
  });

  it('refuses an unsigned url_verification like any other request', async () => {
    const res = await fetch(slack.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ challenge: 'c', type: 'url_verification' }) });
    expect(res.status).toBe(401);
  });

  it('answers 400 to a signed body that is not what Slack sends', async () => {
    expect((await signedRaw(slack.eventsUrl, '{"type": "event_callback",', 'application/json')).status).toBe(400);
    expect((await signedRaw(slack.eventsUrl, new URLSearchParams({ payload: '{not json' }).toString(), 'application/x-www-form-urlencoded')).status).toBe(400);
  });

  it('answers 413 to a body over 1 MB without reading it all', async () => {
    const res = await fetch(slack.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': '1', 'x-slack-signature': 'v0=0' }, body: 'x'.repeat(1024 * 1024 + 1) });
    expect(res.status).toBe(413);
  });

  it('answers 405 to anything but POST', async () => {
    const res = await fetch(slack.eventsUrl);
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'POST']);
  });

  it('answers 404 at once to a signed interaction no listener takes, instead of after 3 s', async () => {
    const press = buttonPress('whatever', slack.responseUrl);
    const foreign = { ...press, actions: [{ ...(press.actions as object[])[0], action_id: 'someone-else:1' }] };
    const post = await postToSlackEndpoint(slack.eventsUrl, { payload: JSON.stringify(foreign) });
    expect(post.status).toBe(404);
    expect(slack.responses.requests).toHaveLength(0);
  });

  it('answers a slash command Slack redelivers (x-slack-retry-num) once', async () => {
    const command = slashCommand('docker exec', slack.responseUrl);
    expect((await postToSlackEndpoint(slack.eventsUrl, command)).status).toBe(200);
    await slack.responses.waitFor(() => true);
    const retry = await postToSlackEndpoint(slack.eventsUrl, command, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await expect.poll(() => slack.log.lines.some((l) => l.message === 'duplicate Slack delivery ignored')).toBe(true);
    expect(slack.responses.requests).toHaveLength(1);
  });

  it('acks a slash command with an empty 200 from a fresh and from a kept-alive connection', async () => {
    for (let i = 0; i < 3; i += 1) {
      const post = await postToSlackEndpoint(slack.eventsUrl, slashCommand('docker exec', `${slack.responses.url}/respond/${i}`));
      expect([post.status, post.body]).toEqual([200, '']);
    }
    await slack.responses.waitFor((r) => r.path === '/respond/2');
    expect(slack.responses.requests.map((r) => r.path).sort()).toEqual(['/respond/0', '/respond/1', '/respond/2']);
  });
});
