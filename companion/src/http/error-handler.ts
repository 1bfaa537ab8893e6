import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, type DomainErrorKind } from '../errors/domain-errors.js';
import type { Logger } from '../logger.js';
import { AppError, type ErrorBody } from './app-error.js';

const CODES_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'UNAVAILABLE',
};

/** The one place domain errors become HTTP statuses. */
const STATUS_BY_KIND: Readonly<Record<DomainErrorKind, ContentfulStatusCode>> = {
  invalid: 400,
  'not-found': 404,
  conflict: 409,
  'invalid-state': 409,
  refused: 403,
  unavailable: 503,
};

export function errorBody(c: Context, code: string, message: string, details?: unknown): ErrorBody {
  const requestId = (c.get('requestId') as string | undefined) ?? '';
  return { error: { code, message, requestId, ...(details === undefined ? {} : { details }) } };
}

/** The single `onError`: known errors keep their status and message, the rest become a generic 500. */
export function handleError(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof AppError) {
      if (err.status >= 500) logger.error({ err, requestId: c.get('requestId') }, err.message);
      return c.json(errorBody(c, err.code, err.message, err.details), err.status);
    }
    if (err instanceof DomainError) {
      if (err.kind === 'unavailable')
        logger.error({ err, requestId: c.get('requestId') }, err.message);
      return c.json(errorBody(c, err.code, err.message, err.details), STATUS_BY_KIND[err.kind]);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code = CODES_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
      const message =
        status === 413
          ? 'The request body is too large.'
          : err.message || 'The request was rejected.';
      return c.json(errorBody(c, code, message), status);
    }
    logger.error({ err, requestId: c.get('requestId') }, 'unhandled error');
    return c.json(errorBody(c, 'INTERNAL', 'An unexpected error occurred.'), 500);
  };
}

export function handleNotFound(c: Context): Response {
  return c.json(errorBody(c, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`), 404);
}
