import { DomainError, type DomainErrorKind } from '../errors/domain-errors.js';
import { DeferredError, PermanentError, TransientError } from './job-errors.js';

export type ErrorKind = 'transient' | 'rate-limited' | 'permanent';

export interface ErrorClassification {
  kind: ErrorKind;
  /** Do not retry before this many milliseconds from the classification's `now`. */
  retryAfterMs?: number;
  /** Okta errorCode, Salesforce errorCode, Node system error code or HTTP_<status>. */
  code?: string;
  message: string;
}

export interface ClassifyContext {
  /** The clock against which rate-limit reset times are turned into delays. */
  now?: Date;
  /** The code of the job's previous failure: an authentication error is retried once only. */
  previousCode?: string | null;
}

/**
 * Domain errors thrown inside a job (a grant gone, a refused group): a conflict or a state that
 * another operation is changing, and an unavailable dependency, may pass on a later attempt;
 * a wrong request, a missing subject or a refusal never do.
 */
const DOMAIN_ERROR_KINDS: Readonly<Record<DomainErrorKind, ErrorKind>> = {
  invalid: 'permanent',
  'not-found': 'permanent',
  refused: 'permanent',
  conflict: 'transient',
  'invalid-state': 'transient',
  unavailable: 'transient',
};

/** Node, undici and SQLite error codes of failures that a later attempt can get past. */
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** Salesforce errorCodes of failures that go away on their own. */
const SALESFORCE_TRANSIENT = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'UNKNOWN_EXCEPTION',
  'QUERY_TIMEOUT',
  'REQUEST_RUNNING_TOO_LONG',
  'INVALID_QUERY_LOCATOR',
  'API_CURRENTLY_DISABLED',
  'CONCURRENT_REQUEST_LIMIT_EXCEEDED',
]);

/** Salesforce codes meaning the session or token must be renewed. */
const SALESFORCE_AUTH = new Set(['INVALID_SESSION_ID', 'INVALID_AUTH_HEADER']);

/** OAuth 2.0 token endpoint errors (jsforce names the error after them). */
const OAUTH_ERRORS = new Set([
  'invalid_grant',
  'invalid_client',
  'invalid_request',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_token',
]);

const OKTA_RATE_LIMIT_CODE = 'E0000047';
/** Salesforce's rolling 24-hour API allowance: checking again every few minutes is enough. */
const SALESFORCE_DAILY_LIMIT_WAIT_MS = 10 * 60_000;
/** Salesforce's concurrent long-running request limit clears in seconds. */
const SALESFORCE_CONCURRENCY_LIMIT_WAIT_MS = 30_000;
const MAX_CAUSE_DEPTH = 4;

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function messageOf(err: Fields): string {
  return text(err['message']) ?? text(err['errorSummary']) ?? text(err['name']) ?? 'unknown error';
}

/** Reads a response header from a fetch `Headers` or a plain object of any key case. */
function header(headers: unknown, name: string): string | undefined {
  if (!isObject(headers)) return undefined;
  const get = headers['get'];
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, name);
    return text(value);
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? text(value[0]) : text(value);
  }
  return undefined;
}

/**
 * Okta: `X-Rate-Limit-Reset` is the reset instant in epoch seconds, measured against the
 * response's `Date` (as the Okta SDK does) so that clock skew does not matter. Otherwise a
 * standard `Retry-After` (seconds or HTTP date).
 */
function rateLimitDelay(headers: unknown, now: Date): number | undefined {
  const reset = Number(header(headers, 'x-rate-limit-reset'));
  if (Number.isFinite(reset) && reset > 0) {
    const serverNow = Date.parse(header(headers, 'date') ?? '');
    const base = Number.isFinite(serverNow) ? serverNow : now.getTime();
    return Math.max(0, reset * 1000 - base);
  }
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(retryAfter);
  return Number.isFinite(at) ? Math.max(0, at - now.getTime()) : undefined;
}

function classification(
  kind: ErrorKind,
  message: string,
  code: string | undefined,
  retryAfterMs?: number,
): ErrorClassification {
  const result: ErrorClassification = { kind, message };
  if (code !== undefined) result.code = code;
  if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  return result;
}

/** A rejected credential is worth one retry (the client renews its token); twice in a row is a configuration problem. */
function authFailure(message: string, code: string, context: ClassifyContext): ErrorClassification {
  return classification(context.previousCode === code ? 'permanent' : 'transient', message, code);
}

function byHttpStatus(
  status: number,
  message: string,
  code: string | undefined,
  headers: unknown,
  context: ClassifyContext,
): ErrorClassification {
  const effectiveCode = code ?? `HTTP_${status}`;
  if (status === 429 || code === OKTA_RATE_LIMIT_CODE) {
    return classification(
      'rate-limited',
      message,
      effectiveCode,
      rateLimitDelay(headers, context.now ?? new Date()),
    );
  }
  if (status === 401) return authFailure(message, effectiveCode, context);
  if (status === 408 || status === 409 || status === 423 || status === 425) {
    return classification('transient', message, effectiveCode);
  }
  if (status >= 500 && status !== 501) return classification('transient', message, effectiveCode);
  return classification('permanent', message, effectiveCode);
}

