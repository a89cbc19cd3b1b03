import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, ignoreSelf, SocketModeReceiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { decodeAction } from '../../src/actions.js';
import { APOLOGY, type Bot } from '../../src/bot.js';
import type { SlackConfig } from '../../src/config.js';
import { inMemoryDeliveryLog, type DeliveryLog } from '../../src/delivery-log.js';
import type { Actor, Place } from '../../src/events.js';
import type { Logger } from '../../src/logger.js';
import type { Reply } from '../../src/reply.js';
import { answerTurns } from './after-ack.js';
import { renderBlockKit, ACTION_PREFIX } from './block-kit.js';
import { boltLogger } from './bolt-logger.js';
import { MISSING_CALLBACK_ID, missingModal, readMissingModal } from './missing-modal.js';
import { commandWork, pendingSlackWork, pressWork, type SlackCommandWork, type SlackPressWork, type SlackWork } from './pending-slack-work.js';
import { reasonOf, SlackConnection, type Backoff, type SlackTokenRejected } from './slack-connection.js';
import { SlackHttpReceiver } from './slack-http-receiver.js';
import { decodeSlackText } from './slack-text.js';
import { keepAliveFetch } from './keep-alive-fetch.js';
import { CALL_POLICY, createSlackTransport, type CallPolicy } from './slack-transport.js';

export interface SlackAdapterOptions {
  readonly config: SlackConfig;
  readonly bot: Bot;
  readonly log: Logger;
  /** The clock for the signature window. */
  readonly now?: () => number;
  /** WebClient settings (retries, timeouts); tests turn retries down. */
  readonly clientOptions?: Pick<WebClientOptions, 'retryConfig' | 'timeout' | 'rejectRateLimitedCalls'>;
  /** Timeouts and retries of every Slack call (default CALL_POLICY); tests shorten them. */
  readonly callPolicy?: CallPolicy;
  /** Backoff between connection attempts; tests shorten it. */
  readonly reconnectBackoff?: Backoff;
  /** Socket Mode: how long to wait for a pong before reconnecting (default 5 s). */
  readonly clientPingTimeout?: number;
  /** The token was refused after start-up (revoked while running). */
  readonly onFatal?: (error: SlackTokenRejected) => void;
  /** Deliveries already taken; with several replicas, the shared store's (default: this process's memory). */
  readonly deliveries?: DeliveryLog;
}

export interface SlackAdapter {
  readonly app: InstanceType<typeof App>;
  readonly mode: 'socket' | 'http';
  /** HTTP mode: mount on the bot's HTTP server at /slack/events. */
  readonly handleHttp: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  /** Connects, retrying with backoff; resolves once connected, rejects with SlackTokenRejected. */
  start(): Promise<void>;
  /** Stops taking events, gives replies in flight a moment, then aborts every Slack call still open. */
  stop(): Promise<void>;
  /** Posts a reply to a channel (the quiz, the digest). */
  post(channel: string, reply: Reply, threadTs?: string): Promise<void>;
  /** Answers a command or press another replica acknowledged and never answered (PendingWorkSweeper, kind SLACK_WORK). */
  resume(data: string, finish: () => Promise<void>): Promise<void>;
  /** Connected (Socket Mode) or initialised (HTTP mode): for /readyz. */
  ready(): boolean;
  /** Why not ready, for /readyz. */
  detail(): string;
}

/** On shutdown, replies already on their way get this long before their calls are aborted. */
const STOP_GRACE_MS = 2_000;
/** Said privately when Slack would not take a reply (the answer itself is lost). */
export const UNDELIVERED = 'Sorry, my reply could not be delivered: Slack did not accept it in time. Please try again in a moment.';

