/**
 * Slack HTTP mode under load, measured the way Slack sees it: the real
 * `wharfie start` process (its own process, its own CPU) against a local fake
 * Web API and response_url receiver, and signed slash commands sent from this
 * process on an open loop (each leaves on schedule whether or not earlier ones
 * were answered). Prints ack latency, answers delivered, the bot's CPU per
 * command (from /proc, so the bot reports nothing about itself) and its
 * resident memory after warm-up and at the end.
 *
 * `--busy` also starts two busy loops, one per core of a 2-core machine, so
 * the bot competes for CPU as it does on a shared host.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { HEAP_PROBE_MESSAGE } from '../adapters/app/heap-probe.js';
import { packageRoot } from '../adapters/app/package-root.js';
import { freePort } from '../test/support/wire/bot-process.js';
import { startFakeHttp } from '../test/support/wire/fake-http.js';
import { SIGNING_SECRET, sign, slashCommand, startFakeSlackApi } from '../test/support/wire/slack-fakes.js';
import { percentile } from './answers-bench.js';
import { readQuestions } from './eval.js';

export interface SlackBenchOptions {
  /** Commands per second. */
  readonly rate?: number;
  /** Commands measured, after the warm-up. */
  readonly commands?: number;
  /** Commands sent first and not measured: JIT, caches, connection pools (WARMUP_COMMANDS). */
  readonly warmup?: number;
  /** Two busy loops keep both cores busy while the bench runs. */
  readonly busy?: boolean;
  /** Reuse connections, as an HTTP client with a pool does (default: a new connection per command). */
  readonly keepAlive?: boolean;
  /** Write a V8 CPU profile of the bot (node --cpu-prof) to this folder. */
  readonly cpuProfileDir?: string;
  /**
   * Also a full GC right after the warm-up, to compare the heap the bot keeps
   * before and after the measured commands. Off by default: that GC frees
   * old-space garbage the measured commands then refill, so RSS looks flatter
   * than it is without it. The heap after a full GC at the end is always printed.
   */
  readonly heapAtWarmup?: boolean;
  /** Also measure Node's floor the same way (bench/slack-floor-server.ts) and print the bot's CPU over it (default on). */
  readonly floor?: boolean;
}

/**
 * Commands sent before measuring, by default. V8 optimises a function once it
 * has run enough bytecode, so code run once per command (the receiver, Bolt,
 * the answer, the response_url post) is compiled over the first ~2,000
 * commands: CPU per command falls from 3.1–3.6 ms after 300 to 2.0–2.5 ms
 * after 3,000 (other threads from ~0.9 to ~0.1 ms), where it stays. Thirty
 * seconds at 100/s measures the bot as it runs under sustained load; the
 * warm-up's own figure is printed too.
 */
export const WARMUP_COMMANDS = 3_000;

/** /proc counts CPU time in ticks of 1/USER_HZ s; USER_HZ is 100 on Linux (`getconf CLK_TCK`). */
const USER_HZ = 100;
/** Slack gives up on an ack after 3 s and shows the user an error. */
const SLACK_ACK_LIMIT_MS = 3_000;

