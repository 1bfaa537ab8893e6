import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/** One log call: structured fields first (`err` for an error), then the message. */
export interface LogFn {
  (fields: object, message?: string): void;
  (message: string): void;
}

/**
 * The one logger interface of the companion (pino's logger is one). A module that logs only
 * some levels asks for `Pick<Logger, 'warn' | 'error'>`, so a test can pass just those.
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

/** Keys whose values are never written, wherever they appear in a log record. */
const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-okta-verification-challenge"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.clientSecret',
  '*.privateKey',
  '*.refreshToken',
];

/** Structured JSON logs on stdout (or a given stream, for tests). */
export function createLogger(
  options: { level: string; name?: string },
  destination?: DestinationStream,
): PinoLogger {
  return pino(
    {
      name: options.name ?? 'okta-sync',
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** A logger that drops everything, for tests that do not look at logs. */
export function silentLogger(): PinoLogger {
  return pino({ level: 'silent' });
}
