import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engineClient } from '../../adapters/sandbox-docker/engine-client.js';
import { backoffDelay, pickHost, SandboxHostPool } from '../../adapters/sandbox-docker/host-pool.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import type { RunResult } from '../../src/sandbox/run-job.js';
import { parseSandboxHosts } from '../../src/sandbox/sandbox-hosts.js';
import { EngineUnavailableError, type RunRequest, type SandboxRunner } from '../../src/sandbox/sandbox-runner.js';
import { waitFor } from '../support/extra-engine.js';

describe('WHARFIE_SANDBOX_HOSTS', () => {
  it('reads engines with their capacity, 2 when none is given', () => {
    expect(loadConfig({ WHARFIE_SANDBOX_HOSTS: 'unix:///var/run/docker.sock*4, tcp://sandbox-2.internal:2376', DOCKER_CERT_PATH: '/certs' }).sandboxHosts).toEqual([
      { name: 'unix:///var/run/docker.sock', transport: 'unix', socketPath: '/var/run/docker.sock', capacity: 4 },
      { name: 'tcp://sandbox-2.internal:2376', transport: 'tcp', host: 'sandbox-2.internal', port: 2376, capacity: 2 },
    ]);
  });

  it('leaves one engine, DOCKER_HOST or the local socket, when unset', () => {
    expect(loadConfig({}).sandboxHosts).toBeNull();
    expect(loadConfig({ WHARFIE_SANDBOX_HOSTS: '  ' }).sandboxHosts).toBeNull();
  });

  it.each([
    ['unix:///a.sock*0', /WHARFIE_SANDBOX_HOSTS: "unix:\/\/\/a.sock": capacity "\*0" is not a whole number from 1 to 64/],
    ['unix:///a.sock*two', /capacity "\*two"/],
    ['unix:///a.sock,unix:///a.sock*3', /"unix:\/\/\/a.sock" is listed twice/],
    ['ssh://sandbox@vm', /"ssh:\/\/" engines are not supported; use unix:\/\/ or tcp:\/\/ \(TLS\)/],
    ['tcp://sandbox-2', /"tcp:\/\/sandbox-2" is not tcp:\/\/HOST:PORT/],
    ['/var/run/docker.sock', /is not unix:\/\/PATH or tcp:\/\/HOST:PORT/],
    [',', /lists no engine/],
    ['tcp://sandbox-2:2376', /WHARFIE_SANDBOX_HOSTS: tcp:\/\/sandbox-2:2376 is a TLS engine; set DOCKER_CERT_PATH/],
  ])('refuses %j at start, naming the setting', (hosts, message) => {
    expect(() => loadConfig({ WHARFIE_SANDBOX_HOSTS: hosts })).toThrow(ConfigError);
    expect(() => loadConfig({ WHARFIE_SANDBOX_HOSTS: hosts })).toThrow(message);
  });

  it('never echoes credentials written into an entry', () => {
    for (const hosts of ['tcp://admin:hunter2@sandbox:2376', 'tcp://admin:hunter2@sandbox*x', 'admin:hunter2@sandbox']) {
      const parsed = parseSandboxHosts(hosts);
      expect('error' in parsed && parsed.error).toBeTruthy();
      expect(JSON.stringify(parsed)).not.toContain('hunter2');
    }
  });

  it('reads a TLS engine\'s client files from DOCKER_CERT_PATH, and names the missing one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-certs-'));
    try {
      const [spec] = loadConfig({ WHARFIE_SANDBOX_HOSTS: 'tcp://sandbox-2:2376', DOCKER_CERT_PATH: dir }).sandboxHosts!;
      await expect(engineClient(spec!, dir)).rejects.toThrow('WHARFIE_SANDBOX_HOSTS: tcp://sandbox-2:2376 needs ca.pem in DOCKER_CERT_PATH (ENOENT).');
      for (const file of ['ca.pem', 'cert.pem', 'key.pem']) await writeFile(path.join(dir, file), `-----${file}-----`);
      const modem = (await engineClient(spec!, dir)).modem as unknown as { protocol: string; host: string; port: number; ca: Buffer };
      expect([modem.protocol, modem.host, Number(modem.port), String(modem.ca)]).toEqual(['https', 'sandbox-2', 2376, '-----ca.pem-----']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('choosing an engine', () => {
  const host = (capacity: number, load: number, lastPicked = 0, healthy = true) => ({ host: { capacity }, load, lastPicked, healthy });

  it('takes the least loaded for its size, skips full and drained ones, and breaks ties by the one picked longest ago', () => {
    expect(pickHost([host(4, 2), host(2, 0)])).toEqual(host(2, 0));
    expect(pickHost([host(4, 1), host(2, 1)])).toEqual(host(4, 1));
    expect(pickHost([host(2, 2), host(2, 0, 0, false)])).toBeNull();
    expect(pickHost([host(2, 0, 5), host(2, 0, 3)])).toEqual(host(2, 0, 3));
  });

  it('never picks a drained or full engine, and finds room whenever a healthy one has it', () => {
    const state = fc.record({ capacity: fc.integer({ min: 1, max: 8 }), load: fc.integer({ min: 0, max: 8 }), lastPicked: fc.nat(), healthy: fc.boolean() });
    fc.assert(
      fc.property(fc.array(state, { maxLength: 6 }), (specs) => {
        const states = specs.map((s) => host(s.capacity, Math.min(s.load, s.capacity), s.lastPicked, s.healthy));
        const picked = pickHost(states);
        const room = states.filter((s) => s.healthy && s.load < s.host.capacity);
        if (room.length === 0) return picked === null;
        return picked !== null && room.includes(picked) && room.every((s) => picked.load / picked.host.capacity <= s.load / s.host.capacity);
      }),
    );
  });

  it('retries a drained engine after 1 s, then twice as long each time, at most a minute', () => {
    expect([1, 2, 3, 4, 7, 20].map((failures) => backoffDelay(failures))).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000]);
  });
});

/** An engine whose answers the test switches; runs end when the test says so. */
class SwitchableEngine implements SandboxRunner {
  answers = true;
  pings = 0;
  readonly started: RunRequest[] = [];
  private readonly pending: (() => void)[] = [];
  async ping(): Promise<boolean> {
    this.pings += 1;
    return this.answers;
  }
  run(request: RunRequest): Promise<RunResult> {
    if (!this.answers) return Promise.reject(new EngineUnavailableError('connect ENOENT'));
    this.started.push(request);
    return new Promise((resolve) => this.pending.push(() => resolve({ exitCode: 0, timedOut: false, oomKilled: false, truncated: false, output: Buffer.from('ok'), durationMs: 1 })));
  }
  finishAll(): void {
    for (const finish of this.pending.splice(0)) finish();
  }
}

const request = (runId: string) => ({ runId }) as unknown as RunRequest;

describe('a pool whose engine goes away and comes back', () => {
  it('drains the lost engine, waits for room on the other, and takes the engine back once its ping answers', async () => {
    const a = new SwitchableEngine();
    const b = new SwitchableEngine();
    const pool = new SandboxHostPool({ hosts: [{ name: 'a', capacity: 1, runner: a }, { name: 'b', capacity: 1, runner: b }], log: silentLogger, checkEveryMs: 60_000, backoffMs: 20, maxBackoffMs: 40 });
    await pool.start();
    b.answers = false;
    const first = pool.run(request('1'));
    const second = pool.run(request('2'));
    // The run sent to b fails over to a, and waits there for the slot the first run holds.
    await waitFor(() => a.started.length === 1 && pool.status()[1]!.healthy === false, 2_000, 'b to be drained');
    expect(pool.status().map((h) => [h.name, h.load])).toEqual([['a', 1], ['b', 0]]);
    a.finishAll();
    await first;
    await waitFor(() => a.started.length === 2, 2_000, 'the waiting run to start on a');
    a.finishAll();
    await second;
    expect(pool.status().map((h) => h.runs)).toEqual([2, 0]);

    const pingsWhileDown = b.pings;
    await waitFor(() => b.pings >= pingsWhileDown + 2, 2_000, 'b to be pinged again with backoff');
    b.answers = true;
    await waitFor(() => pool.status()[1]!.healthy, 2_000, 'b back in the pool');
    const third = pool.run(request('3'));
    await waitFor(() => b.started.length === 1, 2_000, 'the next run to go to b, picked longest ago');
    b.finishAll();
    await third;
    await pool.drain(0);
  });

  it('turns a run away naming the setting and every engine when none answers', async () => {
    const a = new SwitchableEngine();
    const pool = new SandboxHostPool({ hosts: [{ name: 'unix:///a.sock', capacity: 1, runner: a }], log: silentLogger });
    await pool.start();
    a.answers = false;
    await expect(pool.run(request('1'))).rejects.toThrow('WHARFIE_SANDBOX_HOSTS: no engine answers (lost the run on unix:///a.sock (connect ENOENT))');
    await expect(pool.run(request('2'))).rejects.toThrow('WHARFIE_SANDBOX_HOSTS: no engine answers (down: unix:///a.sock)');
    expect(await pool.ping()).toBe(false);
    await pool.drain(0);
  });
});