export async function benchSlack(options: SlackBenchOptions = {}): Promise<void> {
  const { rate = 100, commands = 1_000, warmup = WARMUP_COMMANDS, busy = false } = options;
  const root = packageRoot();
  const questions = readQuestions(path.join(root, 'test', 'eval', 'notes-questions.json')).map((q) => q.q);
  const api = await startFakeSlackApi();
  const responses = await startFakeHttp(() => ({ body: 'ok' }));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-slack-bench-'));
  const port = await freePort();
  // WHARFIE_BENCH_BOT_FLAGS: more node flags for the bot alone (`--perf-basic-prof` for `perf record -p`, GC tracing).
  const extraFlags = (process.env.WHARFIE_BENCH_BOT_FLAGS ?? '').split(' ').filter(Boolean);
  const bot = spawn(process.execPath, ['--expose-gc', ...extraFlags, ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []), path.join(root, 'bin', 'wharfie.js'), 'start'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      PORT: String(port),
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.apiUrl,
      WHARFIE_TERMINAL: 'off',
      WHARFIE_SANDBOX: 'off',
      // SIGUSR2 → a full GC and one log line with the heap still in use (with --expose-gc below).
      WHARFIE_BENCH_PROBE: 'on',
      WHARFIE_DB: path.join(dataDir, 'wharfie.db'),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The bot logs JSON lines to stderr at the production level; keep only the count and the tail.
  let logLines = 0;
  let logTail = '';
  const problems: string[] = [];
  const probes: ((line: HeapProbe) => void)[] = [];
  let partial = '';
  bot.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    logLines += chunk.split('\n').length - 1;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (line.includes(HEAP_PROBE_MESSAGE)) probes.shift()?.(JSON.parse(line) as HeapProbe);
    logTail = (logTail + chunk).slice(-2_000);
    // pino levels: 40 warn, 50 error.
    for (const line of chunk.split('\n')) if (/"level":(4|5|6)0/.test(line) && problems.length < 3) problems.push(line.slice(0, 300));
  });
  const busyLoops: ChildProcess[] = busy ? [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' })) : [];
  // By default a connection per command: the costlier case for the bot (an accept, a socket), and under CPU
  // starvation a full accept queue shows up as SYN retransmits (acks of 1 s, 3 s). With --keep-alive, idle
  // sockets are dropped after 2 s, before the bot's 5 s keep-alive close can race a request (ECONNRESET).
  const agent = options.keepAlive ? new http.Agent({ keepAlive: true, timeout: 2_000 }) : new http.Agent({ keepAlive: false });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForReady(`${base}/readyz`, bot, () => logTail);
    const { send, sentAt } = commandSender(agent, `${base}/slack/events`, questions, responses.url);

    const cpuWarmStart = cpuMs(bot.pid!);
    await openLoop(rate, warmup, send);
    await waitForCount(() => responses.requests.length, warmup, 30_000);
    // The load generator shares the machine: a late event loop here reads as a late ack.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const rssWarm = rssMb(bot.pid!);
    const heapWarm = options.heapAtWarmup ? await heapProbe(bot, probes) : null;
    const rssSeries: (number | null)[] = [];
    const sampler = setInterval(() => rssSeries.push(rssMb(bot.pid!)), 2_000);
    let rssMid: number | null = null;
    let cpuMid: CpuTimes | null = null;
    const midway = setTimeout(() => {
      rssMid = rssMb(bot.pid!);
      cpuMid = cpuMs(bot.pid!);
    }, (commands / rate / 2) * 1_000);
    const cpuBefore = cpuMs(bot.pid!);
    const logsBefore = logLines;
    const run = await openLoop(rate, commands, send);
    await waitForCount(() => responses.requests.length, warmup + commands, 30_000);
    const cpuAfter = cpuMs(bot.pid!);
    lag.disable();
    const rssEnd = rssMb(bot.pid!);
    clearInterval(sampler);
    clearTimeout(midway);
    const logsDuring = logLines - logsBefore;
    const heapEnd = await heapProbe(bot, probes);

    const acks = run.results.map((r) => r.ms).sort((a, b) => a - b);
    const failed = run.results.filter((r) => r.status !== 200).length + run.errors.length;
    const over = acks.filter((ms) => ms > SLACK_ACK_LIMIT_MS).length;
    const delivered = responses.requests.length - warmup;
    // From sending the command to its answer reaching response_url: what waits so that acks do not.
    const answerMs = responses.requests
      .map((r) => r.at - sentAt[Number(r.path.split('/').pop())]!)
      .slice(warmup)
      .sort((a, b) => a - b);
    const per = (pick: (t: CpuTimes) => number): number | null => (cpuBefore !== null && cpuAfter !== null ? (pick(cpuAfter) - pick(cpuBefore)) / commands : null);
    const cpuPer = per((t) => t.total);
    // Read on the clock, not on answers; the halves differ by V8 still compiling (and by what else runs).
    const halves = cpuBefore !== null && cpuAfter !== null && cpuMid !== null ? [(cpuMid as CpuTimes).total - cpuBefore.total, cpuAfter.total - (cpuMid as CpuTimes).total].map((ms) => (ms / (commands / 2)).toFixed(2)) : null;
    console.log(
      `signed /docker questions into the real \`wharfie start\` (Slack HTTP mode, separate process): ${commands} at ${rate}/s over ${run.seconds.toFixed(1)} s after ${warmup} warm-up, ${options.keepAlive ? 'kept-alive connections' : 'a new connection each'}${busy ? ', two busy loops on the cores' : ''}`,
    );
    console.log(`  ack p50 ${percentile(acks, 50).toFixed(1)} ms, p99 ${percentile(acks, 99).toFixed(1)} ms, max ${(acks.at(-1) ?? 0).toFixed(1)} ms; over 3 s: ${over}; failed: ${failed}${run.errors.length ? ` (${[...new Set(run.errors)].slice(0, 3).join('; ')})` : ''}`);
    console.log(`  answers delivered to response_url: ${delivered}/${commands}, p50 ${percentile(answerMs, 50).toFixed(0)} ms, p99 ${percentile(answerMs, 99).toFixed(0)} ms after the command was sent`);
    console.log(`  bot CPU per command: ${cpuPer === null ? 'n/a (no /proc)' : `${cpuPer.toFixed(2)} ms`} (user+system of every thread over the measured commands, /proc/<pid>/stat${cpuPer === null ? '' : `: user ${per((t) => t.user)!.toFixed(2)}, system ${per((t) => t.system)!.toFixed(2)}; main thread ${per((t) => t.main)!.toFixed(2)}, other threads ${(cpuPer - per((t) => t.main)!).toFixed(2)}`}); log lines ${logsDuring}`);
    if (cpuWarmStart && cpuBefore && warmup > 0) {
      const warm = (pick: (t: CpuTimes) => number): string => ((pick(cpuBefore) - pick(cpuWarmStart)) / warmup).toFixed(2);
      console.log(`  bot CPU per command during the ${warmup} warm-up commands: ${warm((t) => t.total)} ms (main thread ${warm((t) => t.main)}, other threads ${warm((t) => t.total - t.main)}: V8 compiling the hot paths as they warm)`);
    }
    if (halves) console.log(`  bot CPU per command in the first half of the measured commands ${halves[0]} ms, in the second half ${halves[1]} ms`);
    for (const problem of problems) console.log(`  bot logged: ${problem}`);
    console.log(`  bot RSS after warm-up ${fmtMb(rssWarm)}, midway ${fmtMb(rssMid)}, at the end ${fmtMb(rssEnd)}; every 2 s: ${rssSeries.map((mb) => (mb === null ? '?' : mb.toFixed(0))).join(' ')}`);
    console.log(
      `  bot heap in use after a full GC: ${options.heapAtWarmup ? `after warm-up ${fmtMb(heapWarm?.heapUsedMb ?? null)} (that GC ran before the RSS series above), ` : ''}at the end ${fmtMb(heapEnd?.heapUsedMb ?? null)} (what the bot keeps; RSS also holds garbage V8 has not collected yet); RSS right after that GC ${fmtMb(heapEnd?.rssMb ?? null)}`,
    );
    console.log(`  load generator's own event-loop delay p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms, max ${(lag.max / 1e6).toFixed(0)} ms (part of every ack figure above)`);
    console.log(`  also running: ${loadNote()}`);
    if (options.floor !== false && cpuPer !== null) {
      if (options.cpuProfileDir || extraFlags.length > 0) {
        console.log("  Node's floor: not measured (the bot ran with profiling or extra node flags, which cost it CPU the floor would not pay)");
      } else {
        const floor = await floorCpuPerCommand({ rate, commands, warmup, questions, agent });
        console.log(
          typeof floor === 'number'
            ? `  Node's floor, measured the same way just after: ${floor.toFixed(2)} ms per command (bench/slack-floor-server.ts: a bare node:http server that checks the signature, acks and posts a fixed answer; no Bolt, answer or store); the bot spends ${(cpuPer - floor).toFixed(2)} ms over it`
            : `  Node's floor: n/a (${floor.reason})`,
        );
      }
    }
  } finally {
    for (const loop of busyLoops) loop.kill('SIGKILL');
    agent.destroy();
    await stopProcess(bot);
    await api.close();
    await responses.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Signed slash commands, one question after another, each with its own response_url path (`…/respond/<n>`). */
function commandSender(agent: http.Agent, url: string, questions: readonly string[], responsesUrl: string): { send: () => Promise<{ ms: number; status: number }>; sentAt: number[] } {
  let sent = 0;
  const sentAt: number[] = [];
  const send = (): Promise<{ ms: number; status: number }> => {
    const question = questions[sent % questions.length]!;
    sent += 1;
    sentAt[sent] = Date.now();
    return signedPost(agent, url, slashCommand(question, `${responsesUrl}/respond/${sent}`));
  };
  return { send, sentAt };
}

/**
 * The same load (warm-up, then the measured commands) against the floor
 * server: its CPU per command over the measured commands, or why it could
 * not be measured.
 */
async function floorCpuPerCommand(load: {
  rate: number;
  commands: number;
  warmup: number;
  questions: readonly string[];
  agent: http.Agent;
}): Promise<number | { reason: string }> {
  const responses = await startFakeHttp(() => ({ body: 'ok' }));
  let floor: ChildProcess | null = null;
  try {
    const port = await freePort();
    const server = spawn(process.execPath, [fileURLToPath(new URL('./slack-floor-server.js', import.meta.url))], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), SLACK_SIGNING_SECRET: SIGNING_SECRET },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    floor = server;
    let errors = '';
    server.stderr!.setEncoding('utf8').on('data', (chunk: string) => (errors = (errors + chunk).slice(-2_000)));
    const base = `http://127.0.0.1:${port}`;
    await waitForReady(`${base}/readyz`, server, () => errors, 'the floor server');
    const { send } = commandSender(load.agent, `${base}/slack/events`, load.questions, responses.url);
    await openLoop(load.rate, load.warmup, send);
    await waitForCount(() => responses.requests.length, load.warmup, 30_000);
    const before = cpuMs(server.pid!);
    await openLoop(load.rate, load.commands, send);
    await waitForCount(() => responses.requests.length, load.warmup + load.commands, 30_000);
    const after = cpuMs(server.pid!);
    const answered = responses.requests.length - load.warmup;
    if (answered < load.commands) return { reason: `${answered}/${load.commands} answers arrived` };
    if (!before || !after) return { reason: 'no /proc' };
    return (after.total - before.total) / load.commands;
  } finally {
    if (floor) await stopProcess(floor);
    await responses.close();
  }
}

