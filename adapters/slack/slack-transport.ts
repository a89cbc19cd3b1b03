import type { WebClientOptions } from '@slack/web-api';
import pRetry, { AbortError } from 'p-retry';
import type { KeepAliveFetch, SentInit } from './keep-alive-fetch.js';

/**
 * How long Wharfie waits for Slack, and how often it asks again. WebClient's
 * default retries a failing call for about 30 minutes, silently, and a call
 * that never answers hangs for ever; a user waiting on `/docker` is gone long
 * before either. Every Web API and response_url call goes through here.
 */
export interface CallPolicy {
  /** One attempt: no answer within this and it is abandoned. */
  readonly timeoutMs: number;
  /** Further attempts after the first, for network errors, timeouts, 5xx and 429. */
  readonly retries: number;
  /** Pause before the first retry; each next pause is `factor` times longer, up to `maxDelayMs`. */
  readonly minDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  /** No attempt starts once this much time has gone by since the first. */
  readonly retryWindowMs: number;
}

/**
 * 10 s per attempt (Slack answers in well under a second when it is up); at
 * most 15 s + one pause + one attempt in all, so ~29 s: within the ~30 s a
 * reply is still worth delivering (response_url itself lasts 30 minutes).
 */
export const CALL_POLICY: CallPolicy = Object.freeze({ timeoutMs: 10_000, retries: 3, minDelayMs: 1_000, factor: 2, maxDelayMs: 4_000, retryWindowMs: 15_000 });

/** The longest one call can take under a policy: the last attempt starts inside the window, after at most one pause. */
export function longestCallMs(policy: CallPolicy): number {
  return policy.retryWindowMs + policy.maxDelayMs + policy.timeoutMs;
}

/** response_url answered with a status that is not 2xx. */
export class ResponseUrlError extends Error {
  override readonly name = 'ResponseUrlError';
  constructor(readonly status: number) {
    super(`response_url answered ${status}`);
  }
}

export interface SlackTransport {
  /** For `new App({ clientOptions })` and the Socket Mode client: timeouts, bounded retries, abortable. */
  readonly clientOptions: WebClientOptions;
  /**
   * POSTs a message to a response_url under the same policy; rejects once, after the last attempt.
   * `onSent` is called as soon as an attempt is wholly on its way (see SentInit).
   */
  postToResponseUrl(url: string, message: object, onSent?: () => void): Promise<void>;
  /** Aborts every call in flight and every retry still to come (shutdown). */
  close(): void;
  readonly closed: boolean;
}

/** The HTTP under the transport: a fetch, optionally with `send` (status and bytes, no `Response`) and `close`. */
export type TransportBase = typeof fetch & { close?: () => void; send?: KeepAliveFetch['send'] };

/**
 * `base` does the HTTP (the global fetch unless given; the adapter gives
 * keepAliveFetch); `close()` is called on it too when it has one.
 *
 * Each Web API attempt gets its own AbortController, ended by a timer, by the
 * caller's signal or by `close()` (response_url posts over `base.send` need
 * none: see postJson). Not `AbortSignal.any([lifetime, timeout])`:
 * on Node 20 every signal made that way stays referenced from the long-lived
 * one, so memory grew with every Slack call.
 */
export function createSlackTransport(policy: CallPolicy = CALL_POLICY, base: TransportBase = fetch): SlackTransport {
  const lifetime = new AbortController();
  const inFlight = new Set<AbortController>();
  const within = async <T>(attempt: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal | null): Promise<T> => {
    lifetime.signal.throwIfAborted();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${policy.timeoutMs} ms: timeout`, 'TimeoutError')), policy.timeoutMs);
    // A pending timeout must not keep a stopping process alive.
    timer.unref();
    const onOuter = (): void => controller.abort(outer!.reason);
    if (outer?.aborted) onOuter();
    else outer?.addEventListener('abort', onOuter, { once: true });
    inFlight.add(controller);
    try {
      return await attempt(controller.signal);
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
      outer?.removeEventListener('abort', onOuter);
    }
  };
  const fetchWithin: typeof fetch = (input, init = {}) => within((signal) => base(input, { ...init, signal }), init.signal);
  const postJson = async (url: string, body: string, onSent?: () => void): Promise<number> => {
    if (base.send && base.close) {
      // Every answer takes this path: the timeout is a timer in `send`, and close() fails what is in
      // flight through `base.close()`, so no AbortController, signal or listener is made per post.
      lifetime.signal.throwIfAborted();
      const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      return (await base.send(new URL(url), { method: 'POST', headers, body, timeoutMs: policy.timeoutMs, ...(onSent ? { onSent } : {}) })).status;
    }
    const init: SentInit = { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...(onSent ? { onSent } : {}) };
    const res = await fetchWithin(url, init);
    await res.body?.cancel();
    return res.status;
  };
  const webClientRetries = {
    retries: policy.retries,
    factor: policy.factor,
    minTimeout: policy.minDelayMs,
    maxTimeout: policy.maxDelayMs,
    maxRetryTime: policy.retryWindowMs,
    // Pending retries must not keep a stopping process alive.
    unref: true,
    // p-retry (inside WebClient) stops retrying when this throws.
    onFailedAttempt: () => {
      if (lifetime.signal.aborted) throw lifetime.signal.reason;
    },
  };
  const retryOptions = {
    retries: policy.retries,
    factor: policy.factor,
    minTimeout: policy.minDelayMs,
    maxTimeout: policy.maxDelayMs,
    maxRetryTime: policy.retryWindowMs,
    signal: lifetime.signal,
    unref: true,
  };
  return {
    clientOptions: { fetch: fetchWithin, timeout: policy.timeoutMs, retryConfig: webClientRetries as WebClientOptions['retryConfig'] },
    async postToResponseUrl(url, message, onSent) {
      const body = JSON.stringify(message);
      await pRetry(async () => {
        const status = await postJson(url, body, onSent);
        if (status >= 200 && status < 300) return;
        const error = new ResponseUrlError(status);
        // An expired or refused response_url stays so: only overload and server errors are worth another try.
        if (status !== 429 && status < 500) throw new AbortError(error);
        throw error;
      }, retryOptions);
    },
    close() {
      const reason = new Error('Slack connection closed: shutting down');
      lifetime.abort(reason);
      for (const controller of inFlight) controller.abort(reason);
      base.close?.();
    },
    get closed() {
      return lifetime.signal.aborted;
    },
  };
}
