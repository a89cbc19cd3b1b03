import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/app/logger.js';
import { ENV_SCHEMA, loadConfig } from '../../src/config.js';
import { configErrorFor } from '../support/config-error.js';
import { ROOT } from '../support/notes.js';
import { startBotProcess } from '../support/wire/bot-process.js';

describe('configuration', () => {
  it('documents every variable in the schema, .env.example and the README', async () => {
    const example = await readFile(path.join(ROOT, '.env.example'), 'utf8');
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    for (const [key, schema] of Object.entries(ENV_SCHEMA.shape)) {
      expect((schema as { description?: string }).description, key).toBeTruthy();
      expect(example, key).toMatch(new RegExp(`^#? ?${key}=`, 'm'));
      expect(readme, key).toContain(`\`${key}\``);
    }
  });

  it.each([
    [{ SLACK_APP_TOKEN: 'xapp-1' }, /SLACK_BOT_TOKEN is missing/],
    [{ SLACK_BOT_TOKEN: 'xoxb-secret-1' }, /neither SLACK_APP_TOKEN .* nor SLACK_SIGNING_SECRET/],
    [{ DISCORD_GUILD_ID: '1' }, /DISCORD_TOKEN is missing/],
    [{ PORT: 'eighty' }, /PORT/],
    [{ SLACK_API_URL: 'ftp://x' }, /SLACK_API_URL/],
    [{ WHARFIE_SANDBOX_IMAGES: 'busybox' }, /WHARFIE_SANDBOX_IMAGES/],
    [{ WHARFIE_QUIZ_SCHEDULES: 'slack:C1 25:00 UTC' }, /WHARFIE_QUIZ_SCHEDULES/],
    [{ WHARFIE_REPORT_CHANNEL: 'slack:C1', WHARFIE_REPORT_SCHEDULE: 'someday' }, /WHARFIE_REPORT_SCHEDULE/],
    [{ WHARFIE_DATABASE_URL: 'mysql://u:secret-1@db/x' }, /WHARFIE_DATABASE_URL/],
    [{ DISCORD_TOKEN: 'MTA.Gx.yz', WHARFIE_DISCORD_SHARDS: '2/2' }, /WHARFIE_DISCORD_SHARDS/],
    [{ DISCORD_TOKEN: 'MTA.Gx.yz', WHARFIE_DISCORD_SHARDS: 'all' }, /WHARFIE_DISCORD_SHARDS/],
  ])('fails fast on %o, naming the variable and never echoing a secret', (env, message) => {
    const error = configErrorFor(env);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('secret');
  });

  it('accepts Socket Mode, HTTP mode, and both platforms together', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-b', SLACK_APP_TOKEN: 'xapp-a' }).slack?.mode).toBe('socket');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-b', SLACK_SIGNING_SECRET: 's' }).slack?.mode).toBe('http');
    const both = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-b', SLACK_APP_TOKEN: 'xapp-a', DISCORD_TOKEN: 'MTA.Gx.yz' });
    expect([both.slack?.mode, both.discord?.token]).toEqual(['socket', 'MTA.Gx.yz']);
    expect(loadConfig({ DISCORD_TOKEN: 'MTA.Gx.yz', WHARFIE_DISCORD_SHARDS: '0, 1/2' }).discord?.shards).toEqual({ ids: [0, 1], count: 2 });
  });
});

describe('logs', () => {
  it('are JSON lines with secrets redacted wherever they appear', () => {
    let out = '';
    const log = createLogger({ level: 'info', pretty: false, destination: new Writable({ write: (chunk, _e, done) => ((out += chunk), done()) }) });
    log.info({ token: 'xoxb-1', config: { botToken: 'xoxb-2', signingSecret: 's3cr3t' }, headers: { authorization: 'Bearer abc' } }, 'hello');
    const line = JSON.parse(out) as Record<string, unknown>;
    expect(line.msg).toBe('hello');
    expect(out).not.toMatch(/xoxb-1|xoxb-2|s3cr3t|Bearer abc/);
  });
});


describe('the bot process', () => {
  it('serves /healthz and /readyz, logs JSON at info without secrets or message bodies, and exits 0 on SIGTERM', async () => {
    const bot = await startBotProcess({ WHARFIE_ADMINS: 'slack:U-secret-admin' });
    try {
      expect((await bot.waitForHttp('/healthz', (r) => r.status === 200, 10_000)).status).toBe(200);
      const ready = await bot.get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready', checks: { knowledge: true, quiz: true } });
      expect((await bot.get('/nope')).status).toBe(404);
      bot.signal('SIGTERM');
      expect(await bot.waitForExit(20_000)).toBe(0);
      // Every line on stderr is a JSON log line.
      expect(bot.plainLines).toEqual([]);
      expect(bot.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['knowledge loaded', 'http listening', 'shutting down']));
      expect(JSON.stringify(bot.logs)).not.toContain('U-secret-admin');
    } finally {
      bot.kill();
    }
  }, 30_000);
});
