import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { RunGate } from '../../src/sandbox/run-gate.js';
import { DEFAULT_LIMITS } from '../../src/sandbox/run-job.js';
import { asRunLine } from '../../src/sandbox/parse-run-command.js';
import { UNAVAILABLE, runSandbox, sandboxJson, type SandboxJson } from '../../src/sandbox/sandbox.js';
import { EngineUnavailableError } from '../../src/sandbox/sandbox-runner.js';
import { judge, PROBES } from '../../src/sandbox/self-test.js';
import { createSandbox } from '../sandbox-docker/create-sandbox.js';
import type { CliIo } from './cli-io.js';

/**
 * `wharfie sandbox` exits as `docker run` does: with the container's own exit
 * code when it ran, and 125 when it did not run at all (refused by policy,
 * busy, no engine, or WHARFIE_SANDBOX=off), so scripts can tell the two apart.
 */
export const NOT_RUN_EXIT = 125;

export const SANDBOX_OFF = 'The sandbox is off here (WHARFIE_SANDBOX=off). Unset it, or set it to auto or on, to run commands.';

/** `wharfie sandbox [--json] "<docker run line>"`: one run, as a user would see it or as the JSON contract. */
export async function sandboxCommand(line: string, options: { json: boolean }, io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  if (config.env.WHARFIE_SANDBOX === 'off') {
    if (options.json) io.stdout.write(`${JSON.stringify(notRunJson(SANDBOX_OFF), null, 2)}\n`);
    else io.stderr.write(`wharfie sandbox: ${SANDBOX_OFF}\n`);
    return NOT_RUN_EXIT;
  }
  const sandbox = await createSandbox(config, silentLogger);
  try {
    const deps = sandbox?.deps ?? offlineDeps(config.sandboxImages);
    const outcome = await runSandbox(asRunLine(line), 'cli', deps);
    const json = sandboxJson(outcome);
    if (options.json) {
      io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else if (json.refusal) {
      io.stdout.write(`Not run: ${json.refusal.reason}\n`);
    } else {
      io.stdout.write(`${json.output === '' ? '(no output)' : json.output}\n`);
      io.stderr.write(`${outcome.kind === 'ran' ? outcome.status : ''}\n`);
    }
    if (!json.accepted) return NOT_RUN_EXIT;
    return json.exitCode ?? NOT_RUN_EXIT;
  } finally {
    await sandbox?.close();
  }
}

function notRunJson(reason: string): SandboxJson {
  return { accepted: false, refusal: { reason, option: null }, image: null, command: null, exitCode: null, signal: null, timedOut: false, oomKilled: false, truncated: false, output: '', durationMs: null };
}

/** Policy still answers without an engine: refusals need no Docker, runs say "unavailable". */
function offlineDeps(images: ReadonlyMap<string, string>) {
  return {
    runner: {
      run: () => Promise.reject(new EngineUnavailableError('no Docker engine answers')),
      ping: async () => false,
    },
    gate: oneAtATime(),
    limits: DEFAULT_LIMITS,
    images,
    now: Date.now,
    newRunId: randomUUID,
  };
}

/**
 * `wharfie sandbox --self-test`: proves each limit on this engine, and says
 * what it cannot prove. On a pool (WHARFIE_SANDBOX_HOSTS) every engine is
 * tested on its own, under a heading naming it: a limit that holds on one
 * engine says nothing about the next.
 */
export async function sandboxSelfTest(io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  if (config.env.WHARFIE_SANDBOX === 'off') {
    io.stderr.write(`wharfie sandbox: ${SANDBOX_OFF}\n`);
    return 1;
  }
  const sandbox = await createSandbox(config, silentLogger);
  if (!sandbox || !(await sandbox.runner.ping())) {
    io.stdout.write(`${UNAVAILABLE}\n`);
    await sandbox?.close();
    return 1;
  }
  try {
    let failed = 0;
    for (const host of sandbox.hosts) {
      if (sandbox.pool) io.stdout.write(`\n== ${host.name}\n`);
      if (!(await host.runner.ping())) {
        failed += 1;
        io.stdout.write(`FAIL  engine answers: no answer from ${host.name} (WHARFIE_SANDBOX_HOSTS)\n`);
        continue;
      }
      // The probes run back to back as one user, on this engine only: no cooldown, no pool.
      const deps = { ...sandbox.deps, runner: host.runner, limits: { ...DEFAULT_LIMITS, timeoutMs: 3_000 }, gate: oneAtATime() };
      for (const probe of PROBES) {
        const run = await runSandbox(probe.line, 'self-test', deps);
        if (run.kind === 'refused') throw new Error(`self-test probe refused: ${run.refusal.reason}`);
        const outcome = run.kind === 'ran' ? judge(probe, run.result) : { name: probe.name, ok: false, detail: run.message };
        if (!outcome.ok) failed += 1;
        io.stdout.write(`${outcome.ok ? 'ok  ' : 'FAIL'}  ${outcome.name}${outcome.detail ? `: ${outcome.detail}` : ''}\n`);
      }
      for (const line of await engineCaveats(host.docker, config.env.WHARFIE_SANDBOX_RUNTIME)) io.stdout.write(`note  ${line}\n`);
    }
    const where = sandbox.pool ? 'every engine' : 'this engine';
    io.stdout.write(failed === 0 ? `All limits held on ${where}.\n` : `${failed} limit(s) did not hold: do not enable the sandbox here.\n`);
    return failed === 0 ? 0 : 1;
  } finally {
    await sandbox.close();
  }
}

function oneAtATime(): RunGate {
  return new RunGate({ pool: 1, queue: 0, cooldownMs: 0, now: Date.now });
}

/** What this engine does not give us, said plainly. */
async function engineCaveats(docker: import('dockerode'), runtime: string | undefined): Promise<string[]> {
  const info = (await docker.info()) as { SecurityOptions?: string[]; DefaultRuntime?: string; CgroupVersion?: string; ServerVersion?: string };
  const security = (info.SecurityOptions ?? []).join(' ');
  const notes = [`engine ${info.ServerVersion}, cgroup v${info.CgroupVersion ?? '?'}, runtime ${runtime ?? info.DefaultRuntime}`];
  if (!/apparmor/.test(security)) notes.push('no AppArmor on this kernel: containers get no AppArmor profile (seccomp, capabilities and namespaces still apply)');
  if (!/selinux/.test(security)) notes.push('no SELinux labels on this engine');
  if (!/userns/.test(security)) notes.push('no user-namespace remapping: a container escape would land as the sandbox uid on the host; see README for rootless or gVisor');
  if ((runtime ?? info.DefaultRuntime) === 'runc') notes.push('runc shares the host kernel; WHARFIE_SANDBOX_RUNTIME=runsc (gVisor) adds a kernel boundary');
  return notes;
}