/**
 * `/docker` in Slack through Bolt, in Socket Mode or HTTP mode. Thin: each
 * Slack event becomes a core event, each core reply becomes Block Kit.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, bot, log } = options;
  const now = options.now ?? Date.now;
  const logger = boltLogger(log);
  // Bolt's respond(), every response_url post and the Web API go over kept-alive node:http.
  const transport = createSlackTransport(options.callPolicy ?? CALL_POLICY, keepAliveFetch());
  const clientOptions: WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    ...transport.clientOptions,
    ...options.clientOptions,
  };
  // Connection attempts are retried (and logged) by SlackConnection, each attempt once.
  const connectOptions: WebClientOptions = { ...clientOptions, logger, retryConfig: { retries: 0 } };
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken!,
          logger,
          installerOptions: { clientOptions: connectOptions },
          autoReconnectEnabled: false,
          ...(options.clientPingTimeout ? { clientPingTimeout: options.clientPingTimeout } : {}),
        })
      : new SlackHttpReceiver({ signingSecret: config.signingSecret!, log, now, ready: (): boolean => connection.ready() });
  // No conversation store: nothing here uses context.conversation, and it is a middleware on every request.
  // Bolt's ignoreSelf only ever drops events (the bot's own messages and mentions), so it runs on the
  // event listener below instead of as a middleware on every command and press.
  const app = new App({ token: config.botToken, receiver, logger, clientOptions, deferInitialization: true, convoStore: false, ignoreSelf: false });
  // Nothing but the ack runs in the turn a request arrives in; answers wait for a later turn (see after-ack.ts).
  const turns = answerTurns();

  // Slack redelivers what it thinks was lost (`x-slack-retry-num`), maybe to
  // another replica; answer each thing once (the log is the shared store then).
  // A command or press is recorded with what answering it needs before the ack:
  // Slack never resends an acknowledged one, so if this replica dies before
  // answering, another answers it from the record (PendingWorkSweeper).
  const deliveries = options.deliveries ?? inMemoryDeliveryLog();
  app.use(async ({ body, next, ack, context }) => {
    const key = deliveryKey(body as Record<string, unknown>);
    let first = true;
    if (key) {
      try {
        first = await deliveries.firstDelivery(key, now(), pendingSlackWork(body as Record<string, unknown>));
      } catch (error) {
        // Better a rare double answer than none: the store being down must not silence the bot.
        log.warn({ err: { message: (error as Error).message } }, 'could not check a Slack delivery for retries; answering it');
      }
    }
    if (!first) {
      log.info({ delivery: key }, 'duplicate Slack delivery ignored');
      if (ack) await (ack as () => Promise<void>)();
      return;
    }
    const finish = onceOnly(async () => {
      if (key) await deliveries.finished(key).catch((error: unknown) => log.warn({ err: { message: (error as Error).message } }, 'could not mark a Slack delivery handled'));
    });
    (context as { [FINISH_DELIVERY]?: () => Promise<void> })[FINISH_DELIVERY] = finish;
    await next();
    await finish();
  });
  const finisherOf = (context: unknown): (() => Promise<void>) => (context as { [FINISH_DELIVERY]?: () => Promise<void> })[FINISH_DELIVERY] ?? (async () => undefined);

  // Handlers still delivering, so that stop() can let them finish before aborting their calls.
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<void>): Promise<void> => {
    inFlight.add(work);
    return work.finally(() => inFlight.delete(work));
  };

  /** A reply Slack would not take: logged once with the method and reason, and the user told where Slack still listens. */
  const undelivered = async (method: string, error: unknown, tell: { channel: string; user: string } | null): Promise<void> => {
    if (transport.closed) {
      log.warn({ method, reason: reasonOf(error) }, 'Slack reply abandoned: shutting down');
      return;
    }
    log.error({ method, reason: reasonOf(error), err: errorSummary(error) }, `Slack reply could not be delivered (${method}: ${reasonOf(error)})`);
    if (!tell?.channel || !tell.user) return;
    await app.client.chat.postEphemeral({ channel: tell.channel, user: tell.user, text: UNDELIVERED }).catch((second: unknown) => {
      if (!transport.closed) log.error({ method: 'chat.postEphemeral', reason: reasonOf(second) }, `could not tell the user their reply was lost (chat.postEphemeral: ${reasonOf(second)})`);
    });
  };

  /** `finish` marks the command answered in the delivery log: as its last message goes out, or once it is given up. */
  const respondWith = async (responseUrl: string, replies: readonly Reply[], tell: { channel: string; user: string } | null, finish?: () => Promise<void>): Promise<void> => {
    try {
      for (const [i, reply] of replies.entries()) {
        const publicly = reply.delivery === 'channel' || reply.visibility === 'channel';
        const message = {
          ...renderBlockKit(reply),
          // Ephemeral messages cannot be edited with chat.update; response_url can replace them.
          response_type: publicly ? 'in_channel' : 'ephemeral',
          replace_original: reply.delivery === 'update',
        };
        // Marked done as the last message leaves, not when Slack's reply comes back: a replica killed in
        // between has answered but not said so, and another answers again. That gap shrinks from a
        // round trip (and this process's queue) to one database write.
        await transport.postToResponseUrl(responseUrl, message, finish && i === replies.length - 1 ? () => void finish() : undefined);
      }
    } catch (error) {
      await undelivered('response_url', error, tell);
    } finally {
      await finish?.();
    }
  };

  /** The answer path threw (the core answers its own errors, so this is a bug here): logged, and the user told. */
  const answerFailed = async (error: unknown, tell: { channel: string; user: string } | null): Promise<void> => {
    log.error({ err: errorSummary(error) }, 'Slack answer failed');
    if (!tell?.channel || !tell.user || transport.closed) return;
    await app.client.chat.postEphemeral({ channel: tell.channel, user: tell.user, text: APOLOGY }).catch((second: unknown) => {
      log.error({ method: 'chat.postEphemeral', reason: reasonOf(second) }, `could not tell the user their answer failed (chat.postEphemeral: ${reasonOf(second)})`);
    });
  };

  // Workspace admins and owners may run admin commands; asked only when one is run.
  const adminCheck = (user: string) => async (): Promise<boolean> => {
    const info = await app.client.users.info({ user });
    return Boolean(info.user?.is_admin || info.user?.is_owner);
  };

  /** The "what was missing" form; Slack gives 3 s from the trigger to open it. */
  const openMissingModal = async (triggerId: string, channel: string): Promise<void> => {
    await app.client.views.open({ trigger_id: triggerId, view: missingModal(channel) as unknown as Parameters<typeof app.client.views.open>[0]['view'] }).catch((error: unknown) => {
      if (!transport.closed) log.error({ method: 'views.open', reason: reasonOf(error) }, `could not open the "what was missing" form (views.open: ${reasonOf(error)})`);
    });
  };

  // `finish` marks the delivery done as its answer goes out (see respondWith): a replica killed
  // before the mark leaves it to another (at least once, never lost).
  const answerCommand = async (work: SlackCommandWork, finish: () => Promise<void>): Promise<void> => {
    await turns.next();
    const tell = { channel: work.channelId, user: work.userId };
    let replies: readonly Reply[];
    try {
      replies = await bot.handleCommand({
        platform: 'slack',
        requestId: work.requestId,
        user: actor(work.userId, work.userName, adminCheck(work.userId)),
        channel: place(work.channelId, work.channelName),
        text: decodeSlackText(work.text),
      });
    } catch (error) {
      await finish();
      return answerFailed(error, tell);
    }
    await respondWith(work.responseUrl, replies, tell, finish);
  };

  const answerPress = async (work: SlackPressWork, finish: () => Promise<void>): Promise<void> => {
    await turns.next();
    const replies = await bot.handleAction({
      platform: 'slack',
      requestId: work.requestId,
      user: actor(work.userId, work.userName),
      channel: place(work.channelId, work.channelName),
      action: work.action,
    });
    await respondWith(work.responseUrl, replies, work.channelId ? { channel: work.channelId, user: work.userId } : null, finish);
  };

  app.command(/.*/, async ({ command, ack, context }) => {
    await ack();
    // `/docker missing` with nothing after it: the form Slack users expect.
    if (/^\s*missing\s*$/i.test(command.text)) {
      await track(openMissingModal(command.trigger_id, command.channel_id));
      return;
    }
    const work = commandWork(command as unknown as Record<string, unknown>);
    if (work) await track(answerCommand(work, finisherOf(context)));
    else await undelivered('response_url', new Error('the command carried no response_url'), { channel: command.channel_id, user: command.user_id });
  });

  app.action({ action_id: new RegExp(`^${ACTION_PREFIX}:`) }, async ({ ack, body, action, context }) => {
    await ack();
    // The value is our own opaque action string, sent back as we set it: nothing to decode.
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
    const user = body.user as { id: string; username?: string; name?: string };
    const channel = (body as { channel?: { id: string; name?: string } }).channel;
    const triggerId = (body as { trigger_id?: string }).trigger_id;
    if (decodeAction(value)?.type === 'missing' && triggerId) {
      await track(openMissingModal(triggerId, channel?.id ?? ''));
      return;
    }
    const work = pressWork(body as unknown as Record<string, unknown>);
    if (work) await track(answerPress(work, finisherOf(context)));
    else await undelivered('response_url', new Error('the button press carried no response_url'), channel ? { channel: channel.id, user: user.id } : null);
  });

  app.view(MISSING_CALLBACK_ID, async ({ ack, view, body }) => {
    await ack();
    const { text, channel } = readMissingModal(view);
    await track(
      (async () => {
        await turns.next();
        const replies = await bot.handleCommand({
          platform: 'slack',
          requestId: view.id,
          user: actor(body.user.id, body.user.name),
          channel: place(channel ?? ''),
          command: 'missing',
          text,
        });
        // The thanks goes where the form was opened from, to the user alone.
        if (!channel) return;
        try {
          for (const reply of replies) await app.client.chat.postEphemeral({ channel, user: body.user.id, ...renderBlockKit(reply) });
        } catch (error) {
          await undelivered('chat.postEphemeral', error, null);
        }
      })(),
    );
  });

  app.event('app_mention', ignoreSelf, async ({ event }) => {
    // Mentions of the bot itself are dropped while still in Slack's format, then the rest is decoded once.
    const text = decodeSlackText(event.text.replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')).trim();
    await track(
      (async () => {
        // Bolt acked the event before calling us.
        await turns.next();
        const replies = await bot.handleCommand({
          platform: 'slack',
          requestId: event.event_ts,
          user: actor(event.user ?? ''),
          channel: place(event.channel),
          text,
          askedInPublic: true,
        });
        const threadTs = event.thread_ts ?? event.ts;
        try {
          for (const reply of replies) await app.client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, ...renderBlockKit(reply) });
        } catch (error) {
          await undelivered('chat.postMessage', error, event.user ? { channel: event.channel, user: event.user } : null);
        }
      })(),
    );
  });

  app.error(async (error) => {
    log.error({ err: errorSummary(error) }, 'Slack listener error');
  });

  const connection: SlackConnection = new SlackConnection({
    probe: new WebClient(config.botToken, connectOptions),
    init: () => app.init(),
    socket: receiver instanceof SocketModeReceiver ? receiver.client : null,
    log,
    ...(options.reconnectBackoff ? { backoff: options.reconnectBackoff } : {}),
    ...(options.onFatal ? { onFatal: options.onFatal } : {}),
  });

  const handleHttp = receiver instanceof SlackHttpReceiver ? receiver.handle : null;

  return {
    app,
    mode: config.mode,
    handleHttp,
    start: () => connection.start(),
    async stop() {
      await connection.stop();
      // allSettled: one failed handler must not cut short the wait for the others.
      await settleWithin(Promise.allSettled(inFlight), STOP_GRACE_MS);
      transport.close();
    },
    async post(channel, reply, threadTs) {
      try {
        await app.client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...renderBlockKit(reply) });
      } catch (error) {
        if (!transport.closed) log.error({ method: 'chat.postMessage', channel, reason: reasonOf(error) }, `Slack post failed (chat.postMessage: ${reasonOf(error)})`);
        throw error;
      }
    },
    resume(data, finish) {
      const work = JSON.parse(data) as SlackWork;
      return track(work.type === 'command' ? answerCommand(work, finish) : answerPress(work, finish));
    },
    ready: () => connection.ready(),
    detail: () => connection.detail(),
  };
}

function actor(id: string, name?: string, isAdmin: Actor['isAdmin'] = false): Actor {
  return { id, isAdmin, ...(name ? { name } : {}) };
}

function place(id: string, name?: string): Place {
  return { id, kind: name === 'directmessage' || name === 'im' || id.startsWith('D') ? 'dm' : 'channel' };
}

/** Where the delivery middleware leaves the listener a way to mark the delivery done. */
const FINISH_DELIVERY = 'wharfieFinishDelivery';

function onceOnly(work: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | null = null;
  return () => (done ??= work());
}

/** One key per thing Slack sends: events by id, interactions by trigger. */
function deliveryKey(body: Record<string, unknown>): string | null {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string') return `trigger:${body.trigger_id}`;
  return null;
}

async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Errors from the SDKs carry request configs with tokens: log what failed, never the request. */
function errorSummary(error: unknown): { name?: string; code?: string; message: string } {
  const e = error as { name?: string; code?: string; message?: string; data?: { error?: string } };
  return { name: e?.name, code: e?.code ?? e?.data?.error, message: String(e?.message ?? error) };
}
