import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containerSpec } from '../../src/sandbox/container-spec.js';
import { parseRunCommand, topLevelOperator } from '../../src/sandbox/parse-run-command.js';
import { RunGate } from '../../src/sandbox/run-gate.js';
import { DEFAULT_LIMITS, type RunResult } from '../../src/sandbox/run-job.js';
import { cleanOutput, postedOutput, statusLine } from '../../src/sandbox/run-output.js';

const images = new Map([['busybox', 'wharfie-sandbox-busybox:latest']]);
const parse = (line: string) => parseRunCommand(line, { images });
const job = (line: string) => {
  const parsed = parse(line);
  if ('refusal' in parsed) throw new Error(`refused: ${parsed.refusal.reason}`);
  return parsed.job;
};
const refusal = (line: string) => {
  const parsed = parse(line);
  if ('job' in parsed) throw new Error(`accepted: ${line}`);
  return parsed.refusal;
};

describe('parsing a docker run line', () => {
  it('takes the line with or without the leading "docker", and `docker container run`', () => {
    for (const line of ['docker run busybox echo hi', 'run busybox echo hi', 'docker container run busybox echo hi']) {
      expect(job(line)).toMatchObject({ image: 'busybox', imageRef: 'wharfie-sandbox-busybox:latest', command: ['echo', 'hi'] });
    }
  });

  it('splits words by shell rules without expanding anything', () => {
    expect(job(`docker run busybox sh -c 'echo $HOME; ls | wc -l'`).command).toEqual(['sh', '-c', 'echo $HOME; ls | wc -l']);
    expect(job('docker run busybox echo "a  b" $HOME *').command).toEqual(['echo', 'a  b', '$HOME', '*']);
  });

  it.each([
    ['docker run busybox echo hi; rm -rf /', ';'],
    ['docker run busybox echo hi | cat', '|'],
    ['docker run busybox true && echo yes', '&&'],
    ['docker run busybox echo `id`', '`'],
    ['docker run busybox echo $(id)', '$('],
    ['docker run busybox echo "$(id)"', '$('],
    ['docker run busybox echo hi > /etc/passwd', '>'],
    ['docker run busybox sleep 1 &', '&'],
  ])('refuses top-level shell syntax: %s', (line, operator) => {
    expect(refusal(line)).toMatchObject({ option: operator });
  });

  it('leaves shell syntax inside sh -c \'...\' to the container\'s shell', () => {
    expect(topLevelOperator(`docker run busybox sh -c 'a; b | c && \`d\` $(e) > f'`)).toBeNull();
  });

  it('types the allowed options: -e, -w, --entrypoint, -u (non-root)', () => {
    expect(job('docker run -e A=1 --env B="two words" -eC=3 --env=D=4 -w /tmp --entrypoint sh -u 1000:1000 busybox -c env')).toMatchObject({
      env: [['A', '1'], ['B', 'two words'], ['C', '3'], ['D', '4']],
      workdir: '/tmp',
      entrypoint: 'sh',
      user: '1000:1000',
      command: ['-c', 'env'],
    });
  });

  it('accepts the harmless --rm -i -t -it --init --name, explaining they do nothing here', () => {
    const parsed = job('docker run --rm -it --init --name web busybox echo hi');
    expect(parsed.command).toEqual(['echo', 'hi']);
    expect(parsed.notes.join(' ')).toMatch(/--rm.*always removed/);
    expect(parsed.notes.join(' ')).toMatch(/no terminal/);
    expect(parsed.notes.join(' ')).toMatch(/--name/);
  });

  it.each(['root', '0', '0:0', 'nobody:root', '00'])('never runs as root (-u %s)', (user) => {
    expect(refusal(`docker run -u ${user} busybox id`).reason).toMatch(/never runs as root/);
  });

  it('refuses -e NAME without a value: it would copy the bot\'s own environment', () => {
    expect(refusal('docker run -e SLACK_BOT_TOKEN busybox env')).toMatchObject({ option: '-e' });
    expect(refusal('docker run -e SLACK_BOT_TOKEN busybox env').reason).toMatch(/bot’s own environment/);
  });

  it.each([
    '--privileged', '--cap-add=SYS_ADMIN', '--cap-add SYS_ADMIN', '--security-opt seccomp=unconfined', '-v /:/host', '--volume=/etc:/etc',
    '--mount type=bind,src=/,dst=/h', '--volumes-from web', '-p 80:80', '-P', '--network host', '--net=host', '--pid=host', '--ipc=host',
    '--uts=host', '--userns=host', '--device /dev/sda', '--gpus all', '--sysctl net.ipv4.ip_forward=1', '--runtime runc',
    '--cgroup-parent /', '--add-host evil:1.2.3.4', '-d', '--env-file /etc/shadow', '--ulimit nproc=99999', '-m 10g', '--read-only',
    '--tmpfs /run', '--link db', '--dns 8.8.8.8', '--restart always', '--made-up-flag',
  ])('refuses %s before any Docker call, naming it', (option) => {
    const result = refusal(`docker run ${option} busybox true`);
    expect(result.option).toBe(option.split(/[ =]/)[0]);
    expect(result.reason).toContain(`\`${result.option}\``);
  });

  it('refuses images that are not on the allowlist, listing the ones that are', () => {
    expect(refusal('docker run ubuntu bash')).toMatchObject({ option: 'ubuntu' });
    expect(refusal('docker run ubuntu bash').reason).toContain('`busybox`');
    expect(job('docker run busybox:latest true').image).toBe('busybox');
  });

  it('refuses lines over 2,000 characters, with NUL bytes, or that are not docker run', () => {
    expect(refusal(`docker run busybox echo ${'x'.repeat(2_000)}`).reason).toMatch(/2,000/);
    expect(refusal('docker run busybox echo \u0000').reason).toMatch(/NUL/);
    expect(refusal('docker exec web sh').reason).toMatch(/docker run/);
    expect(refusal('docker run').reason).toMatch(/Which image/);
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (tail) => {
        const parsed = parse(`docker run ${tail}`);
        expect('job' in parsed || 'refusal' in parsed).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });

  it('normalises the line so "Run again" runs exactly the same job', () => {
    const first = job(`docker run -e 'GREETING=hello world' -w /tmp busybox sh -c 'echo "$GREETING" > /dev/null; pwd'`);
    const again = job(first.line);
    expect(again).toEqual({ ...first, notes: again.notes });
  });
});

describe('the container spec', () => {
  const spec = containerSpec(job('docker run -e A=1 busybox echo hi'), DEFAULT_LIMITS, { runId: 'r1', deadline: 123 });

  it('locks the container down', () => {
    expect(spec.User).toBe('65534:65534');
    expect(spec.NetworkDisabled).toBe(true);
    expect(spec.HostConfig).toMatchObject({
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      Privileged: false,
      PidsLimit: 64,
      Memory: 64 * 1024 * 1024,
      MemorySwap: 64 * 1024 * 1024,
      NanoCpus: 500_000_000,
      Init: true,
      OomScoreAdj: 1000,
      Binds: [],
      Devices: [],
      PortBindings: {},
      LogConfig: { Type: 'none', Config: {} },
    });
    expect(spec.HostConfig.Tmpfs['/tmp']).toMatch(/size=16777216/);
    expect(spec.HostConfig.Ulimits).toEqual([{ Name: 'nofile', Soft: 256, Hard: 256 }]);
  });

  it('passes only the user\'s -e values as the environment, and labels the run for the reaper', () => {
    expect(spec.Env).toEqual(['A=1']);
    expect(spec.Labels).toEqual({ 'wharfie.sandbox': 'true', 'wharfie.run-id': 'r1', 'wharfie.deadline': '123' });
  });

  it('uses a configured runtime such as runsc', () => {
    expect(containerSpec(job('run busybox true'), DEFAULT_LIMITS, { runId: 'r', deadline: 0, runtime: 'runsc' }).HostConfig).toMatchObject({ Runtime: 'runsc' });
  });
});

describe('output as posted', () => {
  const result = (text: string | Uint8Array, extra: Partial<RunResult> = {}): RunResult => ({
    exitCode: 0,
    timedOut: false,
    oomKilled: false,
    truncated: false,
    output: typeof text === 'string' ? Buffer.from(text) : text,
    durationMs: 12,
    ...extra,
  });

  it('strips terminal escapes, control characters, NUL and bidi overrides', () => {
    expect(cleanOutput(Buffer.from('\u001b[31mred\u001b[0m \u001b]0;title\u0007ok\u0000 \u202eevil\u202c\r\n'))).toBe('red ok evil\n');
  });

  it('decodes invalid UTF-8 with replacement characters', () => {
    expect(cleanOutput(Uint8Array.from([0x68, 0xff, 0xfe, 0x69]))).toBe('h\ufffd\ufffdi');
  });

  it('breaks runs of backticks so output cannot close the code block', () => {
    expect(cleanOutput(Buffer.from('```\nhi\n````'))).not.toMatch(/```/);
  });

  it('shows 20 lines at most, saying how many more there were', () => {
    const posted = postedOutput(result(Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n')));
    expect(posted.text.split('\n')).toHaveLength(21);
    expect(posted.text).toMatch(/… 30 more lines not shown$/);
    expect(posted.truncated).toBe(true);
  });

  it('says when the run was stopped at the byte cap', () => {
    const posted = postedOutput(result('y\n'.repeat(10), { truncated: true, output: Buffer.from('y\n'.repeat(32 * 1024)) }));
    expect(posted.text).toMatch(/output cut: the run stopped at 64 KiB/);
  });

  it.each([
    [{ exitCode: 0 }, /^exit 0 · 12 ms$/],
    [{ exitCode: 137 }, /killed by SIGKILL \(exit 137\)/],
    [{ exitCode: 137, timedOut: true }, /timed out after 5\.0 s, killed/],
    [{ exitCode: 137, oomKilled: true }, /out of memory \(limit 64 MiB\), killed/],
  ])('reads the status %o', (extra, expected) => {
    expect(statusLine(result('', extra), DEFAULT_LIMITS)).toMatch(expected);
  });
});

describe('the run gate', () => {
  it('lets one run per user, a pool at once, a short queue behind, then says busy', async () => {
    let now = 0;
    const gate = new RunGate({ pool: 2, queue: 1, cooldownMs: 1_000, now: () => now });
    const a = await gate.enter('a');
    const b = await gate.enter('b');
    expect('pass' in a && 'pass' in b).toBe(true);
    expect(await gate.enter('a')).toEqual({ busy: expect.stringMatching(/already have a run/) });
    const queued = gate.enter('c');
    expect(gate.queued).toBe(1);
    expect(await gate.enter('d')).toEqual({ busy: expect.stringMatching(/busy/) });
    if ('pass' in a) a.pass.release();
    const c = await queued;
    expect('pass' in c).toBe(true);
    expect(gate.running).toBe(2);
    expect(await gate.enter('a')).toEqual({ busy: expect.stringMatching(/run again in 1 s/) });
    now = 1_000;
    if ('pass' in b) b.pass.release();
    expect('pass' in (await gate.enter('a'))).toBe(true);
  });
});
