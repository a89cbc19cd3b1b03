import { afterEach, describe, expect, it } from 'vitest';
import { startFakeHttp, type FakeHttp } from '../support/wire/fake-http.js';
import { startBotProcess, type BotProcess } from '../support/wire/bot-process.js';
import { mentionEvent, NEVER, postEvent, postToSlackEndpoint, SIGNING_SECRET, slashCommand, startFakeSlackApi, startFakeSocketMode, type FakeSlackApi, type FakeSocketMode } from '../support/wire/slack-fakes.js';

/** Shutdown must end within this (the figure; Docker's stop timeout is 10 s). */
const SHUTDOWN_DEADLINE_MS = 8_000;

/** The real `wharfie start` against a local Slack: start-up, readiness, reconnection and shutdown. */
describe('wharfie start with Slack (real process, real Bolt, local fakes)', () => {
  let bot: BotProcess | undefined;
  let api: FakeSlackApi | undefined;
  let socket: FakeSocketMode | undefined;
  let responses: FakeHttp | undefined;
  afterEach(async () => {
    bot?.kill();
    await bot?.waitForExit(5_000).catch(() => undefined);
    await socket?.close();
    await api?.close();
    await responses?.close();
    bot = api = socket = responses = undefined;
  });

  const httpMode = async (): Promise<BotProcess> => {
    api ??= await startFakeSlackApi();
    return startBotProcess({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl });
  };
  const socketMode = async (): Promise<BotProcess> => {
    socket = await startFakeSocketMode();
    api = await startFakeSlackApi({ socketUrl: () => socket!.url });
    return startBotProcess({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-test-token', SLACK_API_URL: api.apiUrl });
  };
  const ready = (r: { status: number }) => r.status === 200;

  describe('start-up with the Slack API down', () => {
    it('serves /healthz at once, says on /readyz what is not ready, logs each failure, and connects when Slack is back', async () => {
      api = await startFakeSlackApi();
      api.outage({ status: 503, body: 'down' });
      bot = await httpMode();
      expect((await bot.waitForHttp('/healthz', (r) => r.status === 200)).body).toEqual({ status: 'ok' });
      const notReady = await bot.waitForHttp('/readyz', (r) => r.status === 503 && /HTTP 503/.test(JSON.stringify(r.body.notReady)));
      expect(notReady.body).toMatchObject({ status: 'not ready', checks: { slack: false }, notReady: { slack: expect.stringContaining('connecting to Slack') } });
      await bot.waitForLog((l) => l.msg === 'connecting to Slack…');
      // Two failures, each logged with its reason: it keeps trying (1 s, then 2 s apart).
      await bot.waitForLog(() => bot!.logs.filter((l) => /could not connect to Slack: HTTP 503/.test(l.msg)).length >= 2);
      expect(bot.logs.filter((l) => /could not connect to Slack/.test(l.msg)).every((l) => l.reason === 'HTTP 503')).toBe(true);
      api.outage(null);
      await bot.waitForLog((l) => l.msg === 'connected to Slack as wharfie (Test Team)');
      await bot.waitForHttp('/readyz', ready);
      bot.signal('SIGTERM');
      expect(await bot.waitForExit(SHUTDOWN_DEADLINE_MS)).toBe(0);
    }, 60_000);

    it('exits 1 with one clear line when Slack refuses the bot token', async () => {
      api = await startFakeSlackApi();
      api.outage({ body: { ok: false, error: 'invalid_auth' } }, ['auth.test']);
      bot = await httpMode();
      expect(await bot.waitForExit(40_000)).toBe(1);
      expect(bot.plainLines).toEqual([expect.stringMatching(/^wharfie: Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/)]);
      expect(bot.logs.filter((l) => l.level >= 50)).toEqual([]);
    }, 60_000);

    it('exits 1 with one clear line when Slack refuses the app token', async () => {
      bot = await socketMode();
      api!.outage({ body: { ok: false, error: 'invalid_auth' } }, ['apps.connections.open']);
      expect(await bot.waitForExit(40_000)).toBe(1);
      expect(bot.plainLines).toEqual([expect.stringMatching(/^wharfie: Slack refused SLACK_APP_TOKEN \(invalid_auth\)/)]);
    }, 60_000);
  });

  describe('SIGTERM while a Slack call is stuck', () => {
    it('exits in time while a response_url never answers', async () => {
      responses = await startFakeHttp(NEVER);
      bot = await httpMode();
      await bot.waitForHttp('/readyz', ready);
      const post = await postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, slashCommand('docker exec', `${responses.url}/respond/stuck`));
      expect(post.status).toBe(200);
      await responses.waitFor((r) => r.path === '/respond/stuck');
      bot.signal('SIGTERM');
      expect(await bot.waitForExit(SHUTDOWN_DEADLINE_MS)).toBe(0);
    }, 60_000);

    it('exits in time while chat.postMessage never answers', async () => {
      bot = await httpMode();
      await bot.waitForHttp('/readyz', ready);
      api!.outage('hang', ['chat.postMessage']);
      await postEvent(`http://127.0.0.1:${bot.port}/slack/events`, mentionEvent('<@UBOT> docker exec'));
      await api!.waitFor((r) => r.path === '/api/chat.postMessage');
      bot.signal('SIGTERM');
      expect(await bot.waitForExit(SHUTDOWN_DEADLINE_MS)).toBe(0);
    }, 60_000);

    it('exits in time while Socket Mode is still connecting', async () => {
      socket = await startFakeSocketMode();
      api = await startFakeSlackApi({ socketUrl: () => socket!.url });
      api.outage('hang', ['apps.connections.open']);
      bot = await startBotProcess({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-test-token', SLACK_API_URL: api.apiUrl });
      await api.waitFor((r) => r.path === "/api/apps.connections.open", 40_000);
      bot.signal('SIGTERM');
      expect(await bot.waitForExit(SHUTDOWN_DEADLINE_MS)).toBe(0);
    }, 60_000);
  });

  describe('Socket Mode readiness', () => {
    it('reconnects at once after Slack says disconnect, and is unready while it cannot', async () => {
      bot = await socketMode();
      await bot.waitForHttp('/readyz', ready);
      await bot.waitForLog((l) => l.msg === 'connected to Slack as wharfie (Test Team)');

      // Slack recycles the connection: a new one follows without the SDK's 5 s pause.
      socket!.disconnect();
      await socket!.waitForConnection(2, 3_000);
      await bot.waitForHttp('/readyz', ready);

      // Slack recycles it while apps.connections.open fails: unready, saying why, until it is back.
      api!.outage({ status: 503, body: 'down' }, ['apps.connections.open']);
      socket!.disconnect();
      const down = await bot.waitForHttp('/readyz', (r) => r.status === 503);
      expect(down.body).toMatchObject({ checks: { slack: false }, notReady: { slack: expect.stringContaining('connecting to Slack') } });
      api!.outage(null);
      await socket!.waitForConnection(3, 20_000);
      await bot.waitForHttp('/readyz', ready);
      const accepted = await socket!.send({ type: 'slash_commands', accepts_response_payload: true, payload: slashCommand('help', 'http://127.0.0.1:1/unused') });
      expect(accepted.envelope_id).toBeTruthy();

      bot.signal('SIGTERM');
      expect(await bot.waitForExit(SHUTDOWN_DEADLINE_MS)).toBe(0);
    }, 90_000);
  });
});
