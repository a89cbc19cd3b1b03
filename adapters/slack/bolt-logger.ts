import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

/** SDK messages about failures the adapter reports itself (slack-connection.ts, slack-adapter.ts). */
const RETOLD = /^(http request failed|Failed to retrieve a new WSS URL|WebSocket error)/;

/** Bolt's logger interface over ours, so Slack's SDK logs land in the same structured stream. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  let name = 'slack';
  // SDK messages are free text; they never carry our tokens, but keep them out of info anyway.
  const text = (parts: unknown[]): string => parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  // Failures of calls and connections are logged once by the adapter, with the method and reason;
  // the SDK's own line for each attempt would say the same again without them.
  const atLevel = (level: 'warn' | 'error') => (...parts: unknown[]) => {
    const message = text(parts);
    if (RETOLD.test(message)) log.debug({ sdk: name }, message);
    else log[level]({ sdk: name }, message);
  };
  // Bolt logs a few debug lines on every request; at info level they are dropped before being formatted.
  const debugOn = (): boolean => (log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('debug') ?? true;
  const debug = (...parts: unknown[]): void => {
    if (debugOn()) log.debug({ sdk: name }, text(parts));
  };
  return {
    debug,
    info: debug,
    warn: atLevel('warn'),
    error: atLevel('error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next) => {
      name = next;
    },
  };
}
