import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import { RunGate } from '../../src/sandbox/run-gate.js';
import { DEFAULT_LIMITS } from '../../src/sandbox/run-job.js';
import type { SandboxDeps } from '../../src/sandbox/sandbox.js';
import { DockerSandboxRunner, reapExpired } from './docker-runner.js';

/** How often expired sandbox containers are looked for. */
const REAP_EVERY_MS = 30_000;

export interface Sandbox {
  readonly deps: SandboxDeps;
  readonly runner: DockerSandboxRunner;
  readonly docker: Docker;
  /** Stops the reaper and waits for runs in progress to finish (each is killed at its deadline). */
  close(): Promise<void>;
}

/**
 * The sandbox for this process: a dockerode client (DOCKER_HOST or the local
 * socket), the runner, the gate, and a reaper that runs at start-up and then
 * every 30 s. Null when the sandbox is off, or on `auto` with no engine.
 */
export async function createSandbox(config: Config, log: Logger, docker: Docker = new Docker()): Promise<Sandbox | null> {
  const mode = config.env.WHARFIE_SANDBOX;
  if (mode === 'off') return null;
  const runner = new DockerSandboxRunner({ docker, log });
  if (!(await runner.ping())) {
    if (mode === 'on') log.warn({}, 'sandbox is on but no Docker engine answers: /docker run will say it is unavailable');
    else return null;
  }
  const reap = (): void => {
    reapExpired(docker, Date.now(), log).catch((error: unknown) => log.debug({ err: error }, 'reaper could not reach the engine'));
  };
  reap();
  const timer = setInterval(reap, REAP_EVERY_MS);
  timer.unref();
  const limits = { ...DEFAULT_LIMITS, timeoutMs: config.env.WHARFIE_SANDBOX_TIMEOUT_MS };
  const deps: SandboxDeps = {
    runner,
    gate: new RunGate({ pool: config.env.WHARFIE_SANDBOX_POOL, queue: config.env.WHARFIE_SANDBOX_QUEUE, cooldownMs: config.env.WHARFIE_SANDBOX_COOLDOWN_MS, now: Date.now }),
    limits,
    images: config.sandboxImages,
    ...(config.env.WHARFIE_SANDBOX_RUNTIME ? { runtime: config.env.WHARFIE_SANDBOX_RUNTIME } : {}),
    now: Date.now,
    newRunId: randomUUID,
  };
  return {
    deps,
    runner,
    docker,
    close: async () => {
      clearInterval(timer);
      await runner.drain(limits.timeoutMs + 2_000);
    },
  };
}
