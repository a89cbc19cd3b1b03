import http from 'node:http';
import https from 'node:https';

/** Stale kept-alive sockets tried in a row before the error stands (each retry may pick another idle one). */
const STALE_SOCKET_RETRIES = 3;
/** Idle sockets are dropped after this, before the 5 s keep-alive of a Node server (the fakes; many proxies). */
const IDLE_MS = 4_000;

/**
 * The `fetch` under the Slack transport (response_url posts, the Web API),
 * over node:http with kept-alive connections. Every answer goes out through
 * response_url; Node's built-in fetch cost about 0.4 ms more CPU a request
 * (web streams, per-request objects). The whole body is read at once and
 * handed back as a real `Response`, so no connection waits on an unread body.
 *
 * Plain bodies (string, bytes, URLSearchParams) only: anything else (a
 * FormData file upload) and any other scheme go to the global fetch.
 * Redirects are not followed (the Web API and response_url answer directly).
 */
/**
 * `onSent` (beside the usual RequestInit fields) is called once the whole
 * request is handed to the kernel, before the answer: from then on it reaches
 * the server even if this process dies. The global fetch has no such moment,
 * so on that path it is called with the answer instead.
 */
export type SentInit = RequestInit & { readonly onSent?: () => void };

export function keepAliveFetch(): typeof fetch & { close(): void } {
  const agents = { 'http:': new http.Agent({ keepAlive: true, timeout: IDLE_MS }), 'https:': new https.Agent({ keepAlive: true, timeout: IDLE_MS }) };
  const lean = (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<Response> => {
    const url = input instanceof URL ? input : typeof input === 'string' ? new URL(input) : null;
    const body = init.body;
    const plain = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array || body instanceof URLSearchParams;
    const onSent = (init as SentInit).onSent;
    if (!url || !(url.protocol in agents) || !plain) return fetch(input, init).then((res) => (onSent?.(), res));
    const payload = body instanceof URLSearchParams ? body.toString() : (body ?? undefined);
    const headers = Object.fromEntries(new Headers(init.headers));
    if (body instanceof URLSearchParams && !headers['content-type']) headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    const signal = init.signal ?? undefined;
    const client = url.protocol === 'https:' ? https : http;
    const agent = agents[url.protocol as keyof typeof agents];
    const send = (attempt: number): Promise<Response> =>
      new Promise<Response>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        let answered = false;
        const req = client.request(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            signal?.removeEventListener('abort', onAbort);
            const status = res.statusCode ?? 0;
            // A Response may carry no body with these statuses.
            const empty = status === 204 || status === 205 || status === 304;
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, one);
            }
            try {
              resolve(new Response(empty ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
            } catch (error) {
              // A status outside 200–599 cannot be a Response.
              reject(error);
            }
          });
        });
        const onAbort = (): void => void req.destroy(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
        signal?.addEventListener('abort', onAbort, { once: true });
        req.on('error', (error: NodeJS.ErrnoException) => {
          signal?.removeEventListener('abort', onAbort);
          // A kept-alive socket the server closed while it sat idle fails before the request reached
          // the server: send again (as Node's docs advise), on another socket. Seen under load in
          // `npm run bench -- slack --busy`, where late timers let the server's close win the race.
          const stale = req.reusedSocket && !answered && !signal?.aborted && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
          if (stale && attempt < STALE_SOCKET_RETRIES) resolve(send(attempt + 1));
          else reject(error);
        });
        if (onSent) req.once('finish', onSent);
        req.end(payload);
      });
    return send(0);
  };
  return Object.assign(lean as typeof fetch, {
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}
