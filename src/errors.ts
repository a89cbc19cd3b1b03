/**
 * What a person can fix (a refused flag, an empty question) is never thrown:
 * it is a value (a refusal, a notice) the command turns into a reply.
 * Anything thrown is a `WharfieError` with a code, logged once at the edge,
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

/** Wraps anything thrown into a coded error, once. */
export function asWharfieError(error: unknown, code = 'internal'): WharfieError {
  if (error instanceof WharfieError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WharfieError(code, message, { cause: error });
}
