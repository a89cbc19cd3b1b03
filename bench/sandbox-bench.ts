/**
 * The sandbox's round trip for `docker run busybox echo hi` beside the Docker
 * CLI running the same image with the same limits, interleaved in one run so
 * both see the same engine; then throughput with the pool full, on one
 * engine and on a pool of two (WHARFIE_SANDBOX_HOSTS), the second a dockerd
 * this bench starts beside the first.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { buildSandboxImage } from '../adapters/sandbox-docker/build-image.js';
import { createSandbox } from '../adapters/sandbox-docker/create-sandbox.js';
import { DockerSandboxRunner } from '../adapters/sandbox-docker/docker-runner.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { RunGate } from '../src/sandbox/run-gate.js';
import { DEFAULT_LIMITS } from '../src/sandbox/run-job.js';
import { runSandbox, type SandboxDeps } from '../src/sandbox/sandbox.js';
import { copyImage, extraEngineUnsupported, startExtraEngine } from '../test/support/extra-engine.js';
import { percentile } from './answers-bench.js';

const run = promisify(execFile);
const IMAGE = 'wharfie-sandbox-busybox:bench';
/** Debian's client matches Debian's engine; a newer client first on PATH may not. */
const DOCKER_CLI = '/usr/bin/docker';

function cliArgs(limits = DEFAULT_LIMITS): string[] {
  return [
    'run', '--rm', '--network', 'none', '--read-only', '--tmpfs', `/tmp:rw,noexec,nosuid,nodev,size=${limits.tmpfsBytes}`,
    '--shm-size', String(limits.shmBytes), '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges:true',
    '--pids-limit', String(limits.pids), '--memory', String(limits.memoryBytes), '--memory-swap', String(limits.memoryBytes),
    '--cpus', String(limits.nanoCpus / 1e9), '--ulimit', `nofile=${limits.nofile}:${limits.nofile}`, '--init',
    '--oom-score-adj', '1000', '--log-driver', 'none', '-u', '65534:65534', IMAGE, 'echo', 'hi',
  ];
}

export async function benchSandbox(): Promise<void> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch {
    console.log('sandbox: skipped (no Docker engine answers; see .ci/run for starting one)');
    return;
  }
  await buildSandboxImage(docker, IMAGE);
  const deps = (pool: number, queue: number): SandboxDeps => ({
    runner: new DockerSandboxRunner({ docker, log: silentLogger }),
    gate: new RunGate({ pool, queue, cooldownMs: 0, now: Date.now }),
    limits: DEFAULT_LIMITS,
    images: new Map([['busybox', IMAGE]]),
    now: Date.now,
    newRunId: randomUUID,
  });
  const single = deps(1, 0);
  const sandboxTimes: number[] = [];
  const cliTimes: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    await runSandbox('docker run busybox echo hi', `warm-${i}`, single);
    await run(DOCKER_CLI, cliArgs());
  }
  for (let i = 0; i < 15; i += 1) {
    let start = performance.now();
    const outcome = await runSandbox('docker run busybox echo hi', `user-${i}`, single);
    sandboxTimes.push(performance.now() - start);
    if (outcome.kind !== 'ran' || outcome.posted.text !== 'hi') throw new Error(`sandbox run failed: ${outcome.kind}`);
    start = performance.now();
    const { stdout } = await run(DOCKER_CLI, cliArgs());
    cliTimes.push(performance.now() - start);
    if (stdout.trim() !== 'hi') throw new Error('docker CLI run failed');
  }
  sandboxTimes.sort((a, b) => a - b);
  cliTimes.sort((a, b) => a - b);
  const p50 = percentile(sandboxTimes, 50);
  const cli50 = percentile(cliTimes, 50);
  console.log(`round trip "docker run busybox echo hi", same image and limits, 15 runs each, interleaved:`);
  console.log(`  sandbox (dockerode, create→attach→start→wait→inspect→remove): p50 ${p50.toFixed(0)} ms, p90 ${percentile(sandboxTimes, 90).toFixed(0)} ms`);
  console.log(`  docker run --rm (CLI):                                        p50 ${cli50.toFixed(0)} ms, p90 ${percentile(cliTimes, 90).toFixed(0)} ms`);
  console.log(`  sandbox / CLI at p50: ${(p50 / cli50).toFixed(2)}×`);

  const full = deps(2, 18);
  const start = performance.now();
  const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => runSandbox('docker run busybox echo hi', `burst-${i}`, full)));
  const seconds = (performance.now() - start) / 1_000;
  const ran = outcomes.filter((o) => o.kind === 'ran').length;
  console.log(`throughput with the pool full (pool 2, 20 users at once): ${ran} runs in ${seconds.toFixed(1)} s = ${(ran / seconds).toFixed(1)} runs/s`);
  await benchSandboxPool();
}

