import type { Writable } from 'node:stream';
import { pino, type Logger as Pino } from 'pino';
import pretty from 'pino-pretty';

export interface LoggerOptions {
  readonly level: string;
  /** Human-readable lines (the terminal adapter); JSON otherwise. */
  readonly pretty: boolean;
  readonly destination: Writable;
}

/**
 * Structured JSON logs for machines, pretty lines for people at a terminal.
 * Secrets are redacted by path wherever they might be logged.
 */
export function createLogger(options: LoggerOptions): Pino {
  const stream = options.pretty
    ? pretty({ destination: options.destination, colorize: false, ignore: 'pid,hostname', translateTime: 'HH:MM:ss', sync: true })
    : options.destination;
  return pino(
    {
      level: options.level,
      base: { app: 'wharfie' },
      redact: {
        paths: ['token', '*.token', 'botToken', '*.botToken', 'appToken', '*.appToken', 'signingSecret', '*.signingSecret', 'headers.authorization', '*.headers.authorization'],
        censor: '[redacted]',
      },
    },
    stream,
  );
}
