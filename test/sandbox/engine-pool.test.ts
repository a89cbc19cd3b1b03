import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandboxImage } from '../../adapters/sandbox-docker/build-image.js';
import { createSandbox, type Sandbox } from '../../adapters/sandbox-docker/create-sandbox.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { DEADLINE_LABEL, RUN_ID_LABEL, SANDBOX_LABEL } from '../../src/sandbox/container-spec.js';
import { runSandbox, UNAVAILABLE } from '../../src/sandbox/sandbox.js';
import { labelledContainers, probeEngine, REQUIRE_DOCKER } from '../support/docker-engine.js';
import { testChat, textOf } from '../support/notes.js';
import { runCli } from '../support/run-cli.js';
import { copyImage, startExtraEngine, waitFor, type ExtraEngine } from '../support/extra-engine.js';

const engine = await probeEngine();
const IMAGE = 'wharfie-sandbox-busybox:pool-test';

/** The sandbox as `wharfie start` builds it, from settings, over the given engines. */
async function sandboxOn(hosts: string, extra: Record<string, string> = {}): Promise<Sandbox> {
  const config = loadConfig({
    WHARFIE_SANDBOX: 'on',
    WHARFIE_SANDBOX_HOSTS: hosts,
    WHARFIE_SANDBOX_IMAGES: `busybox=${IMAGE}`,
    WHARFIE_SANDBOX_COOLDOWN_MS: '0',
    WHARFIE_SANDBOX_QUEUE: '30',
    ...extra,
  });
  const sandbox = await createSandbox(config, silentLogger);
  if (!sandbox) throw new Error('no sandbox');
  return sandbox;
}

const runsOn = (sandbox: Sandbox) => Object.fromEntries(sandbox.pool!.status().map((h) => [h.name, h.runs]));

/**
 * Two engines of the test's own beside the default one, the first on a unix
 * socket, the second on TCP with TLS and client certificates. The default
 * engine only builds the image, so other test files using it (and its
 * reaper) never meet these runs, and "no container left" is exact on both.
 */
