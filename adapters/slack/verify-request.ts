import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Slack's request signature, checked before Bolt sees the request. Bolt's own
 * check refuses timestamps over five minutes old but accepts any in the future;
 * Slack's guidance is a five-minute window either way, and a replayed request
 * stamped ahead is no more trustworthy than one stamped behind.
 */
export const MAX_SKEW_SECONDS = 5 * 60;

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** `v0=` and 64 hex digits of HMAC-SHA256. */
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

/**
 * One HMAC over the exact bytes received and a constant-time comparison of
 * the digests (Bolt's check computes two more HMACs to compare strings).
 */
export function verifySignedRequest(options: {
  /** The secret, or a KeyObject made from it once (each string is prepared as a key again per request). */
  readonly signingSecret: string | KeyObject;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly rawBody: Buffer | string;
  readonly nowMs: number;
}): Verdict {
  const signature = options.headers['x-slack-signature'];
  const timestamp = options.headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return { ok: false, reason: 'missing signature headers' };
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(seconds)) return { ok: false, reason: 'malformed timestamp' };
  const skew = seconds - Math.floor(options.nowMs / 1000);
  if (skew > MAX_SKEW_SECONDS) return { ok: false, reason: 'timestamp in the future' };
  if (-skew > MAX_SKEW_SECONDS) return { ok: false, reason: 'stale timestamp' };
  if (!SIGNATURE.test(signature)) return { ok: false, reason: 'bad signature' };
  const expected = createHmac('sha256', options.signingSecret).update(`v0:${timestamp}:`).update(options.rawBody).digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'bad signature' };
}
