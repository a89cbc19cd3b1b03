import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/notes.js';
import { POSTGRES_AVAILABLE, testSchema } from '../support/postgres.js';
import { runCli } from '../support/run-cli.js';
import { startFakeHttp } from '../support/wire/fake-http.js';
import { SIGNING_SECRET, postToSlackEndpoint, slashCommand, startFakeSlackApi } from '../support/wire/slack-fakes.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Replica {
  readonly name: string;
  readonly port: number;
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves once a log line contains `text`. */
  logged(text: string, timeoutMs?: number): Promise<void>;
}

/** A real `wharfie start` in Slack HTTP mode against the fake Slack API, on the shared PostgreSQL. */
async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wharfie.js'), 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NO_COLOR: '1',
      PORT: String(port),
      WHARFIE_HTTP: 'on',
      WHARFIE_TERMINAL: 'off',
      WHARFIE_SANDBOX: 'off',
      WHARFIE_CACHE_DIR: 'off',
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: 'xoxb-replica',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.kill('SIGKILL'));
  let log = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const onData = (d: string): void => {
    log += d;
    for (const w of [...waiters]) if (log.includes(w.text)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  return {
    name,
    port,
    child,
    logged: (text, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        if (log.includes(text)) return resolve();
        const timer = setTimeout(() => reject(new Error(`${name} never logged "${text}"; its log:\n${log}`)), timeoutMs);
        waiters.push({ text, resolve: () => (clearTimeout(timer), resolve()) });
      }),
  };
}

/**
 * A zone where it is now around midday, so "00:00 ZONE daily" has an
 * occurrence earlier today, far from the date line: the slot is due at
 * start-up whenever the test runs, and is the same slot for both replicas.
 */
function middayZone(): string {
  const offset = Math.max(-12, Math.min(14, 12 - new Date().getUTCHours()));
  // Etc/GMT zones count the other way round: Etc/GMT-3 is UTC+3.
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

describe.skipIf(!POSTGRES_AVAILABLE)('two replicas on one PostgreSQL', () => {
  it('post the scheduled quiz exactly once, and answer a Slack retry that lands on the other replica once', async () => {
    const schema = await testSchema();
    cleanups.push(() => schema.drop());
    const api = await startFakeSlackApi();
    cleanups.push(() => api.close());
    const responses = await startFakeHttp(() => ({ body: 'ok' }));
    cleanups.push(() => responses.close());
    const env = {
      WHARFIE_DATABASE_URL: schema.url,
      SLACK_API_URL: api.apiUrl,
      WHARFIE_QUIZ_SCHEDULES: `slack:C0DAILY 00:00 ${middayZone()} daily`,
    };
    const [a, b] = await Promise.all([startReplica('replica a', env), startReplica('replica b', env)]);
    // Each has made its first scheduler tick at the slot: the post is made (by one of them) or left to the other.
    await Promise.all([a.logged('quiz scheduler started'), b.logged('quiz scheduler started')]);
    const posts = api.calls('chat.postMessage').filter((c) => c.form.channel === 'C0DAILY');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.form.blocks).toContain('quiz');

    // Slack retries a slash command it thinks was lost, and the retry reaches the other replica.
    const command = slashCommand('how do volumes work', `${responses.url}/respond/once`);
    expect((await postToSlackEndpoint(`http://127.0.0.1:${a.port}/slack/events`, command)).status).toBe(200);
    await responses.waitFor((r) => r.path === '/respond/once', 30_000);
    const retry = await postToSlackEndpoint(`http://127.0.0.1:${b.port}/slack/events`, command, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await b.logged('duplicate Slack delivery ignored');
    expect(responses.requests.filter((r) => r.path === '/respond/once')).toHaveLength(1);

    for (const replica of [a, b]) {
      const exited = once(replica.child, 'exit');
      replica.child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
    }
    // The question log is shared: `wharfie report` on the same database sees the question, asked once.
    const report = await runCli(['report', '--json'], { env: { WHARFIE_DATABASE_URL: schema.url, WHARFIE_CACHE_DIR: 'off' }, timeoutMs: 60_000 });
    expect(report.stderr).toBe('');
    expect(JSON.parse(report.stdout)).toMatchObject({ totals: { asked: 1 } });
  }, 180_000);
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
