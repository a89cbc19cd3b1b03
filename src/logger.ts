/**
 * The slice of a structured logger the core uses. pino satisfies it; tests
 * pass `silentLogger` or a recorder. The core never logs message bodies above
 * debug level.
 */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
