import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import { RunGate } from '../../src/sandbox/run-gate.js';
import { DEFAULT_LIMITS } from '../../src/sandbox/run-job.js';
import type { SandboxDeps } from '../../src/sandbox/sandbox.js';
import type { SandboxRunner } from '../../src/sandbox/sandbox-runner.js';
import { DockerSandboxRunner, reapExpired } from './docker-runner.js';
import { engineClient } from './engine-client.js';
import { HOSTS_SETTING, SandboxHostPool } from './host-pool.js';

/** How often expired sandbox containers are looked for. */
const REAP_EVERY_MS = 30_000;

/** One Docker engine the sandbox runs on. */
export interface SandboxHost {
  /** As written in WHARFIE_SANDBOX_HOSTS, or DOCKER_HOST / "the local socket". */
  readonly name: string;
  readonly capacity: number;
  readonly docker: Docker;
  readonly runner: DockerSandboxRunner;
}

export interface Sandbox {
  readonly deps: SandboxDeps;
  /** What the core runs on: the one engine's runner, or the pool over all of them. */
  readonly runner: SandboxRunner & { drain(limitMs: number): Promise<void> };
  /** Every engine, each on its own: the self-test proves the limits on each. */
  readonly hosts: readonly SandboxHost[];
  /** The pool when WHARFIE_SANDBOX_HOSTS is set; null on one engine. */
  readonly pool: SandboxHostPool | null;
  /** Stops the reaper and waits for runs in progress to finish (each is killed at its deadline). */
  close(): Promise<void>;
}

/**
 * The sandbox for this process: a dockerode client per engine (the pool in
 * WHARFIE_SANDBOX_HOSTS, else DOCKER_HOST or the local socket), the runner,
 * the gate, and a reaper per engine that runs at start-up and then every
 * 30 s. Null when the sandbox is off, or on `auto` with no engine answering.
 */
export async function createSandbox(config: Config, log: Logger, docker: Docker = new Docker()): Promise<Sandbox | null> {
  const mode = config.env.WHARFIE_SANDBOX;
  if (mode === 'off') return null;
  const hosts: SandboxHost[] = config.sandboxHosts
    ? await Promise.all(
        config.sandboxHosts.map(async (spec) => {
          const client = await engineClient(spec, config.env.DOCKER_CERT_PATH);
          return { name: spec.name, capacity: spec.capacity, docker: client, runner: new DockerSandboxRunner({ docker: client, log }) };
        }),
      )
    : [{ name: config.env.DOCKER_HOST ?? 'the local socket', capacity: config.env.WHARFIE_SANDBOX_POOL, docker, runner: new DockerSandboxRunner({ docker, log }) }];
  const pool = config.sandboxHosts ? new SandboxHostPool({ hosts, log }) : null;
  const runner = pool ?? hosts[0]!.runner;
  if (pool) await pool.start();
  const answers = pool ? pool.status().some((h) => h.healthy) : await runner.ping();
  if (!answers) {
    if (mode === 'on') {
      log.warn({}, pool
        ? `sandbox is on but no engine in ${HOSTS_SETTING} answers (${hosts.map((h) => h.name).join(', ')}): /docker run will say it is unavailable until one does`
        : 'sandbox is on but no Docker engine answers: /docker run will say it is unavailable');
    } else {
      await pool?.drain(0);
      return null;
    }
  }
  const reap = (): void => {
    for (const host of hosts) {
      reapExpired(host.docker, Date.now(), log).catch((error: unknown) => log.debug({ err: error, host: host.name }, 'reaper could not reach the engine'));
    }
  };
  reap();
  const timer = setInterval(reap, REAP_EVERY_MS);
  timer.unref();
  const limits = { ...DEFAULT_LIMITS, timeoutMs: config.env.WHARFIE_SANDBOX_TIMEOUT_MS };
  const deps: SandboxDeps = {
    runner,
    // On a pool the engines' capacities say how many run at once; WHARFIE_SANDBOX_POOL is for one engine.
    gate: new RunGate({ pool: pool?.capacity ?? config.env.WHARFIE_SANDBOX_POOL, queue: config.env.WHARFIE_SANDBOX_QUEUE, cooldownMs: config.env.WHARFIE_SANDBOX_COOLDOWN_MS, now: Date.now }),
    limits,
    images: config.sandboxImages,
    ...(config.env.WHARFIE_SANDBOX_RUNTIME ? { runtime: config.env.WHARFIE_SANDBOX_RUNTIME } : {}),
    now: Date.now,
    newRunId: randomUUID,
  };
  return {
    deps,
    runner,
    hosts,
    pool,
    close: async () => {
      clearInterval(timer);
      await runner.drain(limits.timeoutMs + 2_000);
    },
  };
}
