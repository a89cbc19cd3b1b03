import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './notes.js';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `wharfie` binary, as a user or an outside tool would. */
export function runCli(args: readonly string[], options: { input?: string; env?: Record<string, string>; timeoutMs?: number; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wharfie.js'), ...args], {
      cwd: options.cwd ?? ROOT,
      // A developer's own .env never reaches a test (tests that read one name it), and a test that
      // starts the bot leaves no database behind unless it names one.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', WHARFIE_ENV_FILE: 'off', WHARFIE_DB: ':memory:', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`wharfie ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
