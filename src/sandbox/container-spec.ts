import { SANDBOX_USER } from './parse-run-command.js';
import type { RunJob, SandboxLimits } from './run-job.js';

/** Every sandbox container carries these labels, so a reaper can find it after a crash. */
export const SANDBOX_LABEL = 'wharfie.sandbox';
export const RUN_ID_LABEL = 'wharfie.run-id';
export const DEADLINE_LABEL = 'wharfie.deadline';

export interface SpecOptions {
  readonly runId: string;
  /** When the run must be over (epoch ms); the reaper removes it after that. */
  readonly deadline: number;
  /** An OCI runtime such as `runsc` (gVisor); the engine's default otherwise. */
  readonly runtime?: string;
}

/**
 * The Engine API body for `POST /containers/create`, built entirely here from
 * the typed job: nothing the user typed is passed through except the command,
 * its environment values, working directory, entrypoint and a non-root user.
 * Written against API 1.41 (Docker 20.10).
 */
export function containerSpec(job: RunJob, limits: SandboxLimits, options: SpecOptions) {
  return {
    Image: job.imageRef,
    ...(job.command.length > 0 ? { Cmd: [...job.command] } : {}),
    ...(job.entrypoint !== null ? { Entrypoint: [job.entrypoint] } : {}),
    // Only the user's own -e values: the bot's environment never reaches the container.
    Env: job.env.map(([name, value]) => `${name}=${value}`),
    WorkingDir: job.workdir ?? '',
    User: job.user ?? SANDBOX_USER,
    Hostname: 'sandbox',
    Labels: {
      [SANDBOX_LABEL]: 'true',
      [RUN_ID_LABEL]: options.runId,
      [DEADLINE_LABEL]: String(options.deadline),
    },
    NetworkDisabled: true,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: false,
    StdinOnce: false,
    Tty: false,
    StopSignal: 'SIGKILL',
    HostConfig: {
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      // tmpfs pages count against the memory limit too; noexec keeps /tmp for data.
      Tmpfs: { '/tmp': `rw,noexec,nosuid,nodev,size=${limits.tmpfsBytes}` },
      ShmSize: limits.shmBytes,
      CapDrop: ['ALL'],
      CapAdd: [],
      // The engine's default seccomp profile applies unless unconfined; we never unconfine it.
      SecurityOpt: ['no-new-privileges:true'],
      Privileged: false,
      PidsLimit: limits.pids,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: limits.nanoCpus,
      Ulimits: [{ Name: 'nofile', Soft: limits.nofile, Hard: limits.nofile }],
      Init: true,
      OomScoreAdj: 1000,
      // Output is read from the attach stream; nothing is kept in engine logs.
      LogConfig: { Type: 'none', Config: {} },
      AutoRemove: false,
      Binds: [],
      Mounts: [],
      Devices: [],
      PortBindings: {},
      PublishAllPorts: false,
      IpcMode: 'private',
      PidMode: '',
      UTSMode: '',
      UsernsMode: '',
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      ...(options.runtime ? { Runtime: options.runtime } : {}),
    },
  };
}

export type ContainerSpec = ReturnType<typeof containerSpec>;
