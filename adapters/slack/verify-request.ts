import { verifySlackRequest } from '@slack/bolt';

/**
 * Slack's request signature, checked before Bolt sees the request. Bolt's own
 * check refuses timestamps over five minutes old but accepts any in the future;
 * Slack's guidance is a five-minute window either way, and a replayed request
 * stamped ahead is no more trustworthy than one stamped behind.
 */
export const MAX_SKEW_SECONDS = 5 * 60;

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function verifySignedRequest(options: {
  readonly signingSecret: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly rawBody: string;
  readonly nowMs: number;
}): Verdict {
  const signature = options.headers['x-slack-signature'];
  const timestamp = options.headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return { ok: false, reason: 'missing signature headers' };
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds)) return { ok: false, reason: 'malformed timestamp' };
  if (seconds - options.nowMs / 1000 > MAX_SKEW_SECONDS) return { ok: false, reason: 'timestamp in the future' };
  try {
    verifySlackRequest({
      signingSecret: options.signingSecret,
      body: options.rawBody,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': seconds },
      nowMilliseconds: options.nowMs,
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: /stale|old/i.test((error as Error).message) ? 'stale timestamp' : 'bad signature' };
  }
}
