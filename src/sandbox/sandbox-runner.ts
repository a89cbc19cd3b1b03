import { WharfieError } from '../errors.js';
import type { ContainerSpec } from './container-spec.js';
import type { RunJob, RunResult, SandboxLimits } from './run-job.js';

/**
 * The seam between the sandbox policy (here, pure) and a container engine
 * (an adapter: dockerode in adapters/sandbox-docker). The core builds the
 * container spec; the runner only creates, runs, reads and removes.
 */
export interface SandboxRunner {
  run(request: RunRequest): Promise<RunResult>;
  /** Whether the engine answers, quickly. */
  ping(): Promise<boolean>;
}

export interface RunRequest {
  readonly job: RunJob;
  readonly spec: ContainerSpec;
  readonly limits: SandboxLimits;
  readonly runId: string;
}

/** The engine is down or unreachable: answers and quiz keep working, the sandbox says so. */
export class EngineUnavailableError extends WharfieError {
  override readonly name = 'EngineUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('engine_unavailable', message, options);
  }
}
