import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createBot } from '../../src/bot.js';
import { ConfigError, loadConfig, type Config } from '../../src/config.js';
import { KnowledgeBase } from '../../src/knowledge-base.js';
import type { Knowledge } from '../../src/knowledge/section.js';
import type { Logger } from '../../src/logger.js';
import { Quiz } from '../../src/quiz/quiz-service.js';
import { UsageLog } from '../../src/usage/usage-log.js';
import type { CliIo } from './process-io.js';
import { HttpServer } from '../http/http-server.js';
import { watchKnowledge } from '../knowledge/watch-knowledge.js';
import { createDiscordAdapter, type GatewayFailure } from '../discord/discord-adapter.js';
import { QuestionBankSource } from '../quiz/question-bank-source.js';
import { QuizScheduler, type ChannelPoster } from '../quiz/quiz-scheduler.js';
import { unavailableQuizStore } from '../sqlite/unavailable-quiz-store.js';
import { DIGEST_WORK, UsageMaintenance } from '../usage/usage-maintenance.js';
import { createSandbox } from '../sandbox-docker/create-sandbox.js';
import { SLACK_WORK } from '../slack/pending-slack-work.js';
import { createSlackAdapter, type SlackAdapter } from '../slack/slack-adapter.js';
import { SlackTokenRejected } from '../slack/slack-connection.js';
import { startTerminal } from '../terminal/terminal-adapter.js';
import { prepareDatabasePath } from './database-path.js';
import { loadKnowledgeFor } from './load-knowledge-for.js';
import { healthRoutes, type ReadinessCheck } from './health.js';
import { installHeapProbe } from './heap-probe.js';
import { createLogger } from './logger.js';
import { openStores, type Stores } from './open-stores.js';
import { PendingWorkSweeper, type PendingWorkHandler } from './pending-work-sweeper.js';

export interface StartOptions {
  readonly knowledgeFlags: readonly string[];
  /** `--no-reference`: false leaves out the bundled Docker CLI reference (as WHARFIE_REFERENCE=off does). */
  readonly reference?: boolean;
  readonly io: CliIo;
  /** Where SIGTERM and SIGINT come from (the process; a test passes its own). */
  readonly signals?: NodeJS.EventEmitter;
}

/** Least time between two `/docker quiz` posts on demand in one channel. */
/** A step that takes longer than this says what it is doing. */
const SLOW_STEP_MS = 1_000;
const QUIZ_ON_DEMAND_COOLDOWN_MS = 10 * 60 * 1000;

/**
 * Shutdown steps must finish within this, or the process exits anyway; a
 * process still held open by a socket or an SDK timer is ended a second
 * later. 6 s + 1 s stays within the 8 s promised, under Docker's 10 s stop timeout.
 */
const SHUTDOWN_LIMIT_MS = 6_000;
const EXIT_BACKSTOP_MS = 1_000;

/**
 * The composition root: config, knowledge, the core, and every adapter the
 * environment asks for: the terminal prompt with no tokens at all, Slack and
 * Discord when their tokens are set, the HTTP server when something needs it.
 * Runs until the terminal closes (with no chat platform) or SIGTERM/SIGINT.
 */
