import { WharfieError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { RunResult } from '../../src/sandbox/run-job.js';
import { EngineUnavailableError, type RunRequest, type SandboxRunner } from '../../src/sandbox/sandbox-runner.js';

/**
 * The sandbox on several Docker engines (`WHARFIE_SANDBOX_HOSTS`), seen by
 * the core as one runner. A run goes to the least loaded healthy engine; an
 * engine that fails a ping or loses a run is drained and pinged again with a
 * growing backoff until it answers. A run the engine lost before or during
 * the run is tried once on each other healthy engine: a sandbox run has no
 * network and leaves nothing behind, so running it again changes nothing
 * outside.
 */
export interface PoolHost {
  /** As written in the setting; never carries credentials. */
  readonly name: string;
  readonly capacity: number;
  readonly runner: SandboxRunner & { drain?(limitMs: number): Promise<void> };
}

export interface HostStatus {
  readonly name: string;
  readonly capacity: number;
  readonly healthy: boolean;
  /** Runs on it now. */
  readonly load: number;
  /** Runs it finished (whatever their exit code) since the pool started. */
  readonly runs: number;
  /** Failed health checks in a row; 0 when healthy. */
  readonly failures: number;
}

export interface HostPoolOptions {
  readonly hosts: readonly PoolHost[];
  readonly log: Logger;
  /** How often a healthy engine is pinged. */
  readonly checkEveryMs?: number;
  /** First retry of a drained engine; doubles per failure up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
}

const CHECK_EVERY_MS = 5_000;
const BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;
export const HOSTS_SETTING = 'WHARFIE_SANDBOX_HOSTS';

interface HostState {
  readonly host: PoolHost;
  healthy: boolean;
  load: number;
  runs: number;
  failures: number;
  /** Order of the last pick: ties go to the engine picked longest ago, so idle engines share sequential runs. */
  lastPicked: number;
  timer: NodeJS.Timeout | undefined;
}

/** The host a run goes to: healthy, with a free slot, least loaded for its size; null when none has room. */
export function pickHost<T extends Pick<HostState, 'healthy' | 'load' | 'lastPicked'> & { host: { capacity: number } }>(states: readonly T[]): T | null {
  let best: T | null = null;
  for (const state of states) {
    if (!state.healthy || state.load >= state.host.capacity) continue;
    if (!best) {
      best = state;
      continue;
    }
    const share = state.load / state.host.capacity;
    const bestShare = best.load / best.host.capacity;
    if (share < bestShare || (share === bestShare && state.lastPicked < best.lastPicked)) best = state;
  }
  return best;
}

/** Wait before the next ping of an engine that failed `failures` times in a row. */
export function backoffDelay(failures: number, baseMs = BACKOFF_MS, maxMs = MAX_BACKOFF_MS): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}

