import { createSecretKey, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import { AuthorizationError, ReceiverMultipleAckError, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';
import { verifySignedRequest } from './verify-request.js';

/** Slack bodies are small; anything bigger is not from Slack. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Bolt's own limit for a listener to ack (Slack gives up at 3 s); the request is then answered 404. */
export const UNACKED_TIMEOUT_MS = 3_001;

export interface SlackHttpReceiverOptions {
  readonly signingSecret: string;
  readonly log: Logger;
  /** The clock for the signature window. */
  readonly now: () => number;
  /** False while Bolt is not initialised: it cannot authorise yet, so requests are answered 503 (Slack retries them). */
  readonly ready: () => boolean;
}

/**
 * Slack's HTTP mode on the bot's own HTTP server, for Bolt. Bolt's
 * HTTPReceiver does the same steps with more per request (a URL object, a
 * second buffering of the body, a signature comparison by two extra HMACs, a
 * logging call per step); under load that work sits before every ack. This
 * does only what Slack's protocol needs: read the body, check the signature
 * and its five-minute window both ways, answer `ssl_check` and
 * `url_verification`, and hand everything else to `app.processEvent` with an
 * `ack` that answers the request once.
 */
export class SlackHttpReceiver implements Receiver {
  private app: App | null = null;
  private readonly signingKey: KeyObject;

  constructor(private readonly options: SlackHttpReceiverOptions) {
    this.signingKey = createSecretKey(Buffer.from(options.signingSecret, 'utf8'));
  }

  init(app: App): void {
    this.app = app;
  }

  // The HTTP server is the bot's (HttpServer): nothing to open or close here.
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** The route for POST /slack/events. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    if (!this.options.ready() || !this.app) {
      req.resume();
      res.writeHead(503, { 'retry-after': '5', 'content-type': 'text/plain' }).end('connecting to Slack\n');
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (declared > BODY_LIMIT_BYTES) {
      tooLarge(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        req.removeAllListeners('data');
        tooLarge(req, res);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > BODY_LIMIT_BYTES) return;
      this.received(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
  };

  private received(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const { log } = this.options;
    const verdict = verifySignedRequest({ signingSecret: this.signingKey, headers: req.headers, rawBody: raw, nowMs: this.options.now() });
    if (!verdict.ok) {
      log.warn({ reason: verdict.reason }, 'refused an unsigned or stale Slack request');
      res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized\n');
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(req.headers['content-type'], raw.toString('utf8'));
    } catch (error) {
      log.warn({ reason: (error as Error).message }, 'refused a malformed Slack request body');
      res.writeHead(400).end();
      return;
    }
    // Slack checks the certificate with `ssl_check=1` and the endpoint with a `url_verification` challenge.
    if (body.ssl_check === '1') {
      res.writeHead(200).end();
      return;
    }
    if (body.type === 'url_verification') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ challenge: body.challenge }));
      return;
    }
    let acked = false;
    // A listener that never acks: Slack has given up by now; end the request as Bolt does.
    const unacked = setTimeout(() => {
      if (acked) return;
      acked = true;
      log.error({}, 'a Slack request was not acknowledged within 3 s; answered 404');
      if (!res.headersSent) res.writeHead(404).end();
    }, UNACKED_TIMEOUT_MS);
    const ack = async (response?: unknown): Promise<void> => {
      if (acked) throw new ReceiverMultipleAckError();
      acked = true;
      clearTimeout(unacked);
      respond(res, response);
    };
    const retryNum = header(req, 'x-slack-retry-num');
    const retryReason = header(req, 'x-slack-retry-reason');
    const event: ReceiverEvent = {
      body,
      ack,
      ...(retryNum !== undefined ? { retryNum: Number.parseInt(retryNum, 10) } : {}),
      ...(retryReason !== undefined ? { retryReason } : {}),
    };
    this.app!.processEvent(event).then(
      // Everything matched nothing (an event type no listener takes): say so now rather than in 3 s.
      () => {
        if (acked) return;
        acked = true;
        clearTimeout(unacked);
        if (!res.headersSent) res.writeHead(404).end();
      },
      (error: unknown) => {
        if (res.headersSent || acked) {
          log.error({ err: { message: (error as Error).message } }, 'a Slack listener failed after acking');
          return;
        }
        acked = true;
        clearTimeout(unacked);
        log.error({ err: { message: (error as Error).message } }, 'a Slack request could not be processed');
        res.writeHead(error instanceof AuthorizationError ? 401 : 500).end();
      },
    );
  }
}

/** The body as Bolt parses it: a form (with interactions as JSON in `payload`), or JSON (the Events API). */
function parseBody(contentType: string | undefined, text: string): Record<string, unknown> {
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = parseForm(text) as Record<string, unknown>;
    return typeof form.payload === 'string' ? (JSON.parse(form.payload) as Record<string, unknown>) : form;
  }
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object') throw new Error('the body is not a JSON object');
  return parsed as Record<string, unknown>;
}

/** What ack(response) sends: nothing, text, or JSON, as Bolt's HTTP receiver does. */
function respond(res: ServerResponse, response: unknown): void {
  if (res.headersSent) return;
  if (!response) res.writeHead(200).end();
  else if (typeof response === 'string') res.writeHead(200).end(response);
  else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response));
}

function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(413, { connection: 'close' }).end();
  req.resume();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