export async function startBot({ knowledgeFlags, reference = true, io, signals = process }: StartOptions): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`wharfie: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const chatConfigured = config.slack !== null || config.discord !== null;
  const terminal = config.env.WHARFIE_TERMINAL === 'on' || (config.env.WHARFIE_TERMINAL === 'auto' && (io.interactive || !chatConfigured));
  // At the prompt a log line must not land in the middle of what is being typed: the prompt steps aside for it.
  let besidePrompt: ((show: () => void) => void) | null = null;
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      const show = (): void => void io.stderr.write(chunk);
      if (besidePrompt) besidePrompt(show);
      else show();
      done();
    },
  });
  const log = createLogger({ level: logLevel(io.env.LOG_LEVEL, config.env.LOG_LEVEL, terminal), pretty: terminal, destination: terminal ? logDestination : io.stderr });

  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch((error: unknown) => log.warn({ err: error }, 'shutdown step failed'));
  };
  const exitBackstop = (code: number): number => {
    // Only the real process: a test passing its own signals keeps its worker.
    if (signals === process) setTimeout(() => process.exit(code), EXIT_BACKSTOP_MS).unref();
    return code;
  };

  // Listening from the start: a SIGTERM while Slack is still being reached ends the wait.
  let finish: (why: 'signal' | 'terminal' | 'fatal') => void = () => undefined;
  const finished = new Promise<'signal' | 'terminal' | 'fatal'>((resolve) => (finish = resolve));
  const onSignal = (signal: string): void => {
    log.info({ signal }, 'shutting down');
    finish('signal');
  };
  // Start-up steps that take a while give way to a signal instead of finishing first.
  const stoppedDuringStartUp = new Error('stopped during start-up');
  const startUpStopped = finished.then((): never => {
    throw stoppedDuringStartUp;
  });
  // Marked handled once here: after start-up nothing races it, and a signal must not become an unhandled rejection.
  startUpStopped.catch(() => undefined);
  const unlessStopped = <T>(work: Promise<T>): Promise<T> => Promise.race([work, startUpStopped]);
  signals.once('SIGTERM', () => onSignal('SIGTERM'));
  signals.once('SIGINT', () => onSignal('SIGINT'));
  if (io.env.WHARFIE_BENCH_PROBE === 'on') stops.push(installHeapProbe(signals, log));

  try {
    // WHARFIE_DB is checked (and its folder made) only when it is the store: with PostgreSQL it is unused.
    const dbFile = config.env.WHARFIE_DATABASE_URL ? null : prepareDatabasePath(config.env.WHARFIE_DB, io.cwd);
    // A cold start parses the notes and the 1.2 MB reference (seconds on a slow disk); a person at the prompt is told why it waits.
    const slowNotice = terminal && io.interactive ? setTimeout(() => io.stderr.write('Reading the notes and the Docker CLI reference…\n'), SLOW_STEP_MS) : undefined;
    const loaded = await unlessStopped(loadKnowledgeFor(knowledgeFlags, io, { reference: reference && config.env.WHARFIE_REFERENCE === 'on', requireNotes: true })).finally(() =>
      clearTimeout(slowNotice),
    );
    const knowledge = new KnowledgeBase(loaded.knowledge);
    log.info({ sections: knowledge.index.size, referenceSections: knowledge.reference?.size ?? 0, files: knowledge.knowledge.fileCount }, 'knowledge loaded');
    const watcherReloads: ((knowledge: Knowledge) => Promise<void>)[] = [];
    // The notes are watched; the bundled reference is read-only data, kept across reloads.
    const watcher = watchKnowledge(knowledge, loaded.packs, {
      log,
      cacheFor: loaded.cacheFor,
      onReload: ({ knowledge: next }) => {
        if (next) for (const reload of watcherReloads) void reload(next);
      },
    });
    stops.push(() => watcher.close());

    const sandbox = await unlessStopped(createSandbox(config, log));
    if (sandbox) stops.push(() => sandbox.close());
    log.info({ sandbox: sandbox ? 'on' : 'off' }, 'sandbox');

    // The quiz and the question log are optional: a database that cannot be
    // opened turns them off (and /readyz says so), not the bot.
    let stores: Stores | null = null;
    let dbFailure = '';
    try {
      const opening = openStores({ ...config.env, WHARFIE_DB: dbFile ?? config.env.WHARFIE_DB }, {
        // SQLite: one transaction a second instead of a write on every command.
        usageBatchMs: 1_000,
        onUsageWriteError: (error, rows) => log.warn({ err: { message: (error as Error).message }, rows }, 'question-log records were not written'),
      });
      // A PostgreSQL that does not answer holds the open for its timeouts: a signal does not wait
      // for them, and a store that opens after all is closed again.
      stores = await unlessStopped(opening).catch((error: unknown) => {
        if (error === stoppedDuringStartUp) void opening.then((late) => late.close()).catch(() => undefined);
        throw error;
      });
      const opened = stores;
      stops.push(() => opened.close());
      log.info({ store: stores.kind }, 'state store open');
    } catch (error) {
      if (error === stoppedDuringStartUp) throw error;
      dbFailure = (error as Error).message;
      log.error({ err: { message: dbFailure } }, 'quiz and question log are off: the database cannot be opened');
    }
    // The quiz asks about the team's notes, never about the third-party reference.
    const bank = await unlessStopped(QuestionBankSource.load(knowledge.notes, log));
    watcherReloads.push((next) => bank.refresh(next, log));
    const quiz = new Quiz({
      store: stores?.quiz ?? unavailableQuizStore(dbFailure),
      bank: () => bank.current(),
      now: () => new Date(),
      newId: () => randomUUID().replace(/-/g, '').slice(0, 16),
      windowMinutes: config.env.WHARFIE_QUIZ_WINDOW_MINUTES,
      onDemandCooldownMs: QUIZ_ON_DEMAND_COOLDOWN_MS,
      sectionFor: (trail, source) => knowledge.index.sections.find((s) => s.source === source && s.trail.join('\u0000') === trail.join('\u0000'))?.id,
      admins: config.admins,
    });
    if (stores) {
      try {
        const seeded = await quiz.seedSchedules(config.quizSchedules);
        if (seeded.length > 0) log.info({ channels: seeded.map((c) => `${c.platform}:${c.channelId}`) }, 'quiz schedules seeded from WHARFIE_QUIZ_SCHEDULES');
      } catch (error) {
        log.error({ err: { message: (error as Error).message } }, 'could not seed quiz schedules from WHARFIE_QUIZ_SCHEDULES');
      }
    }

    const usage = stores
      ? new UsageLog({
          store: stores.usage,
          hashUser: stores.hashUser,
          now: () => new Date(),
          recording: config.env.WHARFIE_RECORD_QUESTIONS === 'on',
          onError: (error) => log.warn({ err: { message: (error as Error).message } }, 'a question-log record was not written'),
        })
      : undefined;
    const bot = createBot({ knowledge, log, now: () => new Date(), quiz, admins: config.admins, ...(usage ? { usage } : {}), ...(sandbox ? { sandbox: sandbox.deps } : {}) });
    const posters = new Map<string, ChannelPoster>();

    const checks: ReadinessCheck[] = [{ name: 'knowledge', check: async () => knowledge.index.size > 0 }];
    if (sandbox) checks.push({ name: 'sandbox engine', check: () => sandbox.runner.ping() });
    checks.push({ name: 'quiz', optional: true, check: async () => (stores ? stores.health() : { ok: false, detail: dbFailure }) });

    // A token Slack refuses ends the bot with one line naming the variable; anything else is retried.
    const slackRefused = (error: unknown): void => {
      const message = error instanceof SlackTokenRejected ? error.message : `Slack: ${(error as Error).message}`;
      io.stderr.write(`wharfie: ${message}\n`);
      finish('fatal');
    };
    let slack: SlackAdapter | null = null;
    if (config.slack) {
      slack = createSlackAdapter({ config: config.slack, bot, log, onFatal: slackRefused, ...(stores ? { deliveries: stores.deliveries } : {}) });
      stops.push(() => slack!.stop());
      posters.set('slack', (channel, reply) => slack!.post(channel, reply));
      checks.push({ name: 'slack', check: async () => slack!.ready(), detail: () => slack!.detail() });
    }

    // Health first, so an orchestrator sees a live, not-yet-ready process while the chat platforms connect.
    const wantHttp = config.env.WHARFIE_HTTP === 'on' || (config.env.WHARFIE_HTTP === 'auto' && chatConfigured);
    if (wantHttp) {
      const http = new HttpServer(log);
      for (const [path, route] of healthRoutes(checks)) http.route(path, route);
      if (slack?.handleHttp) http.route('/slack/events', slack.handleHttp);
      const port = await http.listen(config.env.PORT);
      log.info({ port }, 'http listening');
      // Stop taking requests first: registered last, so it runs first on shutdown.
      stops.push(() => http.close());
    }

    // Connects in the background, retrying with backoff; /readyz says 503 until it has.
    slack?.start().catch(slackRefused);

    if (config.discord) {
      // A token Discord refuses (4004) can never work again: one line, and the bot ends non-zero.
      const discordFailed = (failure: GatewayFailure): void => {
        if (!failure.fatal) return;
        io.stderr.write(`wharfie: ${failure.message}\n`);
        finish('fatal');
      };
      const discord = createDiscordAdapter({ config: config.discord, bot, knowledge, log, onFailure: discordFailed });
      stops.push(() => discord.stop());
      // Checked from the start, so /readyz names Discord while it connects.
      checks.push({ name: 'discord', check: async () => discord.ready(), detail: () => discord.failure()?.message ?? 'connecting to the Discord gateway' });
      await unlessStopped(discord.start());
      posters.set('discord', (channel, reply) => discord.post(channel, reply));
    }

    if (terminal) {
      const prompt = startTerminal(bot, {
        input: io.stdin,
        output: io.stdout,
        color: io.color,
        interactive: io.interactive,
        lineEditing: io.lineEditing === true,
        ...(dbFile === null || dbFile === ':memory:' ? {} : { historyFile: path.join(path.dirname(dbFile), 'terminal-history') }),
        topics: () => knowledge.notes.sections.map((s) => s.title),
        ...(io.columns ? { columns: io.columns } : {}),
        user: { id: 'terminal', name: safeUserName(), isAdmin: true },
      });
      besidePrompt = (show) => prompt.aside(show);
      // Stopped before the database closes: no line is read or answered after shutdown begins.
      stops.push(() => {
        besidePrompt = null;
        return prompt.close();
      });
      posters.set('terminal', async (_channel, reply) => prompt.post(reply));
      // With a chat platform up, closing the prompt does not stop the bot.
      void prompt.done.then(() => {
        if (!chatConfigured) finish('terminal');
      });
    }
    if (stores) {
      const scheduler = new QuizScheduler({ quiz, posters, log });
      await scheduler.start();
      stops.push(() => scheduler.stop());
      // After the first tick: what was due at start-up is delivered, or another replica has it.
      log.info({ store: stores.kind }, 'quiz scheduler started');
    }
    let maintenance: UsageMaintenance | null = null;
    if (usage) {
      maintenance = new UsageMaintenance({
        usage,
        knowledge,
        retentionDays: config.env.WHARFIE_RETENTION_DAYS,
        digest: config.digest,
        posters,
        log,
        deliveries: stores!.deliveries,
      });
      const started = maintenance;
      started.start();
      stops.push(() => started.stop());
    }
    if (stores) {
      // Work this process can do, when a replica that acknowledged it died first.
      const handlers = new Map<string, PendingWorkHandler>();
      if (slack) handlers.set(SLACK_WORK, (data, finish) => slack!.resume(data, finish));
      if (maintenance && config.digest) handlers.set(DIGEST_WORK, (data) => maintenance!.resumeDigest(data));
      const sweeper = new PendingWorkSweeper({ deliveries: stores.deliveries, handlers, log });
      sweeper.start();
      stops.push(() => sweeper.stop());
    }

    const why = await finished;
    await withinLimit(stopAll(), log);
    return exitBackstop(why === 'fatal' ? 1 : 0);
  } catch (error) {
    if (error === stoppedDuringStartUp) {
      await withinLimit(stopAll(), log);
      return exitBackstop(0);
    }
    if (error instanceof ConfigError) {
      // A setting the person can fix: one line naming it, no stack trace.
      io.stderr.write(`wharfie: ${error.message}\n`);
      await withinLimit(stopAll(), log);
      return 2;
    }
    log.error({ err: error }, 'start-up failed');
    io.stderr.write(`wharfie: could not start: ${(error as Error).message}\n`);
    await withinLimit(stopAll(), log);
    return exitBackstop(1);
  }
}

/**
 * LOG_LEVEL when it is set. Unset, the prompt shows only warnings (info lines
 * would interleave with answers) and a service logs at info.
 */
function logLevel(raw: string | undefined, parsed: string, terminal: boolean): string {
  if (raw !== undefined && raw.trim() !== '') return parsed;
  return terminal ? 'warn' : parsed;
}

async function withinLimit(work: Promise<void>, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log.warn({ limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown took too long; exiting anyway');
      resolve();
    }, SHUTDOWN_LIMIT_MS);
    timer.unref();
  });
  await Promise.race([work, limit]);
  clearTimeout(timer);
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'you';
  }
}
