import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { WharfieError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { DEADLINE_LABEL, SANDBOX_LABEL } from '../../src/sandbox/container-spec.js';
import type { RunResult } from '../../src/sandbox/run-job.js';
import { EngineUnavailableError, type RunRequest, type SandboxRunner } from '../../src/sandbox/sandbox-runner.js';

/**
 * Runs sandbox jobs on a Docker engine through dockerode. The container spec
 * comes from the core; this only creates, attaches, starts, waits, inspects
 * and removes, each Engine API call under its own client-side timeout.
 */
export interface DockerRunnerOptions {
  readonly docker: Docker;
  readonly log: Logger;
  /** Limit for each Engine API call (create, start, inspect, remove...). */
  readonly apiTimeoutMs?: number;
}

const API_TIMEOUT_MS = 5_000;
/** Time allowed past the run's deadline for the engine to report the kill. */
const KILL_GRACE_MS = 3_000;

export class DockerSandboxRunner implements SandboxRunner {
  private readonly apiTimeoutMs: number;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: DockerRunnerOptions) {
    this.apiTimeoutMs = options.apiTimeoutMs ?? API_TIMEOUT_MS;
  }

  private signal(ms = this.apiTimeoutMs): AbortSignal {
    return AbortSignal.timeout(ms);
  }

  async ping(): Promise<boolean> {
    try {
      // dockerode's ping takes no abort signal: race it.
      await Promise.race([this.options.docker.ping(), delay(2_000).then(() => Promise.reject(new Error('ping timed out')))]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Rejects when the engine stops answering mid-run. dockerode's `wait` never
   * settles if the connection drops after the engine sent its headers (and an
   * abort signal does not reach it then), so: when the output stream ends,
   * ask the engine whether it is still there; and give up past the deadline.
   */
  private engineLost(streamEnded: Promise<void>, deadlineMs: number): { lost: Promise<never>; cancel: () => void } {
    let timer: NodeJS.Timeout | undefined;
    let cancelled = false;
    const lost = new Promise<never>((_, reject) => {
      const fail = (why: string): void => {
        if (!cancelled) reject(new EngineUnavailableError(why));
      };
      timer = setTimeout(() => fail('the engine did not report the end of the run'), deadlineMs);
      void streamEnded.then(async () => {
        await delay(500);
        if (!cancelled && !(await this.ping())) fail('the engine stopped answering during the run');
      });
    });
    return {
      lost,
      cancel: () => {
        cancelled = true;
        clearTimeout(timer);
      },
    };
  }

  /** Runs a job; every run is tracked so shutdown can wait for it (see `drain`). */
  run(request: RunRequest): Promise<RunResult> {
    const running = this.execute(request);
    this.inFlight.add(running);
    void running.catch(() => undefined).finally(() => this.inFlight.delete(running));
    return running;
  }

  /**
   * Shutdown: waits for runs in progress to end. Each is bounded by its own
   * deadline (SIGKILL) and removes its container in `finally`, so waiting a
   * little past the longest deadline is enough; the reaper covers the rest.
   */
  async drain(limitMs: number): Promise<void> {
    if (this.inFlight.size === 0) return;
    await Promise.race([Promise.allSettled([...this.inFlight]), delay(limitMs)]);
  }

  private async execute({ spec, limits }: RunRequest): Promise<RunResult> {
    const { docker, log } = this.options;
    let container: Docker.Container;
    try {
      container = await docker.createContainer({ ...spec, abortSignal: this.signal() } as Docker.ContainerCreateOptions);
    } catch (error) {
      throw asEngineError(error, spec.Image);
    }

    const chunks: Buffer[] = [];
    let bytes = 0;
    let truncated = false;
    let timedOut = false;
    let stream: NodeJS.ReadWriteStream | undefined;
    let timer: NodeJS.Timeout | undefined;
    const kill = (): void => {
      container.kill({ signal: 'SIGKILL', abortSignal: this.signal() }).catch(() => {
        // already stopped, or the engine is gone: remove (below) settles it either way
      });
    };
    try {
      stream = (await container.attach({ stream: true, stdout: true, stderr: true, abortSignal: this.signal() })) as NodeJS.ReadWriteStream;
      // Read past the cap and throw the rest away: a reader that stops reading
      // makes the engine's kill and remove hang on this container.
      const collect = new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (bytes < limits.outputBytes) {
            const take = chunk.subarray(0, limits.outputBytes - bytes);
            chunks.push(Buffer.from(take));
            bytes += take.length;
          }
          if (bytes >= limits.outputBytes && !truncated && chunk.length > 0) {
            truncated = true;
            kill();
          }
          done();
        },
      });
      container.modem.demuxStream(stream, collect, collect);
      const ended = new Promise<void>((resolve) => {
        stream!.once('end', resolve);
        stream!.once('close', resolve);
        stream!.once('error', () => resolve());
      });

      const started = performance.now();
      await container.start({ abortSignal: this.signal() });
      timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, limits.timeoutMs);
      const watchdog = this.engineLost(ended, limits.timeoutMs + KILL_GRACE_MS);
      try {
        await Promise.race([container.wait(), watchdog.lost]);
      } finally {
        watchdog.cancel();
      }
      const durationMs = performance.now() - started;
      clearTimeout(timer);
      // The last frames can arrive just after the exit; wait briefly for the stream to end.
      await Promise.race([ended, delay(250)]);
      // `wait` does not say whether the kernel's OOM killer struck: inspect does.
      const state = (await container.inspect({ abortSignal: this.signal() })).State;
      return {
        exitCode: state.Running ? null : state.ExitCode,
        timedOut,
        oomKilled: state.OOMKilled === true,
        truncated,
        output: Buffer.concat(chunks),
        durationMs,
      };
    } catch (error) {
      throw asEngineError(error, spec.Image);
    } finally {
      clearTimeout(timer);
      await container.remove({ force: true, v: true, abortSignal: this.signal() }).catch((error: unknown) => {
        if (statusOf(error) !== 404) log.warn({ err: error, container: container.id }, 'sandbox container not removed; the reaper will');
      });
      stream?.removeAllListeners();
      (stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    }
  }
}

