import type { SocketModeClient } from '@slack/socket-mode';
import type { WebClient } from '@slack/web-api';
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from '../../src/logger.js';

/**
 * Getting to Slack and staying there. Slack being down at start-up or
 * dropping the Socket Mode connection is normal weather: keep trying with
 * backoff, say so in the log each time with the reason, and be unready
 * meanwhile. A token Slack refuses is not weather: that ends the bot, with
 * one line naming the variable to fix.
 */

/** Errors that no retry can fix: the token is wrong, revoked or of the wrong kind. */
const FATAL_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type', 'invalid_token']);

export interface Backoff {
  readonly firstMs: number;
  readonly factor: number;
  readonly maxMs: number;
}

/** First retry after 1 s, doubling to at most 30 s between attempts (Slack outages last minutes, not seconds). */
export const RECONNECT_BACKOFF: Backoff = Object.freeze({ firstMs: 1_000, factor: 2, maxMs: 30_000 });
/** A Socket Mode connection that has not said hello within this is abandoned and tried again. */
const SOCKET_HELLO_TIMEOUT_MS = 10_000;
/** On shutdown, the close handshake gets this long; shutdown as a whole must end within 8 s. */
const SOCKET_CLOSE_WAIT_MS = 2_000;

export class SlackTokenRejected extends Error {
  override readonly name = 'SlackTokenRejected';
  constructor(
    readonly variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN',
    readonly slackError: string,
  ) {
    super(`Slack refused ${variable} (${slackError}): check the token, and that the app is installed in the workspace.`);
  }
}

export interface SlackConnectionOptions {
  /** Asks `auth.test` without retries of its own: this loop owns the backoff. */
  readonly probe: WebClient;
  /** Bolt's own initialisation (its `auth.test`), run once. */
  readonly init: () => Promise<void>;
  /** Socket Mode's client, created with auto-reconnect off: this loop reconnects. Null in HTTP mode. */
  readonly socket: SocketModeClient | null;
  readonly log: Logger;
  readonly backoff?: Backoff;
  /** A token rejected after the first connection (revoked while running). */
  readonly onFatal?: (error: SlackTokenRejected) => void;
}

export class SlackConnection {
  private up = false;
  private stopping = false;
  private initialised = false;
  private lastFailure: string | null = null;
  private readonly stopped = new AbortController();
  private running: Promise<void> | null = null;

  constructor(private readonly options: SlackConnectionOptions) {
    options.socket?.on('close', () => (this.up = false));
    options.socket?.on('disconnected', () => (this.up = false));
  }

  /** Connected (Socket Mode) or initialised (HTTP mode). */
  ready(): boolean {
    return this.up;
  }

  /** What /readyz says while not ready. */
  detail(): string {
    if (this.up) return 'connected';
    if (this.stopping) return 'stopped';
    return this.lastFailure ? `connecting to Slack; last attempt failed: ${this.lastFailure}` : 'connecting to Slack';
  }

  /**
   * Connects, retrying until it succeeds; resolves once connected (or
   * stopped first), rejects with `SlackTokenRejected` when the token is refused. In Socket Mode it
   * then keeps reconnecting whenever the connection drops, until `stop()`.
   */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let first = true;
      this.running = (async () => {
        while (!this.stopping) {
          try {
            await this.connect(first ? 'connecting to Slack…' : 'reconnecting to Slack…');
          } catch (error) {
            if (this.stopping) break;
            if (first) reject(error);
            else if (error instanceof SlackTokenRejected) this.options.onFatal?.(error);
            return;
          }
          if (first) resolve();
          first = false;
          if (!this.options.socket) return;
          await this.whileConnected();
        }
        if (first) resolve();
      })();
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.up = false;
    this.stopped.abort(new Error('stopping'));
    if (this.options.socket) await settleWithin(this.options.socket.disconnect(), SOCKET_CLOSE_WAIT_MS);
    await this.running?.catch(() => undefined);
  }

  private async connect(message: string): Promise<void> {
    const { log, socket } = this.options;
    const backoff = this.options.backoff ?? RECONNECT_BACKOFF;
    log.info({}, message);
    await pRetry(() => this.attempt(), {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: backoff.firstMs,
      factor: backoff.factor,
      maxTimeout: backoff.maxMs,
      signal: this.stopped.signal,
      onFailedAttempt: ({ error, attemptNumber }) => {
        this.lastFailure = reasonOf(error);
        if (!this.stopping) log.warn({ attempt: attemptNumber, reason: this.lastFailure }, `could not connect to Slack: ${this.lastFailure}; trying again`);
      },
    });
    this.lastFailure = null;
    this.up = true;
    if (socket) log.info({}, 'Slack Socket Mode connected');
  }

  /** One try: who we are, Bolt's set-up, then the socket. */
  private async attempt(): Promise<void> {
    const { probe, socket, log } = this.options;
    const auth = await probe.auth.test().catch((error: unknown) => {
      throw fatalOr(error, 'SLACK_BOT_TOKEN');
    });
    if (!this.initialised) {
      await this.options.init();
      this.initialised = true;
      log.info({ bot: auth.user, team: auth.team, teamId: auth.team_id }, `connected to Slack as ${auth.user ?? auth.user_id} (${auth.team ?? auth.team_id})`);
    }
    if (!socket) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        socket.start(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no Socket Mode hello within ${SOCKET_HELLO_TIMEOUT_MS / 1000} s`)), SOCKET_HELLO_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      // Leave nothing half-open behind before the next try.
      await settleWithin(socket.disconnect(), SOCKET_HELLO_TIMEOUT_MS);
      throw fatalOr(error ?? new Error('the Socket Mode connection closed before Slack said hello'), 'SLACK_APP_TOKEN');
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves when the socket drops (Slack's `disconnect`, a lost pong, a closed connection) or on stop. */
  private async whileConnected(): Promise<void> {
    const socket = this.options.socket!;
    const signal = this.stopped.signal;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        socket.off('disconnected', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      socket.on('disconnected', done);
      signal.addEventListener('abort', done);
    });
    if (signal.aborted) return;
    this.up = false;
    if (!this.stopping) this.options.log.warn({}, 'Slack Socket Mode connection closed; reconnecting');
  }
}

/** Waits for `work` to settle, or `ms` at most; never rejects (a close handshake the peer never finishes). */
async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function fatalOr(error: unknown, variable: SlackTokenRejected['variable']): unknown {
  const code = (error as { data?: { error?: unknown } })?.data?.error;
  if (typeof code === 'string' && FATAL_ERRORS.has(code)) return new AbortError(new SlackTokenRejected(variable, code));
  return error;
}

/** The reason in a few words, never the request (it carries the token). */
export function reasonOf(error: unknown): string {
  const e = error as { data?: { error?: string }; original?: { message?: string; cause?: { code?: string; message?: string } }; statusCode?: number; message?: string; cause?: { code?: string; message?: string } };
  if (e?.data?.error) return e.data.error;
  const cause = e?.original?.cause ?? e?.cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  if (e?.original?.message) return e.original.message;
  if (e?.statusCode) return `HTTP ${e.statusCode}`;
  return String(e?.message ?? error);
}
