import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandboxImage } from '../../adapters/sandbox-docker/build-image.js';
import { DockerSandboxRunner, reapExpired } from '../../adapters/sandbox-docker/docker-runner.js';
import { silentLogger } from '../../src/logger.js';
import { RunGate } from '../../src/sandbox/run-gate.js';
import { DEFAULT_LIMITS } from '../../src/sandbox/run-job.js';
import { UNAVAILABLE, runSandbox, sandboxJson, type SandboxDeps } from '../../src/sandbox/sandbox.js';
import { labelledContainers, probeEngine, REQUIRE_DOCKER } from '../support/docker-engine.js';
import { FIXTURES, ROOT, testChat, textOf } from '../support/notes.js';
import { buttonInteraction, slashInteraction } from '../support/wire/discord-fakes.js';
import { startDiscord } from '../support/wire/discord-harness.js';
import { postToSlackEndpoint, slashCommand } from '../support/wire/slack-fakes.js';
import { startSlackHttp } from '../support/wire/slack-harness.js';

const engine = await probeEngine();
const IMAGE = 'wharfie-sandbox-busybox:test';
const LIMITS = { ...DEFAULT_LIMITS, timeoutMs: 2_000 };

function sandboxWith(docker: Docker, overrides: Partial<SandboxDeps> = {}): SandboxDeps {
  return {
    runner: new DockerSandboxRunner({ docker, log: silentLogger }),
    gate: new RunGate({ pool: 2, queue: 30, cooldownMs: 0, now: Date.now }),
    limits: LIMITS,
    images: new Map([['busybox', IMAGE]]),
    now: Date.now,
    newRunId: randomUUID,
    ...overrides,
  };
}

describe('a Docker engine for the sandbox tests', () => {
  // Always run, so a machine with an engine skips nothing: where CI requires an engine, its absence fails here.
  it('is reachable wherever the run requires one (WHARFIE_REQUIRE_DOCKER=1, as CI sets)', () => {
    expect(engine.available || !REQUIRE_DOCKER, engine.reason).toBe(true);
  });
});

