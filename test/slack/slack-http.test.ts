import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNDELIVERED } from '../../adapters/slack/slack-adapter.js';
import { BOT_USER, buttonPress, mentionEvent, postEvent, postToSlackEndpoint, sign, slashCommand } from '../support/wire/slack-fakes.js';
import { startSlackHttp, type SlackHarness } from '../support/wire/slack-harness.js';

type Block = { type: string; text?: { text: string }; elements?: { text?: string | { text: string }; value?: string; action_id?: string }[] };
type Message = { response_type?: string; replace_original?: boolean; text: string; blocks: Block[] };

const allText = (m: Message): string =>
  m.blocks
    .flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text ?? ''))])
    .join('\n');
const buttons = (m: Message) => m.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

describe('Slack over HTTP (real Bolt, signed requests on the wire)', () => {
  let slack: SlackHarness;
  beforeEach(async () => {
    slack = await startSlackHttp();
  });
  afterEach(async () => {
    await slack.stop();
  });

  const ask = async (text: string, fields: Record<string, string> = {}): Promise<Message> => {
    const before = slack.responses.requests.length;
    const post = await postToSlackEndpoint(slack.eventsUrl, slashCommand(text, slack.responseUrl, fields));
    expect(post.status).toBe(200);
    const reply = await slack.responses.waitFor((r) => slack.responses.requests.indexOf(r) >= before);
    return reply.json as Message;
  };

  it('acks /docker at once, then answers privately with trail, excerpt, source, strength and buttons', async () => {
    const post = await postToSlackEndpoint(slack.eventsUrl, slashCommand('how do volumes work', slack.responseUrl));
    expect(post.status).toBe(200);
    expect(post.body).toBe('');
    const message = (await slack.responses.waitFor(() => true)).json as Message;
    expect(message.response_type).toBe('ephemeral');
    expect(message.replace_original).toBe(false);
    const text = allText(message);
    expect(text).toContain('*Day 2 › Volumes*');
    expect(text).toContain('You asked: how do volumes work');
    expect(text).toContain('`docker volume create --name my_funky_volume`');
    expect(text).toMatch(/From notes\/day-2\.md · strong match \(\d+%\)/);
    expect(buttons(message).map((b) => (b.text as { text: string }).text)).toEqual(['Share to channel', '👍 Helpful', '👎 Not helpful']);
    expect(message.text).toContain('Day 2 › Volumes');
  });

  it('shares an answer to the channel through response_url', async () => {
    const answer = await ask('docker exec');
    const share = buttons(answer)[0]!;
    const before = slack.responses.requests.length;
    const post = await postToSlackEndpoint(slack.eventsUrl, { payload: JSON.stringify(buttonPress(share.value!, slack.responseUrl)) });
    expect(post.status).toBe(200);
    const shared = (await slack.responses.waitFor((r) => slack.responses.requests.indexOf(r) >= before && (r.json as Message).response_type === 'in_channel')).json as Message;
    expect(allText(shared)).toContain('docker exec');
    expect(allText(shared)).toContain('Shared by ada');
    expect(buttons(shared).map((b) => (b.text as { text: string }).text)).not.toContain('Share to channel');
  });

  it('records 👍/👎 feedback and thanks the user privately', async () => {
    const answer = await ask('how do volumes work');
    const down = buttons(answer)[2]!;
    const before = slack.responses.requests.length;
    await postToSlackEndpoint(slack.eventsUrl, { payload: JSON.stringify(buttonPress(down.value!, slack.responseUrl)) });
    const thanks = (await slack.responses.waitFor((r) => slack.responses.requests.indexOf(r) >= before)).json as Message;
    expect(thanks.response_type).toBe('ephemeral');
    expect(allText(thanks)).toContain('Thanks, noted');
    expect(slack.votes).toEqual([expect.objectContaining({ platform: 'slack', userHash: slack.usage.hashUser('slack', 'U1'), vote: 'down', question: 'how do volumes work' })]);
  });

  it('offers "not in the notes" suggestions as buttons that answer the topic when clicked', async () => {
    const notFound = await ask('how do I deploy to kubernetes');
    expect(allText(notFound)).toContain("That's not in the notes.");
    const suggestion = buttons(notFound)[0]!;
    const before = slack.responses.requests.length;
    await postToSlackEndpoint(slack.eventsUrl, { payload: JSON.stringify(buttonPress(suggestion.value!, slack.responseUrl)) });
    const topic = (await slack.responses.waitFor((r) => slack.responses.requests.indexOf(r) >= before)).json as Message;
    expect(allText(topic)).toContain(`› ${(suggestion.text as { text: string }).text}*`);
    expect(topic.replace_original).toBe(true);
  });

  it('lists what the bot does for /docker help', async () => {
    expect(allText(await ask('help'))).toContain('/docker quiz');
  });

  it('answers an @mention in a thread', async () => {
    const post = await postEvent(slack.eventsUrl, mentionEvent('<@UBOT> what does --network none do'));
    expect(post.status).toBe(200);
    const call = await slack.api.waitFor((r) => r.path === '/api/chat.postMessage');
    expect(call.headers.authorization).toBe('Bearer xoxb-test-token');
    expect(call.form.thread_ts).toBe('1700000000.000100');
    expect(call.form.channel).toBe('C1');
    expect(call.form.blocks).toContain('Networking');
    expect(call.form.blocks).not.toContain('Share to channel');
  });

  it("ignores a mention in the bot's own message", async () => {
    // Answers go out in arrival order: the bot's own mention would be answered first.
    const own = mentionEvent('<@UBOT> docker exec');
    await postEvent(slack.eventsUrl, { ...own, event: { ...(own.event as object), user: BOT_USER, ts: '1700000000.000200', event_ts: '1700000000.000200' } });
    expect((await postEvent(slack.eventsUrl, mentionEvent('<@UBOT> docker exec'))).status).toBe(200);
    await slack.api.waitFor((r) => r.path === '/api/chat.postMessage' && r.form.thread_ts === '1700000000.000100');
    expect(slack.api.calls('chat.postMessage').map((call) => call.form.thread_ts)).toEqual(['1700000000.000100']);
  });

  it('answers a retried event delivery only once', async () => {
    const event = mentionEvent('<@UBOT> docker exec', 'EvRETRY1');
    await postEvent(slack.eventsUrl, event);
    await slack.api.waitFor((r) => r.path === '/api/chat.postMessage');
    const retry = await postEvent(slack.eventsUrl, event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.api.calls('chat.postMessage')).toHaveLength(1);
  });

  it('makes mention syntax inert, as typed (escaped by Slack) and as real mentions', async () => {
    // Slack sends typed `<` as `&lt;`, and a real broadcast or user mention as `<!here>` / `<@U…|name>`.
    const message = await ask('&lt;!channel&gt; <!here> @everyone <@U999|bob> <!subteam^S1|@ops> docker exec &amp; friends');
    const text = allText(message);
    expect(text).toContain('You asked: &lt;!channel&gt; @\u2060here @\u2060everyone @bob @ops docker exec &amp; friends');
    expect(text).not.toContain('&amp;amp;');
    // Button values carry the question back to us as data; only what Slack shows is checked.
    expect(`${message.text}\n${text}`).not.toMatch(/<!(channel|here|everyone|subteam)|<@U|@(everyone|here|channel)\b/);
  });

  it('retries a Web API 429 after Retry-After', async () => {
    const retrying = await startSlackHttp({}, { retries: 1 });
    try {
      retrying.api.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
      await postEvent(retrying.eventsUrl, mentionEvent('<@UBOT> docker exec'));
      const calls = await new Promise<number>((resolve) => {
        const poll = setInterval(() => {
          const n = retrying.api.calls('chat.postMessage').length;
          if (n >= 2) (clearInterval(poll), resolve(n));
        }, 50);
      });
      expect(calls).toBe(2);
      const [first, second] = retrying.api.calls('chat.postMessage');
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
    } finally {
      await retrying.stop();
    }
  });

  it('logs other Web API errors, apologises to the user, and keeps running', async () => {
    slack.api.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await postEvent(slack.eventsUrl, mentionEvent('<@UBOT> docker exec'));
    const apology = await slack.api.waitFor((r) => r.path === '/api/chat.postEphemeral');
    expect(apology.form.text).toBe(UNDELIVERED);
    expect(apology.form.user).toBe('U1');
    expect(slack.log.lines.some((l) => l.level === 'error' && /chat\.postMessage: channel_not_found/.test(l.message))).toBe(true);
    expect(JSON.stringify(slack.log.lines)).not.toContain('xoxb-test-token');
    expect(allText(await ask('docker exec'))).toContain('Starting and Stopping');
  });

  describe('refuses requests that are not signed by Slack', () => {
    const fields = () => slashCommand('docker exec', 'http://127.0.0.1:1/never');
    it.each([
      ['a bad signature', { signature: 'v0=0000' }],
      ['no signature', { signature: null }],
      ['a signature with another secret', { secret: 'not-the-secret' }],
      ['a timestamp over 5 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
      ['a timestamp in the future', { timestamp: Math.floor(Date.now() / 1000) + 60 * 60 }],
    ])('%s → 401, nothing answered', async (_name, options) => {
      const post = await postToSlackEndpoint(slack.eventsUrl, fields(), options);
      expect(post.status).toBe(401);
      expect(slack.responses.requests).toHaveLength(0);
    });

    it('a tampered body → 401', async () => {
      const body = new URLSearchParams(fields()).toString();
      const ts = Math.floor(Date.now() / 1000);
      const res = await fetch(slack.eventsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) },
        body: body.replace('docker+exec', 'docker+run'),
      });
      expect(res.status).toBe(401);
    });
  });
});