function bySalesforceCode(
  code: string,
  message: string,
  context: ClassifyContext,
): ErrorClassification {
  const httpStatus = /^ERROR_HTTP_(\d{3})$/.exec(code)?.[1];
  if (httpStatus !== undefined)
    return byHttpStatus(Number(httpStatus), message, code, undefined, context);
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    const wait = /concurrent/i.test(message)
      ? SALESFORCE_CONCURRENCY_LIMIT_WAIT_MS
      : SALESFORCE_DAILY_LIMIT_WAIT_MS;
    return classification('rate-limited', message, code, wait);
  }
  if (SALESFORCE_AUTH.has(code)) return authFailure(message, code, context);
  if (SALESFORCE_TRANSIENT.has(code)) return classification('transient', message, code);
  // Everything else Salesforce names (INVALID_FIELD, STRING_TOO_LONG, REQUIRED_FIELD_MISSING,
  // DUPLICATE_VALUE, FIELD_CUSTOM_VALIDATION_EXCEPTION, …) is about the data sent.
  return classification('permanent', message, code);
}

/** Several errors at once (jsforce MULTIPLE_API_ERRORS): the most hopeful one decides. */
function combine(parts: ErrorClassification[], message: string): ErrorClassification {
  const rateLimited = parts.filter((p) => p.kind === 'rate-limited');
  if (rateLimited.length > 0) {
    const waits = rateLimited.flatMap((p) =>
      p.retryAfterMs === undefined ? [] : [p.retryAfterMs],
    );
    return classification(
      'rate-limited',
      message,
      rateLimited[0]?.code,
      waits.length > 0 ? Math.max(...waits) : undefined,
    );
  }
  const transient = parts.find((p) => p.kind === 'transient');
  if (transient) return classification('transient', message, transient.code);
  return classification('permanent', message, parts[0]?.code);
}

function classifyObject(err: Fields, context: ClassifyContext, depth: number): ErrorClassification {
  const message = messageOf(err);
  const name = text(err['name']);

  if (err instanceof PermanentError) return classification('permanent', message, err.code);
  if (err instanceof DeferredError) {
    return classification('rate-limited', message, err.code, err.retryAfterMs);
  }
  if (err instanceof TransientError) {
    return classification('transient', message, err.code, err.retryAfterMs);
  }
  if (err instanceof DomainError) {
    return classification(DOMAIN_ERROR_KINDS[err.kind], message, err.code);
  }

  // Okta SDK: OktaApiError {status, errorCode, headers}, HttpError {status, headers};
  // generated ApiException {code: <status>, body, headers}.
  const status =
    typeof err['status'] === 'number' || typeof err['status'] === 'string'
      ? Number(err['status'])
      : typeof err['code'] === 'number'
        ? err['code']
        : Number.NaN;
  if (Number.isInteger(status) && status >= 400 && status <= 599) {
    const body = err['body'];
    const code = text(err['errorCode']) ?? (isObject(body) ? text(body['errorCode']) : undefined);
    return byHttpStatus(status, message, code, err['headers'], context);
  }

  // jsforce: HttpApiError {errorCode, data}; MULTIPLE_API_ERRORS carries the list in data.
  const errorCode = text(err['errorCode']);
  if (errorCode === 'MULTIPLE_API_ERRORS' && Array.isArray(err['data'])) {
    const parts = err['data']
      .filter(isObject)
      .map((part) => classifyObject(part, context, depth + 1));
    if (parts.length > 0) return combine(parts, message);
  }
  if (errorCode !== undefined) return bySalesforceCode(errorCode, message, context);
  // A Salesforce save result error ({statusCode, message, fields}) returned as a failure.
  const statusCode = text(err['statusCode']);
  if (statusCode !== undefined && /^[A-Z_]+$/.test(statusCode)) {
    return bySalesforceCode(statusCode, message, context);
  }
  // jsforce OAuth2 token errors are named after the OAuth error.
  if (name !== undefined && OAUTH_ERRORS.has(name)) return authFailure(message, name, context);

  const systemCode = text(err['code']);
  if (systemCode !== undefined && TRANSIENT_SYSTEM_CODES.has(systemCode)) {
    return classification('transient', message, systemCode);
  }
  // node-fetch (used by both SDKs) and fetch timeouts and aborts.
  const fetchType = text(err['type']);
  if (name === 'FetchError' && (fetchType === 'request-timeout' || fetchType === 'body-timeout')) {
    return classification('transient', message, 'TIMEOUT');
  }
  if (name === 'AbortError' || name === 'TimeoutError' || name === 'JobPollingTimeout') {
    return classification('transient', message, 'TIMEOUT');
  }
  // The Okta SDK rejects a call that lacks a required parameter: a defect, not a hiccup.
  if (name === 'RequiredError') return classification('permanent', message, name);

  // fetch wraps the system error: TypeError('fetch failed', { cause }).
  const cause = err['cause'];
  if (isObject(cause) && depth < MAX_CAUSE_DEPTH) {
    const fromCause = classifyObject(cause, context, depth + 1);
    return { ...fromCause, message: `${message}: ${fromCause.message}` };
  }
  // The Okta SDK gives up on a 429 whose wait would exceed its request timeout.
  if (/\b429\b/.test(message)) return classification('rate-limited', message, 'HTTP_429');
  if (/socket hang up|network timeout|fetch failed|other side closed/i.test(message)) {
    return classification('transient', message, systemCode);
  }
  // Unknown failures are retried with backoff and end in the dead letters if they persist.
  return classification('transient', message, systemCode);
}

/** How the queue should treat a failure. Pure: the clock is passed in. */
export function classifyError(err: unknown, context: ClassifyContext = {}): ErrorClassification {
  if (isObject(err)) return classifyObject(err, context, 0);
  return classification('transient', typeof err === 'string' ? err : String(err), undefined);
}