const POOL_RUNS = 40;

/** Runs/s through the sandbox as `wharfie start` builds it from WHARFIE_SANDBOX_HOSTS, all users at once. */
async function poolThroughput(hosts: string): Promise<{ ran: number; seconds: number; perHost: string }> {
  const config = loadConfig({ WHARFIE_SANDBOX: 'on', WHARFIE_SANDBOX_HOSTS: hosts, WHARFIE_SANDBOX_IMAGES: `busybox=${IMAGE}`, WHARFIE_SANDBOX_COOLDOWN_MS: '0', WHARFIE_SANDBOX_QUEUE: String(POOL_RUNS) });
  const sandbox = await createSandbox(config, silentLogger);
  if (!sandbox?.pool) throw new Error(`no sandbox on ${hosts}`);
  try {
    for (let i = 0; i < sandbox.pool.capacity; i += 1) await runSandbox('docker run busybox echo warm', `warm-${i}`, sandbox.deps);
    const before = sandbox.pool.status().map((h) => h.runs);
    const start = performance.now();
    const outcomes = await Promise.all(Array.from({ length: POOL_RUNS }, (_, i) => runSandbox('docker run busybox echo hi', `pool-${i}`, sandbox.deps)));
    const seconds = (performance.now() - start) / 1_000;
    const perHost = sandbox.pool.status().map((h, i) => `${h.runs - before[i]!}`).join(' + ');
    return { ran: outcomes.filter((o) => o.kind === 'ran' && o.posted.text === 'hi').length, seconds, perHost };
  } finally {
    await sandbox.close();
  }
}

/** `npm run bench sandbox`: the pool figures, one engine beside two. */
export async function benchSandboxPool(): Promise<void> {
  const first = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const line = (label: string, r: { ran: number; seconds: number; perHost: string }): void =>
    console.log(`  ${label} ${r.ran}/${POOL_RUNS} runs in ${r.seconds.toFixed(1)} s = ${(r.ran / r.seconds).toFixed(1)} runs/s (per engine: ${r.perHost})`);
  console.log(`sandbox pool (WHARFIE_SANDBOX_HOSTS), ${POOL_RUNS} users at once, "echo hi", ${os.availableParallelism()} CPUs on this machine:`);
  line('one engine, capacity 2:          ', await poolThroughput(`${first}*2`));
  line('one engine, capacity 4:          ', await poolThroughput(`${first}*4`));
  const unsupported = extraEngineUnsupported();
  if (unsupported) {
    console.log(`  two engines: skipped (${unsupported}; the bench starts a second dockerd itself)`);
    return;
  }
  let second: Awaited<ReturnType<typeof startExtraEngine>> | undefined;
  try {
    second = await startExtraEngine();
    await copyImage(new Docker(), second.docker, IMAGE);
    line('two engines, capacity 2 + 2:     ', await poolThroughput(`${first}*2,${second.url}*2`));
  } catch (error) {
    console.log(`  two engines: skipped (the second dockerd did not serve: ${(error as Error).message.split('\n')[0]})`);
  } finally {
    await second?.stop();
  }
  console.log('  (both engines share this machine\'s CPUs: a second engine on its own machine adds its CPUs; here it adds only parallel engine work)');
}
