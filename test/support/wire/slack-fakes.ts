import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { startFakeHttp, type FakeHttp, type Recorded } from './fake-http.js';

/**
 * Slack on 127.0.0.1: a fake Web API (what Bolt's WebClient calls), a fake
 * response_url receiver, signed requests into Bolt's HTTP receiver, and a fake
 * Socket Mode server. Real wire formats; facts in shared/notes/wire-testing.md.
 */
export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_USER = 'UBOT';

export interface FakeSlackApi extends FakeHttp {
  readonly apiUrl: string;
  /** The Web API calls of one method, in order (form-encoded, as WebClient sends them). */
  calls(method: string): Recorded[];
  /** The next call to `method` gets this answer instead (once). */
  failNext(method: string, answer: { status?: number; headers?: Record<string, string>; body?: unknown }): void;
  /** Until lifted (null), every call gets this answer, or never one ('hang'): Slack down. */
  outage(answer: { status?: number; body?: unknown } | 'hang' | null, methods?: readonly string[]): void;
}

/** An answer that never comes: the request stays open until the fake closes. */
export const NEVER = (): Promise<never> => new Promise<never>(() => undefined);

export async function startFakeSlackApi(options: { socketUrl?: () => string } = {}): Promise<FakeSlackApi> {
  const failures = new Map<string, { status?: number; headers?: Record<string, string>; body?: unknown }[]>();
  let ts = 1_700_000_000;
  let down: { answer: { status?: number; body?: unknown } | 'hang'; methods?: readonly string[] } | null = null;
  const fake = await startFakeHttp((request) => {
    const method = request.path.replace(/^\/api\//, '');
    if (down && (!down.methods || down.methods.includes(method))) return down.answer === 'hang' ? NEVER() : down.answer;
    const failure = failures.get(method)?.shift();
    if (failure) return failure;
    switch (method) {
      case 'auth.test':
        return { body: { ok: true, user_id: BOT_USER, bot_id: 'BBOT', team_id: 'T1', team: 'Test Team', user: 'wharfie' } };
      case 'apps.connections.open':
        return { body: { ok: true, url: options.socketUrl?.() ?? 'ws://127.0.0.1:1/' } };
      case 'users.info':
        // Workspace admins in these tests have ids starting UADMIN.
        return { body: { ok: true, user: { id: request.form.user, is_admin: String(request.form.user).startsWith('UADMIN'), is_owner: false } } };
      case 'chat.postMessage':
        ts += 1;
        return { body: { ok: true, channel: request.form.channel, ts: `${ts}.000100` } };
      default:
        return { body: { ok: true } };
    }
  });
  return Object.assign(fake, {
    apiUrl: `${fake.url}/api/`,
    calls: (method: string) => fake.requests.filter((r) => r.path === `/api/${method}`),
    failNext(method: string, answer: { status?: number; headers?: Record<string, string>; body?: unknown }) {
      failures.set(method, [...(failures.get(method) ?? []), answer]);
    },
    outage(answer: { status?: number; body?: unknown } | 'hang' | null, methods?: readonly string[]) {
      down = answer === null ? null : { answer, ...(methods ? { methods } : {}) };
    },
  });
}

/** Signs a body the way Slack does: v0=hex(HMAC-SHA256(secret, "v0:ts:body")). */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPost {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

/** POSTs a form body to Bolt's receiver, signed (or deliberately not). */
export async function postToSlackEndpoint(
  url: string,
  fields: Record<string, string>,
  options: { timestamp?: number; signature?: string | null; secret?: string; headers?: Record<string, string> } = {},
): Promise<SignedPost> {
  const body = new URLSearchParams(fields).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    // Exactly this type: Bolt answers 400 to "; charset=utf-8".
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    ...options.headers,
  };
  if (options.signature !== null) headers['x-slack-signature'] = options.signature ?? sign(body, timestamp, options.secret);
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), ms: performance.now() - started };
}

let trigger = 0;
export function slashCommand(text: string, responseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  trigger += 1;
  return {
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'team',
    channel_id: 'C1',
    channel_name: 'general',
    user_id: 'U1',
    user_name: 'ada',
    command: '/docker',
    text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `trigger-${trigger}-${Date.now()}`,
    ...overrides,
  };
}

/** A `block_actions` payload for pressing one of our buttons. */
export function buttonPress(value: string, responseUrl: string, user = { id: 'U1', username: 'ada' }): Record<string, unknown> {
  trigger += 1;
  return {
    type: 'block_actions',
    user: { ...user, name: user.username, team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1.2', channel_id: 'C1', is_ephemeral: true },
    trigger_id: `trigger-${trigger}-${Date.now()}`,
    team: { id: 'T1', domain: 'team' },
    channel: { id: 'C1', name: 'general' },
    response_url: responseUrl,
    actions: [{ type: 'button', action_id: 'wharfie:0', block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, action_ts: '1.3' }],
  };
}

/** An `app_mention` Events API callback. */
export function mentionEvent(text: string, eventId = `Ev${Date.now()}${Math.random().toString(36).slice(2, 6)}`): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_mention', user: 'U1', text, ts: '1700000000.000100', channel: 'C1', event_ts: '1700000000.000100' },
    authorizations: [{ team_id: 'T1', user_id: BOT_USER, is_bot: true }],
  };
}

/** POSTs a JSON Events API body, signed. */
export async function postEvent(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<SignedPost> {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp), ...headers },
    body,
  });
  return { status: res.status, body: await res.text(), ms: performance.now() - started };
}

/** A fake Socket Mode server: says hello, sends envelopes, collects acks. */
export interface FakeSocketMode {
  readonly url: string;
  readonly connections: number;
  send(envelope: Record<string, unknown>): Promise<Record<string, unknown>>;
  disconnect(): void;
  waitForConnection(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  let live: WebSocket | null = null;
  let connections = 0;
  const acks = new Map<string, (ack: Record<string, unknown>) => void>();
  const connected: (() => void)[] = [];
  server.on('connection', (socket) => {
    connections += 1;
    live = socket;
    // Without hello first, app.start() never resolves.
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A1' } }));
    socket.on('message', (data) => {
      const ack = JSON.parse(String(data)) as Record<string, unknown>;
      const id = ack.envelope_id as string | undefined;
      if (id) acks.get(id)?.(ack);
    });
    for (const wake of connected.splice(0)) wake();
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/`,
    get connections() {
      return connections;
    },
    send(envelope) {
      const id = (envelope.envelope_id as string) ?? `env-${Date.now()}-${Math.random()}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${id}`)), 5_000);
        acks.set(id, (ack) => (clearTimeout(timer), resolve(ack)));
        live?.send(JSON.stringify({ ...envelope, envelope_id: id }));
      });
    },
    disconnect() {
      live?.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake' } }));
    },
    waitForConnection(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (connections >= count) resolve();
          else connected.push(check);
        };
        setTimeout(() => reject(new Error(`only ${connections} connections`)), timeoutMs).unref();
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

/** A `view_submission` payload: the user pressed Submit on one of our modals. */
export function viewSubmission(view: { callback_id: string; private_metadata?: string }, values: Record<string, Record<string, { type: string; value: string }>>, user = { id: 'U1', username: 'ada' }): Record<string, unknown> {
  trigger += 1;
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'team' },
    user: { ...user, name: user.username, team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: `trigger-${trigger}-${Date.now()}`,
    view: {
      id: `V${trigger}`,
      team_id: 'T1',
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata ?? '',
      state: { values },
      hash: '1.a',
      app_id: 'A1',
      bot_id: 'BBOT',
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}
