import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, type RespondFn } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import getRawBody from 'raw-body';
import { APOLOGY, type Bot } from '../../src/bot.js';
import type { SlackConfig } from '../../src/config.js';
import type { Actor, Place } from '../../src/events.js';
import type { Logger } from '../../src/logger.js';
import type { Reply } from '../../src/reply.js';
import { renderBlockKit, ACTION_PREFIX } from './block-kit.js';
import { boltLogger } from './bolt-logger.js';
import { verifySignedRequest } from './verify-request.js';

export interface SlackAdapterOptions {
  readonly config: SlackConfig;
  readonly bot: Bot;
  readonly log: Logger;
  /** The clock for the signature window. */
  readonly now?: () => number;
  /** WebClient settings (retries, timeouts); tests turn retries down. */
  readonly clientOptions?: Pick<WebClientOptions, 'retryConfig' | 'timeout' | 'rejectRateLimitedCalls'>;
  /** Socket Mode: how long to wait for a pong before reconnecting (default 5 s). */
  readonly clientPingTimeout?: number;
}

export interface SlackAdapter {
  readonly app: InstanceType<typeof App>;
  readonly mode: 'socket' | 'http';
  /** HTTP mode: mount on the bot's HTTP server at /slack/events. */
  readonly handleHttp: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Posts a reply to a channel (the quiz, the digest). */
  post(channel: string, reply: Reply, threadTs?: string): Promise<void>;
  /** Connected (Socket Mode) or initialised (HTTP mode): for /readyz. */
  ready(): boolean;
}

/** Slack bodies are small; anything bigger is not from Slack. */
const BODY_LIMIT = '1mb';
/** Deliveries remembered for de-duplication (Slack retries events it thinks were lost). */
const REMEMBERED_DELIVERIES = 5_000;

