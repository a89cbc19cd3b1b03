import { afterEach, describe, expect, it } from 'vitest';
import { APOLOGY } from '../../src/bot.js';
import { postToSlackEndpoint, slashCommand } from '../support/wire/slack-fakes.js';
import { startSlackHttp, type SlackHarness } from '../support/wire/slack-harness.js';

/**
 * Slack gives up on an ack after 3 s and the bot has one thread: nothing of
 * the answer (search, rendering, recording, logging) may run before the ack
 * has left. "acked" is the HTTP response's `finish` (handed to the socket),
 * "answering" is the moment the bot's answer work starts, "answered" is the
 * answer reaching response_url.
 */
describe('Slack acks first, then answers', () => {
  let slack: SlackHarness | undefined;
  afterEach(async () => {
    await slack?.stop();
    slack = undefined;
  });

  /** Starts Slack over HTTP with every step of each command written to `steps`, keyed by its response_url. */
  async function watchedSlack(): Promise<{ slack: SlackHarness; steps: string[] }> {
    const steps: string[] = [];
    const started = await startSlackHttp(
      {},
      {
        onRequest: (req, res) => {
          let body = '';
          req.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.once('finish', () => steps.push(`acked ${new URLSearchParams(body).get('response_url')}`));
        },
        wrapBot: (bot) => ({
          ...bot,
          handleCommand: (event) => {
            steps.push(`answering ${event.text}`);
            return bot.handleCommand(event);
          },
        }),
      },
    );
    started.responses.setHandler((request) => {
      steps.push(`answered ${started.responses.url}${request.path}`);
      return { body: 'ok' };
    });
    return { slack: started, steps };
  }

  it('sends the ack before the answer work starts, and the answer after it', async () => {
    const watched = await watchedSlack();
    slack = watched.slack;
    const responseUrl = `${slack.responses.url}/respond/volumes`;
    const post = await postToSlackEndpoint(slack.eventsUrl, slashCommand('how do volumes work', responseUrl));
    expect([post.status, post.body]).toEqual([200, '']);
    await slack.responses.waitFor((r) => r.path === '/respond/volumes');
    expect(watched.steps).toEqual([`acked ${responseUrl}`, 'answering how do volumes work', `answered ${responseUrl}`]);
  });

  it('acks every command of a burst before starting its answer', async () => {
    const watched = await watchedSlack();
    slack = watched.slack;
    const questions = ['docker exec', 'how do volumes work', 'what does --network none do', 'docker ps', 'how do I deploy to kubernetes', 'help'];
    const urls = questions.map((_, i) => `${slack!.responses.url}/respond/${i}`);
    const posts = await Promise.all(questions.map((q, i) => postToSlackEndpoint(slack!.eventsUrl, slashCommand(q, urls[i]!))));
    expect(posts.map((p) => p.status)).toEqual(questions.map(() => 200));
    await Promise.all(urls.map((_, i) => slack!.responses.waitFor((r) => r.path === `/respond/${i}`)));
    questions.forEach((q, i) => {
      const acked = watched.steps.indexOf(`acked ${urls[i]}`);
      const answering = watched.steps.indexOf(`answering ${q}`);
      const answered = watched.steps.indexOf(`answered ${urls[i]}`);
      expect([acked >= 0, acked < answering, answering < answered], q).toEqual([true, true, true]);
    });
  });

  it('still acks a command whose answer throws, apologises to the user, and answers the next one', async () => {
    let failing = true;
    // The real bot, whose answer path throws (synchronously) while `failing` is set.
    slack = await startSlackHttp(
      {},
      {
        wrapBot: (bot) => ({
          ...bot,
          handleCommand: (event) => {
            if (failing) throw new Error('the answer path broke');
            return bot.handleCommand(event);
          },
        }),
      },
    );
    const post = await postToSlackEndpoint(slack.eventsUrl, slashCommand('docker exec', slack.responseUrl));
    expect([post.status, post.body]).toEqual([200, '']);
    const apology = await slack.api.waitFor((r) => r.path === '/api/chat.postEphemeral');
    expect([apology.form.text, apology.form.user, apology.form.channel]).toEqual([APOLOGY, 'U1', 'C1']);
    expect(slack.log.lines.some((l) => l.level === 'error' && /the answer path broke/.test(JSON.stringify(l.fields)))).toBe(true);

    failing = false;
    const next = await postToSlackEndpoint(slack.eventsUrl, slashCommand('docker exec', `${slack.responses.url}/respond/next`));
    expect(next.status).toBe(200);
    const answer = await slack.responses.waitFor((r) => r.path === '/respond/next');
    expect(JSON.stringify(answer.json)).toContain('docker exec');
  });
});
