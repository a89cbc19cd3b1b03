import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

/** Stale kept-alive sockets tried in a row before the error stands (each retry may pick another idle one). */
const STALE_SOCKET_RETRIES = 3;
/** Idle sockets are dropped after this, before the 5 s keep-alive of a Node server (the fakes; many proxies). */
const IDLE_MS = 4_000;

/** An answer read whole: what the response_url path needs, without building a web `Response`. */
export interface RawAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface RawRequest {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array;
  readonly signal?: AbortSignal | null;
  /**
   * No whole answer within this and the request is destroyed with a TimeoutError. Cheaper than a
   * signal: no AbortController and listener per request on the path every answer takes.
   */
  readonly timeoutMs?: number;
  /** Called once the whole request is handed to the kernel (see SentInit). */
  readonly onSent?: () => void;
}

/**
 * `onSent` (beside the usual RequestInit fields) is called once the whole
 * request is handed to the kernel, before the answer: from then on it reaches
 * the server even if this process dies. The global fetch has no such moment,
 * so on that path it is called with the answer instead.
 */
export type SentInit = RequestInit & { readonly onSent?: () => void };

export interface KeepAliveFetch {
  (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response>;
  /** One request over the kept-alive agents, its answer read whole (http: and https: only). */
  send(url: URL, request: RawRequest): Promise<RawAnswer>;
  /** Destroys every socket, in use or idle, and fails every request in flight or still to come. */
  close(): void;
}

/**
 * The `fetch` under the Slack transport (response_url posts, the Web API),
 * over node:http with kept-alive connections. Every answer goes out through
 * response_url; Node's built-in fetch cost about 0.4 ms more CPU a request
 * (web streams, per-request objects). The whole body is read at once and
 * handed back as a real `Response`, so no connection waits on an unread body;
 * `send` hands back the bytes alone, for callers that need only the status.
 *
 * Plain bodies (string, bytes, URLSearchParams) only: anything else (a
 * FormData file upload) and any other scheme go to the global fetch.
 * Redirects are not followed (the Web API and response_url answer directly).
 */
export function keepAliveFetch(): KeepAliveFetch {
  const agents = { 'http:': new http.Agent({ keepAlive: true, timeout: IDLE_MS }), 'https:': new https.Agent({ keepAlive: true, timeout: IDLE_MS }) };
  // Requests not yet answered, so that close() can fail them (an agent would open new sockets for them).
  const inFlight = new Set<http.ClientRequest>();
  let closed: Error | null = null;

  const send = (url: URL, request: RawRequest, attempt = 0): Promise<RawAnswer> =>
    new Promise<RawAnswer>((resolve, reject) => {
      const signal = request.signal ?? undefined;
      if (closed || signal?.aborted) {
        reject(closed ?? signal!.reason);
        return;
      }
      const https_ = url.protocol === 'https:';
      let answered = false;
      const req = (https_ ? https : http).request(url, { method: request.method, headers: request.headers, agent: https_ ? agents['https:'] : agents['http:'] }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          settle();
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
        });
      });
      inFlight.add(req);
      const timer =
        request.timeoutMs === undefined
          ? undefined
          : setTimeout(() => req.destroy(new DOMException(`no answer within ${request.timeoutMs} ms: timeout`, 'TimeoutError')), request.timeoutMs).unref();
      const onAbort = (): void => void req.destroy(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (): void => {
        clearTimeout(timer);
        inFlight.delete(req);
        signal?.removeEventListener('abort', onAbort);
      };
      req.on('error', (error: NodeJS.ErrnoException) => {
        settle();
        // A kept-alive socket the server closed while it sat idle fails before the request reached
        // the server: send again (as Node's docs advise), on another socket. Seen under load in
        // `npm run bench -- slack --busy`, where late timers let the server's close win the race.
        const stale = req.reusedSocket && !answered && !closed && !signal?.aborted && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
        if (stale && attempt < STALE_SOCKET_RETRIES) resolve(send(url, request, attempt + 1));
        else reject(error);
      });
      if (request.onSent) req.once('finish', request.onSent);
      req.end(request.body);
    });

  const lean = async (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<Response> => {
    const url = input instanceof URL ? input : typeof input === 'string' ? new URL(input) : null;
    const body = init.body;
    const plain = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array || body instanceof URLSearchParams;
    const onSent = (init as SentInit).onSent;
    if (!url || !(url.protocol in agents) || !plain) return fetch(input, init).then((res) => (onSent?.(), res));
    const payload = body instanceof URLSearchParams ? body.toString() : (body ?? undefined);
    const headers = Object.fromEntries(new Headers(init.headers));
    if (body instanceof URLSearchParams && !headers['content-type']) headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    const answer = await send(url, { method: init.method ?? 'GET', headers, ...(payload !== undefined ? { body: payload } : {}), signal: init.signal ?? null, ...(onSent ? { onSent } : {}) });
    // A Response may carry no body with these statuses; one outside 200–599 cannot be a Response at all (it throws).
    const empty = answer.status === 204 || answer.status === 205 || answer.status === 304;
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, one);
    }
    return new Response(empty ? null : answer.body, { status: answer.status, statusText: answer.statusText, headers: responseHeaders });
  };

  return Object.assign(lean, {
    send: (url: URL, request: RawRequest) => send(url, request),
    close() {
      closed ??= new Error('Slack connection closed: shutting down');
      for (const req of inFlight) req.destroy(closed);
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}