/**
 * `/docker` in Slack through Bolt, in Socket Mode or HTTP mode. Thin: each
 * Slack event becomes a core event, each core reply becomes Block Kit.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, bot, log } = options;
  const now = options.now ?? Date.now;
  const logger = boltLogger(log);
  const clientOptions: WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    ...options.clientOptions,
  };
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken!,
          logger,
          installerOptions: { clientOptions },
          ...(options.clientPingTimeout ? { clientPingTimeout: options.clientPingTimeout } : {}),
        })
      : new HTTPReceiver({
          signingSecret: config.signingSecret!,
          logger,
          // Verified in handleHttp before Bolt sees the request (with the future-timestamp check Bolt lacks).
          signatureVerification: false,
        });
  const app = new App({ token: config.botToken, receiver, logger, clientOptions, deferInitialization: true });

  // Slack redelivers what it thinks was lost (`x-slack-retry-num`); answer each thing once.
  const delivered = new Set<string>();
  app.use(async ({ body, next, ack }) => {
    const key = deliveryKey(body as Record<string, unknown>);
    if (key && delivered.has(key)) {
      log.info({ delivery: key }, 'duplicate Slack delivery ignored');
      if (ack) await (ack as () => Promise<void>)();
      return;
    }
    if (key) {
      delivered.add(key);
      if (delivered.size > REMEMBERED_DELIVERIES) delivered.delete(delivered.values().next().value!);
    }
    await next();
  });

  const apologise = async (client: InstanceType<typeof App>['client'], channel: string, user: string): Promise<void> => {
    await client.chat.postEphemeral({ channel, user, text: APOLOGY }).catch((error: unknown) => {
      log.warn({ err: errorSummary(error) }, 'could not tell the user about a failed Slack reply');
    });
  };

  const respondWith = async (respond: RespondFn, replies: readonly Reply[]): Promise<void> => {
    for (const reply of replies) {
      const message = renderBlockKit(reply);
      const publicly = reply.delivery === 'channel' || reply.visibility === 'channel';
      await respond({
        ...message,
        // Ephemeral messages cannot be edited with chat.update; response_url can replace them.
        response_type: publicly ? 'in_channel' : 'ephemeral',
        replace_original: reply.delivery === 'update',
      });
    }
  };

  // Workspace admins and owners may run admin commands; asked only when one is run.
  const adminCheck = (user: string) => async (): Promise<boolean> => {
    const info = await app.client.users.info({ user });
    return Boolean(info.user?.is_admin || info.user?.is_owner);
  };

  app.command(/.*/, async ({ command, ack, respond, client }) => {
    await ack();
    const replies = await bot.handleCommand({
      platform: 'slack',
      requestId: command.trigger_id,
      user: actor(command.user_id, command.user_name, adminCheck(command.user_id)),
      channel: place(command.channel_id, command.channel_name),
      text: command.text,
    });
    try {
      await respondWith(respond, replies);
    } catch (error) {
      log.error({ err: errorSummary(error) }, 'Slack reply failed');
      await apologise(client, command.channel_id, command.user_id);
    }
  });

  app.action({ action_id: new RegExp(`^${ACTION_PREFIX}:`) }, async ({ ack, body, action, respond, client }) => {
    await ack();
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
    const user = body.user as { id: string; username?: string; name?: string };
    const channel = (body as { channel?: { id: string; name?: string } }).channel;
    const replies = await bot.handleAction({
      platform: 'slack',
      requestId: (body as { trigger_id?: string }).trigger_id,
      user: actor(user.id, user.username ?? user.name),
      channel: place(channel?.id ?? '', channel?.name),
      action: value,
    });
    try {
      await respondWith(respond, replies);
    } catch (error) {
      log.error({ err: errorSummary(error) }, 'Slack reply to a button failed');
      if (channel) await apologise(client, channel.id, user.id);
    }
  });

  app.event('app_mention', async ({ event, client }) => {
    const text = event.text.replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ').trim();
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
      for (const reply of replies) await client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, ...renderBlockKit(reply) });
    } catch (error) {
      log.error({ err: errorSummary(error) }, 'Slack reply to a mention failed');
      if (event.user) await apologise(client, event.channel, event.user);
    }
  });

  app.error(async (error) => {
    log.error({ err: errorSummary(error) }, 'Slack listener error');
  });

  let up = false;
  if (receiver instanceof SocketModeReceiver) {
    receiver.client.on('connected', () => (up = true));
    receiver.client.on('disconnected', () => (up = false));
    receiver.client.on('reconnecting', () => log.info({}, 'Slack Socket Mode reconnecting'));
  }

  const handleHttp =
    config.mode === 'http'
      ? async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
          if (req.method !== 'POST') {
            res.writeHead(405, { allow: 'POST' }).end();
            return;
          }
          let raw: Buffer;
          try {
            raw = await getRawBody(req, { limit: BODY_LIMIT });
          } catch {
            res.writeHead(413).end();
            return;
          }
          const verdict = verifySignedRequest({ signingSecret: config.signingSecret!, headers: req.headers, rawBody: raw.toString('utf8'), nowMs: now() });
          if (!verdict.ok) {
            log.warn({ reason: verdict.reason }, 'refused an unsigned or stale Slack request');
            res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized\n');
            return;
          }
          (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
          (receiver as InstanceType<typeof HTTPReceiver>).requestListener(req, res);
        }
      : null;

  return {
    app,
    mode: config.mode,
    handleHttp,
    async start() {
      await app.init();
      if (config.mode === 'socket') await app.start();
      else up = true;
      log.info({ mode: config.mode }, 'Slack connected');
    },
    async stop() {
      up = false;
      await app.stop().catch(() => undefined);
    },
    async post(channel, reply, threadTs) {
      await app.client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...renderBlockKit(reply) });
    },
    ready: () => up,
  };
}

function actor(id: string, name?: string, isAdmin: Actor['isAdmin'] = false): Actor {
  return { id, isAdmin, ...(name ? { name } : {}) };
}

function place(id: string, name?: string): Place {
  return { id, kind: name === 'directmessage' || name === 'im' || id.startsWith('D') ? 'dm' : 'channel' };
}

/** One key per thing Slack sends: events by id, interactions by trigger. */
function deliveryKey(body: Record<string, unknown>): string | null {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string') return `trigger:${body.trigger_id}`;
  return null;
}

/** Errors from the SDKs carry request configs with tokens: log what failed, never the request. */
function errorSummary(error: unknown): { name?: string; code?: string; message: string } {
  const e = error as { name?: string; code?: string; message?: string; data?: { error?: string } };
  return { name: e?.name, code: e?.code ?? e?.data?.error, message: String(e?.message ?? error) };
}
