import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStores } from '../../adapters/app/open-stores.js';
import { pendingSlackWork } from '../../adapters/slack/pending-slack-work.js';
import { DELIVERY_TAKE_LEASE_MS } from '../../src/delivery-log.js';
import { startBotProcess } from '../support/wire/bot-process.js';
import { startFakeHttp } from '../support/wire/fake-http.js';
import { SIGNING_SECRET, slashCommand, startFakeSlackApi } from '../support/wire/slack-fakes.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a slash command acknowledged by a process that died before answering', () => {
  it('is answered once, through its response_url, by the next process on the same database', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-takeover-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'wharfie.db');
    const api = await startFakeSlackApi();
    cleanups.push(() => api.close());
    const responses = await startFakeHttp(() => ({ body: 'ok' }));
    cleanups.push(() => responses.close());

    // What the dead process recorded before its ack, 20 s ago; it never renewed its lease again.
    const command = slashCommand('how do volumes work', `${responses.url}/respond/lost`);
    const dead = await openStores({ WHARFIE_DB: file, WHARFIE_DATABASE_URL: undefined, WHARFIE_DATABASE_TIMEOUT_MS: 5000 });
    expect(await dead.deliveries.firstDelivery(`trigger:${command.trigger_id}`, Date.now() - DELIVERY_TAKE_LEASE_MS - 5_000, pendingSlackWork(command))).toBe(true);
    await dead.close();

    const bot = await startBotProcess({ WHARFIE_DB: file, SLACK_BOT_TOKEN: 'xoxb-takeover', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl });
    cleanups.push(() => bot.kill());
    const answer = await responses.waitFor((r) => r.path === '/respond/lost', 30_000);
    expect(JSON.stringify(answer.json)).toContain('Volumes');
    await bot.waitForLog((line) => line.msg === 'taking over work a stopped replica acknowledged and never finished');
    bot.signal('SIGTERM');
    expect(await bot.waitForExit(10_000)).toBe(0);
    expect(responses.requests.filter((r) => r.path === '/respond/lost')).toHaveLength(1);

    // Marked done: a later process does not answer it again.
    const after = await openStores({ WHARFIE_DB: file, WHARFIE_DATABASE_URL: undefined, WHARFIE_DATABASE_TIMEOUT_MS: 5000 });
    cleanups.push(() => after.close());
    expect(await after.deliveries.claimLapsed(Date.now() + DELIVERY_TAKE_LEASE_MS, ['slack'], 0, 10)).toEqual([]);
  }, 60_000);
});
