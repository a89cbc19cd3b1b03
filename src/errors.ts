/**
 * Two kinds of failure. A `UserError` is something the person can fix (a
 * refused flag, an empty question): its message is shown to them as it is.
 * Everything else is a `WharfieError` with a code, logged once at the edge,
 * and the person gets a short apology instead of a stack trace.
 */
export class WharfieError extends Error {
  override readonly name: string = 'WharfieError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class UserError extends WharfieError {
  override readonly name = 'UserError';
  constructor(message: string, code = 'user_error') {
    super(code, message);
  }
}

/** Wraps anything thrown into a coded error, once. */
export function asWharfieError(error: unknown, code = 'internal'): WharfieError {
  if (error instanceof WharfieError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WharfieError(code, message, { cause: error });
}