export class SandboxHostPool implements SandboxRunner {
  private readonly states: HostState[];
  private readonly waiting: { resolve: (state: HostState) => void; reject: (error: Error) => void }[] = [];
  private picks = 0;
  private closed = false;
  private readonly checkEveryMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly options: HostPoolOptions) {
    this.states = options.hosts.map((host) => ({ host, healthy: true, load: 0, runs: 0, failures: 0, lastPicked: 0, timer: undefined }));
    this.checkEveryMs = options.checkEveryMs ?? CHECK_EVERY_MS;
    this.backoffMs = options.backoffMs ?? BACKOFF_MS;
    this.maxBackoffMs = options.maxBackoffMs ?? MAX_BACKOFF_MS;
  }

  /** Pings every engine once, then keeps checking each on its own timer. */
  async start(): Promise<void> {
    await Promise.all(this.states.map((state) => this.check(state)));
  }

  /** The sum of the engines' capacities: what the run gate may let through at once. */
  get capacity(): number {
    return this.states.reduce((sum, s) => sum + s.host.capacity, 0);
  }

  status(): HostStatus[] {
    return this.states.map(({ host, healthy, load, runs, failures }) => ({ name: host.name, capacity: host.capacity, healthy, load, runs, failures }));
  }

  /** Pings every engine now; true when at least one answers. */
  async ping(): Promise<boolean> {
    const answers = await Promise.all(this.states.map(async (state) => this.record(state, await state.host.runner.ping())));
    return answers.some(Boolean);
  }

  async run(request: RunRequest): Promise<RunResult> {
    const lost: string[] = [];
    // Each engine once at most: one that comes back mid-retry does not loop the run.
    while (lost.length < this.states.length) {
      const state = await this.acquire(lost);
      try {
        const result = await state.host.runner.run(request);
        state.runs += 1;
        return result;
      } catch (error) {
        if (error instanceof WharfieError && error.code === 'sandbox_image_missing') {
          // Not a health problem (the engine answers), so not drained: an operator has to copy the image there.
          this.options.log.warn({ host: state.host.name }, `${HOSTS_SETTING}: the sandbox image is missing on this engine; load it there (docker save | docker load)`);
        }
        if (!(error instanceof EngineUnavailableError)) throw error;
        this.options.log.warn({ host: state.host.name, err: error }, `${HOSTS_SETTING}: engine lost a sandbox run; draining it and trying another`);
        lost.push(`${state.host.name} (${error.message})`);
        this.record(state, false);
      } finally {
        this.release(state);
      }
    }
    throw this.noHost(lost);
  }

  /** Shutdown: stops the health checks and waits for runs in progress on every engine. */
  async drain(limitMs: number): Promise<void> {
    this.closed = true;
    for (const state of this.states) clearTimeout(state.timer);
    for (const waiter of this.waiting.splice(0)) waiter.reject(new EngineUnavailableError(`${HOSTS_SETTING}: the sandbox is shutting down`));
    await Promise.all(this.states.map((s) => s.host.runner.drain?.(limitMs)));
  }

  private acquire(lost: readonly string[]): Promise<HostState> {
    const state = pickHost(this.states);
    if (state) return Promise.resolve(this.take(state));
    if (!this.states.some((s) => s.healthy)) return Promise.reject(this.noHost(lost));
    // Healthy engines exist but are full (a drained one took its share away): wait for a slot.
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private take(state: HostState): HostState {
    state.load += 1;
    state.lastPicked = ++this.picks;
    return state;
  }

  private release(state: HostState): void {
    state.load -= 1;
    this.wake();
  }

  private wake(): void {
    while (this.waiting.length > 0) {
      if (!this.states.some((s) => s.healthy)) {
        for (const waiter of this.waiting.splice(0)) waiter.reject(this.noHost([]));
        return;
      }
      const state = pickHost(this.states);
      if (!state) return;
      this.waiting.shift()!.resolve(this.take(state));
    }
  }

  private noHost(lost: readonly string[]): EngineUnavailableError {
    const down = this.states.map((s) => s.host.name).join(', ');
    return new EngineUnavailableError(`${HOSTS_SETTING}: no engine answers (${lost.length > 0 ? `lost the run on ${lost.join('; ')}` : `down: ${down}`})`);
  }

  private async check(state: HostState): Promise<void> {
    if (this.closed) return;
    this.record(state, await state.host.runner.ping());
  }

  /** Notes a health result and schedules the next check: soon and growing while down, steady while up. */
  private record(state: HostState, answers: boolean): boolean {
    const was = state.healthy;
    state.healthy = answers;
    state.failures = answers ? 0 : state.failures + 1;
    if (was && !answers) this.options.log.warn({ host: state.host.name }, `${HOSTS_SETTING}: engine not answering; drained until it does`);
    if (!was && answers) this.options.log.info({ host: state.host.name }, `${HOSTS_SETTING}: engine answers again; back in the pool`);
    clearTimeout(state.timer);
    if (!this.closed) {
      state.timer = setTimeout(() => void this.check(state), answers ? this.checkEveryMs : backoffDelay(state.failures, this.backoffMs, this.maxBackoffMs));
      state.timer.unref();
    }
    this.wake();
    return answers;
  }
}
