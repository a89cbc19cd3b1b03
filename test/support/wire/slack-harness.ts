import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.js';
import { HttpServer } from '../../../adapters/http/http-server.js';
import type { CallPolicy } from '../../../adapters/slack/slack-transport.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBot, type Bot, type BotDeps } from '../../../src/bot.js';
import type { VoteRecord } from '../../../src/usage/usage-records.js';
import { testUsage } from '../usage.js';
import type { Logger } from '../../../src/logger.js';
import { notesKnowledge } from '../notes.js';
import { startFakeHttp, type FakeHttp } from './fake-http.js';
import { SIGNING_SECRET, startFakeSlackApi, type FakeSlackApi } from './slack-fakes.js';

export interface LogLine {
  readonly level: string;
  readonly fields: object;
  readonly message: string;
}

export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at = (level: string) => (fields: object, message: string) => void lines.push({ level, fields, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface SlackHarness {
  readonly api: FakeSlackApi;
  readonly responses: FakeHttp;
  readonly adapter: SlackAdapter;
  readonly eventsUrl: string;
  readonly responseUrl: string;
  readonly votes: VoteRecord[];
  readonly usage: ReturnType<typeof testUsage>;
  readonly log: ReturnType<typeof recordingLogger>;
  stop(): Promise<void>;
}

export interface SlackHttpOptions {
  readonly now?: () => number;
  readonly retries?: number;
  readonly callPolicy?: CallPolicy;
  /** Wraps the real bot, e.g. to see when the answer work starts. */
  readonly wrapBot?: (bot: Bot) => Bot;
  /** Sees each request to /slack/events before the adapter does, e.g. to watch its response. */
  readonly onRequest?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** Bolt in HTTP mode over the shipped notes, wired to a fake Web API and a fake response_url. */
export async function startSlackHttp(overrides: Partial<BotDeps> = {}, options: SlackHttpOptions = {}): Promise<SlackHarness> {
  const api = await startFakeSlackApi();
  const responses = await startFakeHttp(() => ({ body: 'ok' }));
  const log = recordingLogger();
  const usage = testUsage();
  const realBot = createBot({ knowledge: await notesKnowledge(), log, now: () => new Date(), usage: usage.usage, ...overrides });
  const bot = options.wrapBot ? options.wrapBot(realBot) : realBot;
  const adapter = createSlackAdapter({
    config: { mode: 'http', botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: api.apiUrl },
    bot,
    log,
    // A call policy of the test's own, or no retries at all.
    ...(options.callPolicy ? { callPolicy: options.callPolicy } : { clientOptions: { retryConfig: { retries: options.retries ?? 0 } } }),
    ...(options.now ? { now: options.now } : {}),
  });
  await adapter.start();
  const server = new HttpServer(log).route('/slack/events', (req, res) => {
    options.onRequest?.(req, res);
    return adapter.handleHttp!(req, res);
  });
  const port = await server.listen(0, '127.0.0.1');
  return {
    api,
    responses,
    adapter,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    responseUrl: `${responses.url}/respond/1`,
    usage,
    get votes() {
      return usage.store.readVotes(0);
    },
    log,
    async stop() {
      await adapter.stop();
      await server.close();
      await api.close();
      await responses.close();
    },
  };
}
