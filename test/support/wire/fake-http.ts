import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

/**
 * A small local HTTP server for wire tests: records every request, answers
 * through a handler the test controls, and lets a test wait for a request
 * instead of sleeping. Shared by the Slack and Discord fakes.
 */
export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** JSON bodies, parsed. */
  readonly json: unknown;
  /** Form bodies, parsed. */
  readonly form: Record<string, string>;
  readonly at: number;
}

export interface Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export type Handler = (request: Recorded) => Answer | Promise<Answer>;

export interface FakeHttp {
  readonly url: string;
  readonly port: number;
  readonly requests: Recorded[];
  /** Resolves with the first request (already seen or still to come) that matches. */
  waitFor(match: (r: Recorded) => boolean, timeoutMs?: number): Promise<Recorded>;
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

export async function startFakeHttp(handler: Handler = () => ({ body: { ok: true } })): Promise<FakeHttp> {
  let current = handler;
  const requests: Recorded[] = [];
  const waiters: { match: (r: Recorded) => boolean; resolve: (r: Recorded) => void }[] = [];
  const server = http.createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const type = String(req.headers['content-type'] ?? '');
    let json: unknown = null;
    if (type.includes('json') && body) json = JSON.parse(body);
    const form = type.includes('x-www-form-urlencoded') ? (parseQuery(body) as Record<string, string>) : {};
    const recorded: Recorded = { method: req.method ?? 'GET', path: decodeURIComponent((req.url ?? '/').split('?')[0]!), headers: req.headers, body, json, form, at: Date.now() };
    requests.push(recorded);
    for (const waiter of [...waiters]) {
      if (waiter.match(recorded)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(recorded);
      }
    }
    const answer = await current(recorded);
    const payload = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    // An empty answer (a 204) carries no content type, as real APIs send it.
    res.writeHead(answer.status ?? 200, { ...(payload === '' ? {} : { 'content-type': 'application/json' }), ...answer.headers });
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    waitFor(match, timeoutMs = 5_000) {
      const seen = requests.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching request within ${timeoutMs} ms; saw ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`)), timeoutMs);
        waiters.push({ match, resolve: (r) => (clearTimeout(timer), resolve(r)) });
      });
    },
    setHandler(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
