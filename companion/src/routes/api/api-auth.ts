import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { AppError } from '../../http/app-error.js';
import { errorBody } from '../../http/error-handler.js';
import { validate } from '../../http/validation.js';
import type { Secret } from '../../secret.js';
import type { ApiEnv } from './api-env.js';
import { salesforceUserId } from './id-schemas.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Whether the candidate equals any of the secrets. Every secret is compared, so timing tells nothing. */
export function matchesAny(secrets: readonly Secret[], candidate: string | undefined): boolean {
  let matched = false;
  for (const secret of secrets) {
    const hit = secret.matches(candidate);
    matched = matched || hit;
  }
  return matched;
}

/**
 * `Authorization: Bearer <secret>` against the current and the previous API secret (rotation).
 * The answer never tells which part was wrong. No secrets configured means no access.
 */
export function apiAuth(secrets: readonly Secret[]): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
    if (!matchesAny(secrets, token)) {
      const unauthorized = AppError.unauthorized();
      return c.json(errorBody(c, unauthorized.code, unauthorized.message), 401, {
        'WWW-Authenticate': 'Bearer realm="okta-sync"',
      });
    }
    await next();
    return undefined;
  };
}

const actorHeaders = z.object({
  'x-salesforce-user-id': salesforceUserId.optional(),
});

/**
 * `X-Salesforce-User-Id` is optional; when present it must be a Salesforce User id. It becomes
 * the `actor` of the audit entries the request writes.
 */
export function salesforceActor(): MiddlewareHandler<ApiEnv> {
  const check = validate('header', actorHeaders) as unknown as MiddlewareHandler<ApiEnv>;
  return (c, next) =>
    check(c, async () => {
      c.set('actor', c.req.header('x-salesforce-user-id')?.trim());
      await next();
    });
}