describe.skipIf(!engine.available)('the sandbox on a real engine', () => {
  const { docker } = engine;
  const deps = sandboxWith(docker);
  const run = async (line: string, user = randomUUID()) => sandboxJson(await runSandbox(line, user, deps));

  beforeAll(async () => {
    await buildSandboxImage(docker, IMAGE);
  }, 60_000);

  afterAll(async () => {
    await reapExpired(docker, Date.now() + 60_000, silentLogger);
    expect(await labelledContainers(docker)).toEqual([]);
  });

  it('builds its image once: building again reuses it and leaves no dangling <none> image', async () => {
    const dangling = async () => (await docker.listImages({ filters: { dangling: ['true'] } })).map((i) => i.Id).sort();
    const before = { id: (await docker.getImage(IMAGE).inspect()).Id, dangling: await dangling() };
    await buildSandboxImage(docker, IMAGE);
    expect((await docker.getImage(IMAGE).inspect()).Id).toBe(before.id);
    expect(await dangling()).toEqual(before.dangling);
  });

  it('runs a command and posts its output with a status', async () => {
    const chat = await testChat({ sandbox: deps });
    const [reply] = await chat.say('/docker run busybox echo hello from the sandbox');
    expect(reply?.kind).toBe('sandbox');
    expect(reply?.blocks[0]).toEqual({ kind: 'code', text: 'hello from the sandbox' });
    expect(textOf(reply!)).toMatch(/exit 0 · \d+ ms/);
    expect(reply?.buttons.map((b) => b.label)).toEqual(['Run again']);
    const [again] = await chat.press(reply!.buttons[0]!.action);
    expect(again?.blocks[0]).toEqual({ kind: 'code', text: 'hello from the sandbox' });
  });

  it('runs from Slack (ack, then response_url) and Discord (defer, then edit), with Run again', async () => {
    const slack = await startSlackHttp({ sandbox: deps });
    try {
      const post = await postToSlackEndpoint(slack.eventsUrl, slashCommand('run busybox echo from slack', `${slack.responses.url}/respond/run`));
      expect(post.status).toBe(200);
      // Acked first: the run's result has not been posted when the ack arrives.
      expect(slack.responses.requests.filter((r) => r.path === '/respond/run')).toEqual([]);
      const message = (await slack.responses.waitFor((r) => r.path === '/respond/run', 10_000)).json as { blocks: { text?: { text: string } }[] };
      expect(JSON.stringify(message.blocks)).toContain('from slack');
    } finally {
      await slack.stop();
    }
    const discord = await startDiscord({ sandbox: deps });
    try {
      const run = slashInteraction('run', { command: 'busybox echo from discord' });
      discord.discord.dispatch('INTERACTION_CREATE', run);
      expect((await discord.discord.callbackFor(run.id)).json).toEqual({ type: 5, data: { flags: 64 } });
      const edit = (await discord.discord.editFor((run as { token: string }).token, 10_000)).json as { embeds: { description: string }[]; components: { components: { custom_id: string; label: string }[] }[] };
      expect(edit.embeds[0]!.description).toContain('from discord');
      const again = buttonInteraction(edit.components[0]!.components.find((b) => b.label === 'Run again')!.custom_id);
      discord.discord.dispatch('INTERACTION_CREATE', again);
      expect((await discord.discord.callbackFor(again.id)).json).toEqual({ type: 5, data: { flags: 64 } });
      expect(((await discord.discord.editFor((again as { token: string }).token, 10_000)).json as { embeds: { description: string }[] }).embeds[0]!.description).toContain('from discord');
    } finally {
      await discord.stop();
    }
  });

  it('stops a fork bomb at the process limit', async () => {
    const json = await run(`docker run busybox sh -c 'i=0; while [ $i -lt 300 ]; do (sleep 5 &) 2>/dev/null || break; i=$((i+1)); done; echo forked $i'`);
    expect(Number(/forked (\d+)/.exec(json.output)?.[1])).toBeLessThan(LIMITS.pids);
  });

  it('kills an infinite loop and a sleep forever at the deadline', async () => {
    for (const line of [`docker run busybox sh -c 'while :; do :; done'`, 'docker run busybox sleep 100000']) {
      const json = await run(line);
      expect(json).toMatchObject({ accepted: true, timedOut: true, signal: 'SIGKILL' });
      expect(json.durationMs).toBeGreaterThanOrEqual(LIMITS.timeoutMs);
    }
  });

  it('gives a command waiting on stdin an empty stdin, so it ends', async () => {
    expect(await run('docker run busybox cat')).toMatchObject({ exitCode: 0, timedOut: false, output: '' });
  });

  it('reports a memory hog as out of memory', async () => {
    expect(await run(`docker run busybox sh -c 'head -c 200000000 /dev/zero | tail'`)).toMatchObject({ oomKilled: true, signal: 'SIGKILL' });
  });

  it('caps /tmp and /dev/shm', async () => {
    expect((await run('docker run busybox dd if=/dev/zero of=/tmp/fill bs=1M count=64')).output).toMatch(/No space left/);
    const shm = await run('docker run busybox dd if=/dev/zero of=/dev/shm/fill bs=1M count=64');
    expect(shm.exitCode).not.toBe(0);
    expect(shm.output).toMatch(/No space left|Read-only|Permission denied/);
  });

  it('stops an output flood at 64 KiB and kills the run', async () => {
    const json = await run('docker run busybox yes');
    expect(json).toMatchObject({ truncated: true, timedOut: false });
    expect(json.output).toMatch(/output cut: the run stopped at 64 KiB$/);
    expect(json.output.split('\n')).toHaveLength(21);
  });

  it('cuts one huge line and many lines for chat', async () => {
    const huge = await run(`docker run busybox sh -c 'head -c 100000 /dev/zero | tr "\\0" x'`);
    expect(huge.truncated).toBe(true);
    expect(huge.output.length).toBeLessThan(1_600);
    const many = await run('docker run busybox seq 1 500');
    expect(many.output).toMatch(/^1\n2\n[\s\S]*\n20\n… 480 more lines not shown$/);
  });

  it('makes binary output, escapes, bidi overrides and fences safe to post', async () => {
    const binary = await run(`docker run busybox head -c 2000 /dev/urandom`);
    expect(binary.output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    const tricky = await run(`docker run busybox printf '\\033[31mred\\033[0m \\342\\200\\256evil\\n\`\`\`\\n'`);
    expect(tricky.output).toMatch(/^red evil\n`\u200b`\u200b`$/);
  });

  it('passes mention syntax through as text; the chat adapters make it inert', async () => {
    expect((await run('docker run busybox echo "<!channel> @everyone <@U123>"')).output).toBe('<!channel> @everyone <@U123>');
  });

  it('has no network: no DNS, no way to the host, loopback only', async () => {
    const json = await run(`docker run busybox sh -c 'ls /sys/class/net; nslookup example.com 2>&1 | tail -1; nc -w 2 172.17.0.1 2375 </dev/null 2>&1 || echo host unreachable'`);
    expect(json.output.split('\n')[0]).toBe('lo');
    expect(json.output).not.toMatch(/Address: \d/);
    expect(json.output).toMatch(/host unreachable/);
    const loopback = await run(`docker run busybox sh -c 'nc -l -p 8080 -e echo pong & sleep 0.3; nc -w 1 127.0.0.1 8080 </dev/null'`);
    expect(loopback.output).toContain('pong');
  });

  it('cannot write to the root filesystem, and nothing persists between runs', async () => {
    expect((await run('docker run busybox touch /etc/x')).output).toMatch(/Read-only file system/);
    await run(`docker run busybox sh -c 'echo secret > /tmp/left-behind'`);
    expect((await run('docker run busybox cat /tmp/left-behind')).output).toMatch(/No such file/);
  });

  it('never lets the bot\'s own environment into the container', async () => {
    process.env.WHARFIE_CANARY = 'canary-7f3a9';
    const json = await run('docker run -e SHOWN=yes busybox env');
    expect(json.output).toContain('SHOWN=yes');
    expect(json.output).not.toContain('canary-7f3a9');
    expect(json.output).not.toContain('WHARFIE_CANARY');
    delete process.env.WHARFIE_CANARY;
  });

  it('refuses every dangerous option without creating a container', async () => {
    const before = (await docker.listContainers({ all: true })).length;
    const chat = await testChat({ sandbox: deps });
    const [reply] = await chat.say('/docker run --privileged --pid=host busybox ps');
    expect(textOf(reply!)).toMatch(/Not run: `--privileged` isn’t allowed/);
    expect(textOf(reply!)).toContain('The notes cover `--privileged`: Day 2 › Processes');
    expect(reply!.buttons.map((b) => b.label)).toEqual(['Read: Processes']);
    for (const option of ['--cap-add ALL', '-v /:/host', '--network host', '--device /dev/mem', '-u root']) {
      expect((await run(`docker run ${option} busybox true`)).accepted).toBe(false);
    }
    expect((await docker.listContainers({ all: true })).length).toBe(before);
  });

  it('serves 20 requests from 10 users: one run per user at a time, a pool of two, the rest queued', async () => {
    const users = Array.from({ length: 10 }, (_, i) => `user-${i}`);
    const gate = new RunGate({ pool: 2, queue: 6, cooldownMs: 0, now: Date.now });
    const busyDeps = sandboxWith(docker, { gate });
    let running = 0;
    let peak = 0;
    const runner = busyDeps.runner;
    const counted = { ...busyDeps, runner: { ping: () => runner.ping(), run: async (r: Parameters<typeof runner.run>[0]) => {
      peak = Math.max(peak, ++running);
      try {
        return await runner.run(r);
      } finally {
        running -= 1;
      }
    } } };
    const results = await Promise.all(users.flatMap((user) => [1, 2].map(() => runSandbox('docker run busybox echo ok', user, counted))));
    const ran = results.filter((r) => r.kind === 'ran');
    const busy = results.filter((r) => r.kind === 'busy');
    expect(peak).toBeLessThanOrEqual(2);
    expect(ran.length + busy.length).toBe(20);
    expect(ran.length).toBe(8);
    // Each user's second request meets their first (8 of them: two users were turned away whole).
    expect(busy.filter((r) => r.kind === 'busy' && /already have a run/.test(r.message))).toHaveLength(8);
    expect(busy.filter((r) => r.kind === 'busy' && /sandbox is busy/.test(r.message))).toHaveLength(4);
    expect(ran.every((r) => r.kind === 'ran' && r.posted.text === 'ok')).toBe(true);
  });

  it('says "unavailable" when the engine goes away mid-run, and the reaper removes what it left', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-proxy-'));
    const socketPath = path.join(dir, 'docker.sock');
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      const upstream = net.connect('/var/run/docker.sock');
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(socketPath, resolve));
    const throughProxy = sandboxWith(new Docker({ socketPath }), { limits: { ...LIMITS, timeoutMs: 8_000 } });
    const pending = runSandbox('docker run busybox sleep 60', 'stopped-engine', throughProxy);
    const started = Date.now();
    while ((await labelledContainers(docker)).filter((c) => c.State === 'running').length === 0 && Date.now() - started < 5_000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    proxy.close();
    for (const socket of sockets) socket.destroy();
    const outcome = await pending;
    expect(outcome).toMatchObject({ kind: 'unavailable', message: UNAVAILABLE });
    expect((await labelledContainers(docker)).length).toBeGreaterThan(0);
    await reapExpired(docker, Date.now() + 20_000, silentLogger);
    expect(await labelledContainers(docker)).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  it('cleans up after a bot killed mid-run, once it restarts and the deadline has passed', async () => {
    const child = spawn(process.execPath, [path.join(FIXTURES, 'sandbox-child.mjs'), IMAGE, '4000'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const runId = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
    const started = Date.now();
    const isRunning = async () => (await labelledContainers(docker)).some((c) => c.Labels['wharfie.run-id'] === runId && c.State === 'running');
    while (!(await isRunning()) && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(await isRunning()).toBe(true);
    // A restarted bot reaps at start-up; within the deadline it leaves the run alone.
    expect(await reapExpired(docker, Date.now(), silentLogger, 0)).toBe(0);
    const deadline = Number((await labelledContainers(docker)).find((c) => c.Labels['wharfie.run-id'] === runId)!.Labels['wharfie.deadline']);
    // Past the deadline (the clock is passed in: no waiting for it), it is reaped.
    expect(await reapExpired(docker, deadline + 1, silentLogger, 0)).toBe(1);
    expect((await labelledContainers(docker)).some((c) => c.Labels['wharfie.run-id'] === runId)).toBe(false);
  });
});
