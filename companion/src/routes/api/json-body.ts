import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../http/app-error.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Bodies are JSON. A non-empty body of another media type is refused (rather than silently
 * ignored by the validators), and an empty body reads as `{}`, so a client that sends
 * `Content-Type: application/json` without a body passes the validation of optional bodies.
 */
export function jsonBodies(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const text = await c.req.text();
      if (text.trim() === '') {
        // Hono caches the body as a promise per representation; json() parses the cached text.
        (c.req.bodyCache as Record<string, unknown>)['text'] = Promise.resolve('{}');
      } else {
        const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
        if (!JSON_MEDIA_TYPE.test(mediaType)) {
          throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
        }
      }
    }
    await next();
  };
}
