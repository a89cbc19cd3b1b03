import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from '../notes.js';

/**
 * The real `wharfie start` process, as `docker run` starts it: environment in,
 * JSON log lines on stderr, /healthz and /readyz on its port, SIGTERM to stop.
 * Everything a test waits for is waited on with a deadline, never slept for.
 */
export interface BotProcess {
  readonly port: number;
  /** Parsed JSON log lines so far. */
  readonly logs: { level: number; msg: string; [field: string]: unknown }[];
  /** stderr lines that are not JSON log lines (the one-line errors meant for people). */
  readonly plainLines: string[];
  readonly exitCode: number | null;
  waitForLog(match: (line: BotProcess['logs'][number]) => boolean, timeoutMs?: number): Promise<BotProcess['logs'][number]>;
  get(pathname: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Polls `pathname` until `match` holds. */
  waitForHttp(pathname: string, match: (r: { status: number; body: Record<string, unknown> }) => boolean, timeoutMs?: number): Promise<{ status: number; body: Record<string, unknown> }>;
  waitForExit(timeoutMs: number): Promise<number | null>;
  signal(name: NodeJS.Signals): void;
  kill(): void;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wharfie.js'), 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      WHARFIE_HTTP: 'on',
      WHARFIE_TERMINAL: 'off',
      WHARFIE_SANDBOX: 'off',
      // In memory: a test leaves no database files behind; no developer's .env either.
      WHARFIE_DB: ':memory:',
      WHARFIE_ENV_FILE: 'off',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs: BotProcess['logs'] = [];
  const plainLines: string[] = [];
  const waiters: (() => void)[] = [];
  let exitCode: number | null = null;
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exited = true;
      exitCode = code;
      resolve(code);
    }),
  );
  let partial = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines.filter(Boolean)) {
      try {
        logs.push(JSON.parse(line) as BotProcess['logs'][number]);
      } catch {
        plainLines.push(line);
      }
    }
    for (const wake of waiters.splice(0)) wake();
  });

  const get = async (pathname: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${pathname}`);
    const text = await res.text();
    return { status: res.status, body: (text.trim().startsWith('{') ? JSON.parse(text) : { text }) as Record<string, unknown> };
  };

  return {
    port,
    logs,
    plainLines,
    get exitCode() {
      return exitCode;
    },
    waitForLog(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; saw:\n${logs.map((l) => l.msg).join('\n')}\n${plainLines.join('\n')}`)), timeoutMs);
        const check = (): void => {
          const found = logs.find(match);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else if (exited) {
            clearTimeout(timer);
            reject(new Error(`the bot exited (${exitCode}) first; saw:\n${logs.map((l) => l.msg).join('\n')}\n${plainLines.join('\n')}`));
          } else waiters.push(check);
        };
        check();
        void exit.then(() => waiters.includes(check) && check());
      });
    },
    get,
    async waitForHttp(pathname, match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: { status: number; body: Record<string, unknown> } | undefined;
      while (Date.now() < deadline) {
        last = await get(pathname).catch(() => undefined);
        if (last && match(last)) return last;
        if (exited) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${pathname} did not answer as expected within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    },
    waitForExit(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([
        exit.finally(() => clearTimeout(timer)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`still running ${timeoutMs} ms later`)), timeoutMs);
        }),
      ]);
    },
    signal: (name) => void child.kill(name),
    kill: () => void (exited || child.kill('SIGKILL')),
  };
}
