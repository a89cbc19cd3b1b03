import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandboxImage } from '../../adapters/sandbox-docker/build-image.js';
import type { SandboxJson } from '../../src/sandbox/sandbox.js';
import { probeEngine } from '../support/docker-engine.js';
import { runCli } from '../support/run-cli.js';

describe('wharfie sandbox with WHARFIE_SANDBOX=off', () => {
  it('runs nothing and says so, in text and in JSON, exiting 125 as docker run does when it cannot run', async () => {
    const text = await runCli(['sandbox', 'busybox', 'echo', 'hi'], { env: { WHARFIE_SANDBOX: 'off' } });
    expect(text.code).toBe(125);
    expect(text.stderr).toContain('The sandbox is off here (WHARFIE_SANDBOX=off)');
    expect(text.stdout).not.toContain('hi');
    const json = await runCli(['sandbox', '--json', 'busybox echo hi'], { env: { WHARFIE_SANDBOX: 'off' } });
    expect(json.code).toBe(125);
    expect(JSON.parse(json.stdout)).toMatchObject({ accepted: false, refusal: { reason: expect.stringContaining('WHARFIE_SANDBOX=off') }, exitCode: null });
    const selfTest = await runCli(['sandbox', '--self-test'], { env: { WHARFIE_SANDBOX: 'off' } });
    expect(selfTest.code).toBe(1);
    expect(selfTest.stderr).toContain('WHARFIE_SANDBOX=off');
  });

  it('is honoured by the chat entry point too: /docker run at wharfie start runs nothing', async () => {
    const run = await runCli(['start'], { input: '/docker run busybox echo hi\n', env: { WHARFIE_SANDBOX: 'off', WHARFIE_TERMINAL: 'on' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('The sandbox is not enabled on this bot');
  });

  it('with nothing to run is a usage error', async () => {
    const run = await runCli(['sandbox']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('give a command to run');
  });
});

const engine = await probeEngine();
const IMAGE = 'wharfie-sandbox-busybox:cli-test';

describe.skipIf(!engine.available)('wharfie sandbox on a real engine', () => {
  const env = { WHARFIE_SANDBOX_IMAGES: `busybox=${IMAGE}` };

  beforeAll(async () => {
    await buildSandboxImage(engine.docker, IMAGE);
  }, 60_000);

  afterAll(async () => {
    // Leave no image behind: this tag is this file's own.
    await engine.docker.getImage(IMAGE).remove({ force: true });
  });

  it('takes the line as chat does, without the leading docker run', async () => {
    const run = await runCli(['sandbox', 'busybox', 'echo', 'hi'], { env });
    expect(run.stdout).toBe('hi\n');
    expect(run.code).toBe(0);
  });

  it("exits with the container's exit code", async () => {
    const run = await runCli(['sandbox', 'busybox', 'sh', '-c', 'exit 3'], { env });
    expect(run.stderr).toMatch(/exit 3/);
    expect(run.code).toBe(3);
    const json = await runCli(['sandbox', '--json', 'docker run busybox sh -c "exit 4"'], { env });
    expect((JSON.parse(json.stdout) as SandboxJson).exitCode).toBe(4);
    expect(json.code).toBe(4);
  });

  it('exits 125 when policy refuses the line, as docker run does when it cannot run', async () => {
    const run = await runCli(['sandbox', 'docker run --privileged busybox echo hi'], { env });
    expect(run.stdout).toContain('Not run: `--privileged`');
    expect(run.code).toBe(125);
  });
});
