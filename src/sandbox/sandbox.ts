import { WharfieError } from '../errors.js';
import { containerSpec } from './container-spec.js';
import { parseRunCommand } from './parse-run-command.js';
import type { RunGate } from './run-gate.js';
import type { Refusal, RunJob, RunResult, SandboxLimits } from './run-job.js';
import { postedOutput, signalName, statusLine, type PostedOutput } from './run-output.js';
import { EngineUnavailableError, type SandboxRunner } from './sandbox-runner.js';

/** What the sandbox needs from outside: an engine, a gate, limits and the images it may run. */
export interface SandboxDeps {
  readonly runner: SandboxRunner;
  readonly gate: RunGate;
  readonly limits: SandboxLimits;
  readonly images: ReadonlyMap<string, string>;
  readonly runtime?: string;
  readonly now: () => number;
  readonly newRunId: () => string;
}

export type SandboxOutcome =
  | { readonly kind: 'refused'; readonly refusal: Refusal; readonly line: string }
  | { readonly kind: 'busy'; readonly job: RunJob; readonly message: string }
  | { readonly kind: 'unavailable'; readonly job: RunJob; readonly message: string }
  | { readonly kind: 'ran'; readonly job: RunJob; readonly result: RunResult; readonly posted: PostedOutput; readonly status: string };

export const UNAVAILABLE = 'The sandbox is unavailable right now (its Docker engine is not answering). Answers and the quiz still work.';
export const IMAGE_MISSING = 'The sandbox image is not installed on this engine yet; an admin can build it with `npm run sandbox:image`.';

/** A `docker run` line from a user, through policy, gate and engine, to an outcome. */
export async function runSandbox(line: string, user: string, deps: SandboxDeps): Promise<SandboxOutcome> {
  const parsed = parseRunCommand(line, { images: deps.images });
  if ('refusal' in parsed) return { kind: 'refused', refusal: parsed.refusal, line };
  const { job } = parsed;
  const entry = await deps.gate.enter(user);
  if ('busy' in entry) return { kind: 'busy', job, message: entry.busy };
  try {
    const runId = deps.newRunId();
    const spec = containerSpec(job, deps.limits, { runId, deadline: deps.now() + deps.limits.timeoutMs, ...(deps.runtime ? { runtime: deps.runtime } : {}) });
    const result = await deps.runner.run({ job, spec, limits: deps.limits, runId });
    return { kind: 'ran', job, result, posted: postedOutput(result), status: statusLine(result, deps.limits) };
  } catch (error) {
    if (error instanceof EngineUnavailableError) return { kind: 'unavailable', job, message: UNAVAILABLE };
    if (error instanceof WharfieError && error.code === 'sandbox_image_missing') return { kind: 'unavailable', job, message: IMAGE_MISSING };
    throw error;
  } finally {
    entry.pass.release();
  }
}

/**
 * The `wharfie sandbox --json` contract. Outside tools read it: change nothing
 * here without changing the README and the contract test.
 */
export interface SandboxJson {
  readonly accepted: boolean;
  readonly refusal: { readonly reason: string; readonly option: string | null } | null;
  readonly image: string | null;
  readonly command: string[] | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly oomKilled: boolean;
  readonly truncated: boolean;
  readonly output: string;
  readonly durationMs: number | null;
}

export function sandboxJson(outcome: SandboxOutcome): SandboxJson {
  const none = { exitCode: null, signal: null, timedOut: false, oomKilled: false, truncated: false, output: '', durationMs: null };
  switch (outcome.kind) {
    case 'refused':
      return { accepted: false, refusal: { ...outcome.refusal }, image: null, command: null, ...none };
    case 'busy':
    case 'unavailable':
      return { accepted: false, refusal: { reason: outcome.message, option: null }, image: outcome.job.image, command: [...outcome.job.command], ...none };
    case 'ran': {
      const { result } = outcome;
      return {
        accepted: true,
        refusal: null,
        image: outcome.job.image,
        command: [...outcome.job.command],
        exitCode: result.exitCode,
        signal: result.timedOut || result.oomKilled ? 'SIGKILL' : signalName(result.exitCode),
        timedOut: result.timedOut,
        oomKilled: result.oomKilled,
        truncated: outcome.posted.truncated,
        output: outcome.posted.text,
        durationMs: Math.round(result.durationMs),
      };
    }
  }
}