interface HeapProbe {
  readonly heapUsedMb: number;
  readonly rssMb: number;
  readonly collected: boolean;
}

/** Asks the bot for a full GC and its heap figures (WHARFIE_BENCH_PROBE); null when it does not answer within 5 s. */
async function heapProbe(bot: ChildProcess, probes: ((line: HeapProbe) => void)[]): Promise<HeapProbe | null> {
  let timer: NodeJS.Timeout | undefined;
  const answer = new Promise<HeapProbe | null>((resolve) => {
    const waiter = (line: HeapProbe): void => resolve(line);
    probes.push(waiter);
    timer = setTimeout(() => {
      probes.splice(probes.indexOf(waiter), 1);
      resolve(null);
    }, 5_000);
  });
  bot.kill('SIGUSR2');
  const line = await answer;
  clearTimeout(timer);
  return line?.collected ? line : null;
}

interface OpenLoopRun {
  readonly results: { ms: number; status: number }[];
  readonly errors: string[];
  readonly seconds: number;
}

/** Sends `count` requests at `rate`/s on schedule, then waits for every answer. */
async function openLoop(rate: number, count: number, send: () => Promise<{ ms: number; status: number }>): Promise<OpenLoopRun> {
  const results: { ms: number; status: number }[] = [];
  const errors: string[] = [];
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i += 1) {
    const wait = start + (i * 1_000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(send().then((r) => void results.push(r), (error: unknown) => void errors.push((error as Error).message)));
  }
  await Promise.all(inflight);
  return { results, errors, seconds: (performance.now() - start) / 1_000 };
}

