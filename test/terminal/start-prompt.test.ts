import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../adapters/app/start-bot.js';
import type { CliIo } from '../../adapters/cli/cli-io.js';
import { ROOT } from '../support/notes.js';
import { KEY, Screen } from '../support/terminal-keys.js';
import { waitFor } from '../support/wait-for.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** `wharfie start` at a terminal, in this process: its streams and signals are the test's. */
async function startAtTerminal(options: { lineEditing: boolean; env?: Record<string, string> }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-start-'));
  dirs.push(dir);
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let errors = '';
  stderr.setEncoding('utf8').on('data', (d: string) => (errors += d));
  const io: CliIo = {
    stdin,
    stdout,
    stderr,
    env: { WHARFIE_DB: path.join(dir, 'wharfie.db'), WHARFIE_SANDBOX: 'off', WHARFIE_TERMINAL: 'on', WHARFIE_REFERENCE: 'off', WHARFIE_HTTP: 'off', ...options.env },
    cwd: ROOT,
    interactive: true,
    color: false,
    lineEditing: options.lineEditing,
  };
  const signals = new EventEmitter();
  const screen = new Screen(stdout);
  const exit = startBot({ knowledgeFlags: [], reference: false, io, signals });
  return { dir, stdin, screen, signals, exit, errors: () => errors };
}

describe('wharfie start at a terminal', () => {
  it('Ctrl-C on an empty prompt stops the whole bot cleanly, and nothing reads the terminal after', async () => {
    const bot = await startAtTerminal({ lineEditing: true });
    await bot.screen.see('docker> ');
    bot.stdin.write(`how do volumes work${KEY.enter}`);
    await bot.screen.see('Day 2 › Volumes');
    bot.stdin.write(KEY.ctrlC);
    expect(await bot.exit).toBe(0);
    expect(bot.stdin.listenerCount('keypress')).toBe(0);
    expect(bot.errors()).toBe('');
    // History is kept in the data folder, beside the database.
    expect(await readFile(path.join(bot.dir, 'terminal-history'), 'utf8')).toBe('how do volumes work\n');
  });

  it('SIGINT from outside stops reading before the database closes: no "database connection is not open"', async () => {
    const bot = await startAtTerminal({ lineEditing: false });
    await bot.screen.see('docker> ');
    bot.signals.emit('SIGINT');
    expect(await bot.exit).toBe(0);
    expect(bot.stdin.listenerCount('data')).toBe(0);
    expect(bot.errors()).not.toMatch(/database connection is not open/);
  });

  it('with Slack configured but unreachable, the prompt still comes up and answers, and the failure is logged on stderr', async () => {
    // A port nothing listens on: every Slack call fails at once.
    const bot = await startAtTerminal({
      lineEditing: false,
      env: { SLACK_BOT_TOKEN: 'xoxb-1-2-test', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: 'http://127.0.0.1:9/api/', LOG_LEVEL: 'warn' },
    });
    await bot.screen.see('docker> ');
    bot.stdin.write(`how do volumes work${KEY.enter}`);
    await bot.screen.see('Day 2 › Volumes');
    await waitFor(() => /could not connect to Slack/.test(bot.errors()), 'the Slack failure on stderr');
    bot.signals.emit('SIGTERM');
    expect(await bot.exit).toBe(0);
  });
});