describe.skipIf(!engine.available && !REQUIRE_DOCKER)('the sandbox on a pool of two Docker engines (unix socket and TLS)', () => {
  let first: ExtraEngine;
  let second: ExtraEngine;
  let pool = '';
  let certs: Record<string, string> = {};

  beforeAll(async () => {
    await buildSandboxImage(engine.docker, IMAGE);
    first = await startExtraEngine();
    second = await startExtraEngine({ tls: true });
    // No registry: the image goes across as `docker save | docker load` would take it.
    await copyImage(engine.docker, first.docker, IMAGE);
    await copyImage(engine.docker, second.docker, IMAGE);
    pool = `${first.url}*2,${second.url}*2`;
    certs = { DOCKER_CERT_PATH: second.certPath! };
  }, 120_000);

  afterAll(async () => {
    // Even when a test failed: neither engine may outlive the run.
    await Promise.all([first?.stop(), second?.stop()]);
  }, 60_000);

  it('reaps expired sandbox containers on every engine at start-up', async () => {
    const leftover = async (on: ExtraEngine) => {
      await on.docker.createContainer({ Image: IMAGE, Cmd: ['true'], Labels: { [SANDBOX_LABEL]: 'true', [RUN_ID_LABEL]: randomUUID(), [DEADLINE_LABEL]: String(Date.now() - 60_000) } });
      expect(await labelledContainers(on.docker)).toHaveLength(1);
    };
    await leftover(first);
    await leftover(second);
    const sandbox = await sandboxOn(pool, certs);
    try {
      const empty = async (on: ExtraEngine) => (await labelledContainers(on.docker)).length === 0;
      await waitFor(async () => (await empty(first)) && (await empty(second)), 10_000, 'the reaper on both engines');
    } finally {
      await sandbox.close();
    }
  });

  it('spreads runs across both engines: idle ones take turns, busy ones share the load', async () => {
    const sandbox = await sandboxOn(pool, certs);
    try {
      const deps = sandbox.deps;
      const chat = await testChat({ sandbox: deps });
      for (let i = 0; i < 4; i += 1) {
        const [reply] = await chat.say(`/docker run busybox echo turn ${i}`);
        expect(reply?.blocks[0]).toEqual({ kind: 'code', text: `turn ${i}` });
      }
      expect(runsOn(sandbox)).toEqual({ [first.url]: 2, [second.url]: 2 });

      const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => runSandbox(`docker run busybox echo user ${i}`, `user-${i}`, deps)));
      expect(outcomes.map((o) => (o.kind === 'ran' ? o.posted.text : o.kind))).toEqual(Array.from({ length: 12 }, (_, i) => `user ${i}`));
      const runs = runsOn(sandbox);
      expect(runs[first.url]! + runs[second.url]!).toBe(16);
      expect(runs[first.url]).toBeGreaterThan(2);
      expect(runs[second.url]).toBeGreaterThan(2);
      expect(sandbox.pool!.status().every((h) => h.healthy && h.load === 0)).toBe(true);
    } finally {
      await sandbox.close();
    }
    expect(await labelledContainers(first.docker)).toEqual([]);
    expect(await labelledContainers(second.docker)).toEqual([]);
  });

  it('self-tests each engine on its own', async () => {
    const run = await runCli(['sandbox', '--self-test'], { env: { WHARFIE_SANDBOX_HOSTS: pool, WHARFIE_SANDBOX_IMAGES: `busybox=${IMAGE}`, ...certs }, timeoutMs: 90_000 });
    const headings = run.stdout.split('\n').filter((line) => line.startsWith('== '));
    expect(headings).toEqual([`== ${first.url}`, `== ${second.url}`]);
    for (const section of run.stdout.split(/^== .*$/m).slice(1)) {
      expect(section).toMatch(/^ok {4}runs as a non-root user$/m);
      expect(section).toMatch(/^ok {4}a command that never ends is stopped at the deadline$/m);
    }
    expect(run.stdout, run.stdout).toMatch(/All limits held on every engine\.\n$/);
    expect(run.code).toBe(0);
  }, 120_000);

  it('moves every run to the engine that answers when the other is stopped, and leaves no container', async () => {
    const sandbox = await sandboxOn(pool, certs);
    try {
      const deps = sandbox.deps;
      expect(await runSandbox('docker run busybox echo warm', 'warm-a', deps)).toMatchObject({ kind: 'ran' });
      expect(await runSandbox('docker run busybox echo warm', 'warm-b', deps)).toMatchObject({ kind: 'ran' });
      expect(runsOn(sandbox)).toEqual({ [first.url]: 1, [second.url]: 1 });

      await second.stop();

      const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => runSandbox(`docker run busybox echo after ${i}`, `after-${i}`, deps)));
      expect(outcomes.map((o) => (o.kind === 'ran' ? o.posted.text : `${o.kind}`))).toEqual(Array.from({ length: 6 }, (_, i) => `after ${i}`));
      expect(runsOn(sandbox)).toEqual({ [first.url]: 7, [second.url]: 1 });
      const stopped = sandbox.pool!.status().find((h) => h.name === second.url)!;
      expect(stopped).toMatchObject({ healthy: false, load: 0 });
      expect(stopped.failures).toBeGreaterThan(0);
      // Still ready: one engine answers.
      expect(await sandbox.runner.ping()).toBe(true);
    } finally {
      await sandbox.close();
    }
    expect(await labelledContainers(first.docker)).toEqual([]);
  }, 60_000);
});

describe('a pool whose engines do not answer', () => {
  it('says "unavailable" to the user and names the setting and the engine in the error', async () => {
    const missing = `unix:///tmp/wharfie-no-engine-${randomUUID().slice(0, 8)}.sock`;
    const sandbox = await sandboxOn(`${missing}*1`);
    try {
      expect(sandbox.pool!.status()).toMatchObject([{ name: missing, healthy: false, failures: 1 }]);
      let logged: unknown;
      const runner = sandbox.runner;
      const deps = { ...sandbox.deps, runner: { ping: () => runner.ping(), run: (request: Parameters<typeof runner.run>[0]) => runner.run(request).catch((error: unknown) => Promise.reject((logged = error))) } };
      const chat = await testChat({ sandbox: deps });
      const [reply] = await chat.say('/docker run busybox echo hi');
      expect(textOf(reply!)).toContain(UNAVAILABLE);
      expect((logged as Error).message).toBe(`WHARFIE_SANDBOX_HOSTS: no engine answers (down: ${missing})`);
    } finally {
      await sandbox.close();
    }
  });

  it('is off on auto when no engine in the pool answers, as with one engine', async () => {
    const config = loadConfig({ WHARFIE_SANDBOX: 'auto', WHARFIE_SANDBOX_HOSTS: 'unix:///tmp/wharfie-no-engine.sock' });
    expect(await createSandbox(config, silentLogger)).toBeNull();
  });
});