/** One signed slash command, timed from the first byte out to the end of the ack. */
function signedPost(agent: http.Agent, url: string, fields: Record<string, string>): Promise<{ ms: number; status: number }> {
  const body = new URLSearchParams(fields).toString();
  const timestamp = Math.floor(Date.now() / 1_000);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          // Exactly this type: Bolt answers 400 to "; charset=utf-8".
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': sign(body, timestamp),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function waitForReady(url: string, child: ChildProcess, log: () => string, name = 'the bot'): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${log()}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} was not ready within 60 s:\n${log()}`);
}

async function waitForCount(count: () => number, target: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (count() < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

async function stopProcess(child: ChildProcess): Promise<void> {
  // Ended already, by itself or by a signal (then exitCode stays null).
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** CPU time of a process in ms, from /proc (Linux); null elsewhere. */
interface CpuTimes {
  /** user + system, every thread. */
  readonly total: number;
  readonly user: number;
  readonly system: number;
  /** user + system of the main thread alone (JavaScript, the event loop); the rest is V8's GC and compiler threads and libuv's pool. */
  readonly main: number;
}

function cpuMs(pid: number): CpuTimes | null {
  const ticks = (file: string): [number, number] => {
    const stat = readFileSync(file, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [(Number(fields[11]) * 1_000) / USER_HZ, (Number(fields[12]) * 1_000) / USER_HZ];
  };
  try {
    const [user, system] = ticks(`/proc/${pid}/stat`);
    const [mainUser, mainSystem] = ticks(`/proc/${pid}/task/${pid}/stat`);
    return { total: user + system, user, system, main: mainUser + mainSystem };
  } catch {
    return null;
  }
}

function rssMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1_024 : null;
  } catch {
    return null;
  }
}

const fmtMb = (mb: number | null): string => (mb === null ? 'n/a' : `${mb.toFixed(0)} MB`);

/** The load average and core count: the machine may be shared, so say what else was running. */
function loadNote(): string {
  const [one] = os.loadavg();
  return `load average ${one!.toFixed(2)} (1 min) on ${os.cpus().length} cores`;
}

