import { timingSafeEqual, createHash } from 'node:crypto';

const REDACTED = '[redacted]';

/**
 * A value that must never reach a log line, an error message or a JSON body.
 * Printing it, interpolating it or serialising it yields `[redacted]`; only `reveal()`
 * returns the value, at the one place that sends it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  /** Constant-time comparison with a candidate (e.g. a request header). */
  matches(candidate: string | undefined): boolean {
    if (candidate === undefined) return false;
    // Hash both sides so the comparison time does not depend on the lengths either.
    const a = createHash('sha256').update(this.#value).digest();
    const b = createHash('sha256').update(candidate).digest();
    return timingSafeEqual(a, b);
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}