/**
 * Removes sandbox containers whose deadline has passed: after a crash of the
 * bot, or when a remove failed. Safe beside other bots on the same engine:
 * a run still within its deadline is never touched.
 */
export async function reapExpired(docker: Docker, now: number, log: Logger, graceMs = KILL_GRACE_MS): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${SANDBOX_LABEL}=true`] }, abortSignal: AbortSignal.timeout(API_TIMEOUT_MS) });
  let removed = 0;
  for (const info of containers) {
    const deadline = Number(info.Labels[DEADLINE_LABEL] ?? 0);
    if (deadline + graceMs > now) continue;
    try {
      await docker.getContainer(info.Id).remove({ force: true, v: true, abortSignal: AbortSignal.timeout(API_TIMEOUT_MS) });
      removed += 1;
    } catch (error) {
      if (statusOf(error) !== 404) log.warn({ err: error, container: info.Id }, 'reaper could not remove a sandbox container');
    }
  }
  if (removed > 0) log.info({ removed }, 'reaped expired sandbox containers');
  return removed;
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}

const UNREACHABLE = /ECONNREFUSED|ENOENT|ECONNRESET|EPIPE|socket hang up|EHOSTUNREACH|ETIMEDOUT|abort|timeout/i;

function asEngineError(error: unknown, image: string): Error {
  if (error instanceof WharfieError) return error;
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (status === 404 && /image/i.test(message)) {
    return new WharfieError('sandbox_image_missing', `sandbox image ${image} is not on this engine`, { cause: error });
  }
  if (status === undefined && UNREACHABLE.test(`${(error as { code?: string })?.code ?? ''} ${message} ${(error as Error)?.name ?? ''}`)) {
    return new EngineUnavailableError(message, { cause: error });
  }
  return new WharfieError('engine_error', message, { cause: error });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
