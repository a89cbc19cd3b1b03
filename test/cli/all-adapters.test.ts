import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { slashInteraction, startFakeDiscord, type FakeDiscord } from '../support/wire/discord-fakes.js';
import { startFakeHttp, type FakeHttp } from '../support/wire/fake-http.js';
import { slashCommand, startFakeSlackApi, startFakeSocketMode, type FakeSlackApi, type FakeSocketMode } from '../support/wire/slack-fakes.js';
import { ROOT } from '../support/notes.js';

describe('wharfie start with Slack, Discord and the terminal in one process', () => {
  let socket: FakeSocketMode;
  let slackApi: FakeSlackApi;
  let responses: FakeHttp;
  let discord: FakeDiscord;
  afterEach(async () => {
    await Promise.all([socket?.close(), slackApi?.close(), responses?.close(), discord?.close()]);
  });

  it('answers on all three, keeps running after the terminal closes, and stops cleanly on SIGTERM', async () => {
    socket = await startFakeSocketMode();
    slackApi = await startFakeSlackApi({ socketUrl: () => socket.url });
    responses = await startFakeHttp(() => ({ body: 'ok' }));
    discord = await startFakeDiscord();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wharfie.js'), 'start'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NO_COLOR: '1',
        WHARFIE_TERMINAL: 'on',
        WHARFIE_SANDBOX: 'off',
        WHARFIE_HTTP: 'off',
        WHARFIE_CACHE_DIR: 'off',
        WHARFIE_DB: ':memory:',
        WHARFIE_ENV_FILE: 'off',
        SLACK_APP_TOKEN: 'xapp-e2e',
        SLACK_BOT_TOKEN: 'xoxb-e2e',
        SLACK_API_URL: slackApi.apiUrl,
        DISCORD_TOKEN: 'e2e.discord.token',
        DISCORD_API_URL: discord.apiUrl,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await socket.waitForConnection(1, 15_000);
      while (discord.identifies === 0) await new Promise((r) => setTimeout(r, 50));

      child.stdin.end('docker exec\n');
      while (!stdout.includes('Starting and Stopping')) await new Promise((r) => setTimeout(r, 50));

      await socket.send({ type: 'slash_commands', accepts_response_payload: true, payload: slashCommand('how do volumes work', `${responses.url}/respond/e2e`) });
      expect(JSON.stringify((await responses.waitFor((r) => r.path === '/respond/e2e')).json)).toContain('Day 2 › Volumes');

      const interaction = slashInteraction('ask', { question: '--pid=host' });
      discord.dispatch('INTERACTION_CREATE', interaction);
      expect(JSON.stringify((await discord.callbackFor(interaction.id)).json)).toContain('Day 2 › Processes');

      // The bot bounds its own shutdown (SHUTDOWN_LIMIT_MS); the test timeout bounds this wait.
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).not.toContain('xoxb-e2e');
    } finally {
      child.kill('SIGKILL');
    }
  }, 40_000);
});
