import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareDatabasePath } from '../../adapters/app/database-path.js';
import { withEnvFile } from '../../adapters/settings/env-file.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { configErrorFor } from '../support/config-error.js';
import { FIXTURES, NOTES_DIR, ROOT } from '../support/notes.js';
import { runCli } from '../support/run-cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const noStackTrace = (stderr: string): void => {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr.trim().split('\n')).toHaveLength(1);
};

describe('.env', () => {
  it('is read at start from the working folder, and the environment wins over it', async () => {
    await writeFile(path.join(dir, '.env'), `# my settings\nWHARFIE_KNOWLEDGE=${path.join(FIXTURES, 'git-notes')}\nWHARFIE_REFERENCE=off\n`);
    const fromFile = await runCli(['ask', '--json', 'how do branches work'], { cwd: dir, env: { WHARFIE_ENV_FILE: '' } });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout).answer.source).toBe('branches.md');

    const envWins = await runCli(['ask', '--json', 'how do volumes work'], { cwd: dir, env: { WHARFIE_ENV_FILE: '', WHARFIE_KNOWLEDGE: NOTES_DIR } });
    expect(JSON.parse(envWins.stdout).answer.source).toBe('day-2.md');
  });

  it('merges under the environment and names a settings file that cannot be read', async () => {
    await writeFile(path.join(dir, '.env'), 'LOG_LEVEL=debug\nPORT=8080\n');
    expect(withEnvFile({ PORT: '3001' }, dir)).toMatchObject({ LOG_LEVEL: 'debug', PORT: '3001' });
    expect(withEnvFile({ WHARFIE_ENV_FILE: 'off' }, dir)).toEqual({ WHARFIE_ENV_FILE: 'off' });
    expect(withEnvFile({}, path.join(dir, 'nowhere'))).toEqual({});
    expect(() => withEnvFile({ WHARFIE_ENV_FILE: 'prod.env' }, dir)).toThrow(/WHARFIE_ENV_FILE=prod\.env: .*prod\.env does not exist/);
    await mkdir(path.join(dir, 'folder', '.env'), { recursive: true });
    expect(() => withEnvFile({}, path.join(dir, 'folder'))).toThrow(ConfigError);
  });

  it('.env.example sets nothing: every default is commented out, so `docker run --env-file .env.example` keeps the image’s own', async () => {
    const example = await readFile(path.join(ROOT, '.env.example'), 'utf8');
    expect(parseEnv(example)).toEqual({});
    expect(loadConfig(parseEnv(example)).env).toEqual(loadConfig({}).env);
  });
});

describe('paths', () => {
  it('WHARFIE_DB pointing at a folder: one line naming the variable and the path, exit 2', async () => {
    const run = await runCli(['start'], { env: { WHARFIE_DB: dir, WHARFIE_SANDBOX: 'off' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`WHARFIE_DB=${dir}`);
    expect(run.stderr).toContain('is a folder');
    noStackTrace(run.stderr);
  });

  it('a typo’d WHARFIE_DB is not created with mkdir -p: only the database’s own folder is made', async () => {
    const typo = path.join(dir, 'srv', 'wharfe', 'data', 'wharfie.db');
    const run = await runCli(['start'], { env: { WHARFIE_DB: typo, WHARFIE_SANDBOX: 'off' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`WHARFIE_DB=${typo}: the folder ${path.join(dir, 'srv', 'wharfe')} does not exist`);
    noStackTrace(run.stderr);
    expect(existsSync(path.join(dir, 'srv'))).toBe(false);

    expect(prepareDatabasePath('data/wharfie.db', dir)).toBe(path.join(dir, 'data', 'wharfie.db'));
    expect(existsSync(path.join(dir, 'data'))).toBe(true);
    expect(prepareDatabasePath(':memory:', dir)).toBe(':memory:');
  });

  it.each([
    ['a missing folder', (d: string) => path.join(d, 'notez'), 'does not exist'],
    ['a file, not a folder', (d: string) => path.join(FIXTURES, 'git-notes', 'branches.md'), 'is not a folder'],
  ])('a knowledge folder that is %s: one line naming the variable and the path, exit 2', async (_what, folder, why) => {
    const knowledge = folder(dir);
    const fromEnv = await runCli(['start'], { env: { WHARFIE_KNOWLEDGE: knowledge, WHARFIE_SANDBOX: 'off' } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain(`WHARFIE_KNOWLEDGE: ${knowledge} ${why}`);
    noStackTrace(fromEnv.stderr);
    const fromFlag = await runCli(['ask', '--knowledge', knowledge, 'volumes']);
    expect(fromFlag.code).toBe(2);
    expect(fromFlag.stderr).toContain(`--knowledge: ${knowledge} ${why}`);
  });

  it('no notes at all is a start-up error, not a bot that answers "not in the notes" to everything', async () => {
    await writeFile(path.join(dir, 'README.txt'), 'not markdown');
    const run = await runCli(['start'], { env: { WHARFIE_KNOWLEDGE: dir, WHARFIE_SANDBOX: 'off' }, input: 'how do volumes work\n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`WHARFIE_KNOWLEDGE: no notes to answer from in ${dir}`);
    expect(run.stdout).toBe('');
  });
});

describe('tokens and logs', () => {
  it.each([
    [{ SLACK_BOT_TOKEN: 'foo', SLACK_APP_TOKEN: 'xapp-1-A1-2' }, 'SLACK_BOT_TOKEN', 'xoxb-'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_APP_TOKEN: 'xoxb-1-2' }, 'SLACK_APP_TOKEN', 'xapp-'],
    [{ DISCORD_TOKEN: 'Bot MTA.Gx.yz' }, 'DISCORD_TOKEN', 'Bot'],
  ])('a token of the wrong shape (%o) is rejected naming %s, never printing the token', (env, variable, hint) => {
    const message = configErrorFor(env).message;
    expect(message).toContain(`${variable}: does not look like`);
    expect(message).toContain(hint);
    for (const value of Object.values(env)) expect(message).not.toContain(value);
  });

  it('SLACK_BOT_TOKEN=foo stops `wharfie start` with exit 2', async () => {
    const run = await runCli(['start'], { env: { SLACK_BOT_TOKEN: 'foo', SLACK_APP_TOKEN: 'xapp-1' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN: does not look like a Slack bot token starting with xoxb-');
    expect(run.stderr).not.toMatch(/\bfoo\b/);
  });

  it('LOG_LEVEL is honoured at the terminal prompt, on stderr; unset, the prompt shows warnings only', async () => {
    const env = { WHARFIE_TERMINAL: 'on', WHARFIE_SANDBOX: 'off', WHARFIE_REFERENCE: 'off' };
    const asked = await runCli(['start'], { env: { ...env, LOG_LEVEL: 'info' }, input: 'how do volumes work\n' });
    expect(asked.code).toBe(0);
    expect(asked.stderr).toContain('knowledge loaded');
    expect(asked.stdout).not.toContain('knowledge loaded');
    expect(asked.stdout).toContain('Volumes');
    const quiet = await runCli(['start'], { env, input: 'how do volumes work\n' });
    expect(quiet.stderr).not.toContain('knowledge loaded');
  }, 60_000);
});

describe('npm start', () => {
  it('does not re-run tsc when dist/ is current (the test setup just built it)', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-if-stale.mjs')], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('says what it does when it must compile', async () => {
    const script = await readFile(path.join(ROOT, 'scripts', 'build-if-stale.mjs'), 'utf8');
    expect(script).toMatch(/compiling the TypeScript sources into dist\//);
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prestart).toBe('node scripts/build-if-stale.mjs');
  });
});
