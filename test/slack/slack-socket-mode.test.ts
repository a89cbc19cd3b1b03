import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.js';
import { createBot } from '../../src/bot.js';
import { notesKnowledge } from '../support/notes.js';
import { startFakeHttp, type FakeHttp } from '../support/wire/fake-http.js';
import { buttonPress, slashCommand, startFakeSlackApi, startFakeSocketMode, type FakeSlackApi, type FakeSocketMode } from '../support/wire/slack-fakes.js';
import { recordingLogger } from '../support/wire/slack-harness.js';

describe('Slack in Socket Mode (real Bolt, a local WebSocket server)', () => {
  let socket: FakeSocketMode;
  let api: FakeSlackApi;
  let responses: FakeHttp;
  let adapter: SlackAdapter;

  beforeEach(async () => {
    socket = await startFakeSocketMode();
    api = await startFakeSlackApi({ socketUrl: () => socket.url });
    responses = await startFakeHttp(() => ({ body: 'ok' }));
    const log = recordingLogger();
    adapter = createSlackAdapter({
      config: { mode: 'socket', botToken: 'xoxb-test-token', appToken: 'xapp-test-token', apiUrl: api.apiUrl },
      bot: createBot({ knowledge: await notesKnowledge(), log, now: () => new Date() }),
      log,
      clientOptions: { retryConfig: { retries: 0 } },
      clientPingTimeout: 300,
    });
    await adapter.start();
  });

  afterEach(async () => {
    await adapter.stop();
    await socket.close();
    await api.close();
    await responses.close();
  });

  it('connects through apps.connections.open with the app token', async () => {
    const open = await api.waitFor((r) => r.path === '/api/apps.connections.open');
    expect(open.headers.authorization).toBe('Bearer xapp-test-token');
    expect(socket.connections).toBe(1);
  });

  it('acks a slash command envelope, then answers through response_url', async () => {
    const ack = await socket.send({
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: slashCommand('how do volumes work', `${responses.url}/respond/sm`),
    });
    expect(ack.envelope_id).toBeTruthy();
    const reply = await responses.waitFor((r) => r.path === '/respond/sm');
    const message = reply.json as { response_type: string; blocks: { text?: { text: string } }[] };
    expect(message.response_type).toBe('ephemeral');
    expect(JSON.stringify(message.blocks)).toContain('Day 2 › Volumes');
  });

  it('acks a button press and answers it', async () => {
    await socket.send({ type: 'slash_commands', accepts_response_payload: true, payload: slashCommand('docker exec', `${responses.url}/respond/a`) });
    const answer = (await responses.waitFor((r) => r.path === '/respond/a')).json as { blocks: { type: string; elements?: { value?: string }[] }[] };
    const share = answer.blocks.find((b) => b.type === 'actions')!.elements![0]!.value!;
    const ack = await socket.send({ type: 'interactive', accepts_response_payload: false, payload: buttonPress(share, `${responses.url}/respond/b`) });
    expect(ack.envelope_id).toBeTruthy();
    const shared = (await responses.waitFor((r) => r.path === '/respond/b' && (r.json as { response_type: string }).response_type === 'in_channel')).json as { response_type: string };
    expect(shared.response_type).toBe('in_channel');
  });

  it('reconnects through apps.connections.open after a disconnect', async () => {
    socket.disconnect();
    await socket.waitForConnection(2);
    expect(api.calls('apps.connections.open').length).toBeGreaterThanOrEqual(2);
    await socket.send({ type: 'slash_commands', accepts_response_payload: true, payload: slashCommand('help', `${responses.url}/respond/after`) });
    expect(JSON.stringify((await responses.waitFor((r) => r.path === '/respond/after')).json)).toContain('/docker quiz');
  });
});

describe('Slack readiness', () => {
  it('is ready once Socket Mode connects, and not after it stops', async () => {
    const socket = await startFakeSocketMode();
    const api = await startFakeSlackApi({ socketUrl: () => socket.url });
    const log = recordingLogger();
    const adapter = createSlackAdapter({
      config: { mode: 'socket', botToken: 'xoxb-test-token', appToken: 'xapp-test-token', apiUrl: api.apiUrl },
      bot: createBot({ knowledge: await notesKnowledge(), log, now: () => new Date() }),
      log,
      clientOptions: { retryConfig: { retries: 0 } },
    });
    expect(adapter.ready()).toBe(false);
    await adapter.start();
    expect(adapter.ready()).toBe(true);
    await adapter.stop();
    expect(adapter.ready()).toBe(false);
    await socket.close();
    await api.close();
  });
});
