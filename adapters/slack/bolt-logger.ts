import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

/** Bolt's logger interface over ours, so Slack's SDK logs land in the same structured stream. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  let name = 'slack';
  // SDK messages are free text; they never carry our tokens, but keep them out of info anyway.
  const text = (parts: unknown[]): string => parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...parts) => log.debug({ sdk: name }, text(parts)),
    info: (...parts) => log.debug({ sdk: name }, text(parts)),
    warn: (...parts) => log.warn({ sdk: name }, text(parts)),
    error: (...parts) => log.error({ sdk: name }, text(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next) => {
      name = next;
    },
  };
}
