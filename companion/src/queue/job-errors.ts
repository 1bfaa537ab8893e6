/**
 * Errors a workflow throws (or returns as a failed outcome) to say explicitly how the
 * queue should treat a failure, whatever the underlying cause.
 */

export interface JobErrorOptions {
  code?: string;
  cause?: unknown;
}

/** Retrying cannot help (bad data, missing record, rejected by validation): dead-letter now. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
  readonly code: string | undefined;

  constructor(message: string, options: JobErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
  }
}

/** Worth retrying with backoff, not before `retryAfterMs` when given. */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  readonly code: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: JobErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * Not a failure: the job must wait for something outside it (a person's confirmation, a
 * limit to clear). Like a rate limit it is retried after `retryAfterMs` and never uses up
 * the job's attempts.
 */
export class DeferredError extends Error {
  override readonly name = 'DeferredError';
  readonly code: string | undefined;
  readonly retryAfterMs: number;

  constructor(message: string, options: { code?: string; retryAfterMs: number }) {
    super(message);
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs;
  }
}
