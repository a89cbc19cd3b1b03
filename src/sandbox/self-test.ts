import type { RunResult } from './run-job.js';
import { cleanOutput } from './run-output.js';

/**
 * `wharfie sandbox --self-test`: each probe runs a hostile command through the
 * real sandbox and checks that the limit it attacks held. What the engine
 * cannot enforce is reported as such, not hidden.
 */
export interface Probe {
  readonly name: string;
  readonly line: string;
  /** Null when the limit held; otherwise what went wrong. */
  check(result: RunResult, output: string): string | null;
}

export const PROBES: readonly Probe[] = [
  {
    name: 'runs as a non-root user',
    line: 'docker run busybox id -u',
    check: (_r, out) => (out.trim() !== '' && out.trim() !== '0' ? null : `uid is "${out.trim()}"`),
  },
  {
    name: 'no capabilities, no new privileges, seccomp filter on',
    line: 'docker run busybox grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status',
    check: (_r, out) => {
      const field = (name: string): string | undefined => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(out)?.[1];
      const problems = [
        /^0+$/.test(field('CapEff') ?? '') ? null : `CapEff ${field('CapEff')}`,
        field('NoNewPrivs') === '1' ? null : `NoNewPrivs ${field('NoNewPrivs')}`,
        field('Seccomp') === '2' ? null : `Seccomp ${field('Seccomp')}`,
      ].filter(Boolean);
      return problems.length === 0 ? null : problems.join(', ');
    },
  },
  {
    name: 'root filesystem is read-only',
    line: 'docker run busybox touch /etc/written',
    check: (r, out) => (r.exitCode !== 0 && /read-only/i.test(out) ? null : 'a file was written to /etc'),
  },
  {
    name: 'no network: loopback only, no way out',
    line: `docker run busybox sh -c 'ls /sys/class/net; nc -w 2 1.1.1.1 53 </dev/null && echo OUT || echo BLOCKED'`,
    check: (_r, out) => (/BLOCKED/.test(out) && !/\beth\d/.test(out) ? null : 'an interface besides lo, or a connection out'),
  },
  {
    name: 'a fork bomb stops at the process limit',
    line: `docker run busybox sh -c 'i=0; while [ $i -lt 500 ]; do (sleep 10 &) 2>/dev/null || break; i=$((i+1)); done; echo forked $i'`,
    check: (_r, out) => {
      const forked = Number(/forked (\d+)/.exec(out)?.[1] ?? 'NaN');
      return forked < 500 ? null : `forked ${forked} processes`;
    },
  },
  {
    name: 'memory over the limit is killed',
    line: `docker run busybox sh -c 'x=$(head -c 200000000 /dev/zero | tr "\\0" a); echo \${#x}'`,
    check: (r) => (r.oomKilled || r.exitCode === 137 ? null : 'allocated 200 MB without being killed'),
  },
  {
    name: '/tmp is small',
    line: 'docker run busybox dd if=/dev/zero of=/tmp/fill bs=1M count=64',
    check: (r, out) => (r.exitCode !== 0 && /space|memory|killed/i.test(out) ? null : 'wrote 64 MiB to /tmp'),
  },
  {
    name: 'a command that never ends is stopped at the deadline',
    line: 'docker run busybox sleep 600',
    check: (r) => (r.timedOut ? null : 'sleep 600 was not stopped'),
  },
];

export interface ProbeOutcome {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string | null;
}

export function judge(probe: Probe, result: RunResult): ProbeOutcome {
  const problem = probe.check(result, cleanOutput(result.output));
  return { name: probe.name, ok: problem === null, detail: problem };
}
