/**
 * What the sandbox runs, as frozen values: a `docker run` line is parsed into
 * a `RunJob` (or a `Refusal`) before anything touches Docker, and a run comes
 * back as a `RunResult`. Nothing the user typed reaches the engine except
 * through these fields.
 */

export interface RunJob {
  /** The image name as the user typed it (`busybox`). */
  readonly image: string;
  /** The local image it maps to (never pulled). */
  readonly imageRef: string;
  /** Arguments after the image; empty means the image's default command. */
  readonly command: readonly string[];
  readonly entrypoint: string | null;
  readonly env: readonly (readonly [name: string, value: string])[];
  readonly workdir: string | null;
  /** Non-root only; null means the sandbox's own unprivileged user. */
  readonly user: string | null;
  /** Options accepted but meaningless here, each with why (`--rm`: always removed). */
  readonly notes: readonly string[];
  /** The line, normalised, for "Run again" and for display. */
  readonly line: string;
}

export interface Refusal {
  /** A sentence a learner understands: what was refused and why. */
  readonly reason: string;
  /** The option (or operator, or image) refused, as written; null for the line as a whole. */
  readonly option: string | null;
}

export interface SandboxLimits {
  readonly timeoutMs: number;
  readonly memoryBytes: number;
  readonly pids: number;
  readonly nanoCpus: number;
  readonly outputBytes: number;
  readonly tmpfsBytes: number;
  readonly shmBytes: number;
  readonly nofile: number;
}

export const DEFAULT_LIMITS: SandboxLimits = Object.freeze({
  timeoutMs: 5_000,
  memoryBytes: 64 * 1024 * 1024,
  pids: 64,
  nanoCpus: 500_000_000,
  outputBytes: 64 * 1024,
  tmpfsBytes: 16 * 1024 * 1024,
  shmBytes: 8 * 1024 * 1024,
  nofile: 256,
});

export interface RunResult {
  /** Null when the container never produced an exit code (killed before start). */
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly oomKilled: boolean;
  /** Output was cut at the byte cap (the container was killed then). */
  readonly truncated: boolean;
  /** stdout and stderr, demultiplexed and in arrival order. */
  readonly output: Uint8Array;
  readonly durationMs: number;
}
