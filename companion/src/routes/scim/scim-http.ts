import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from '../../logger.js';
import type { Secret } from '../../secret.js';
import { ScimError } from '../../services/scim-errors.js';
import { SCIM, SCIM_CONTENT_TYPE } from '../../services/scim-schemas.js';

/** SCIM's answer shape: `application/scim+json`, errors as RFC 7644 §3.12 error messages. */

export function scimJson(c: Context, body: unknown, status: 200 | 201 = 200): Response {
  return c.body(JSON.stringify(body), status, { 'content-type': SCIM_CONTENT_TYPE });
}

export function scimErrorResponse(c: Context, error: ScimError): Response {
  const headers: Record<string, string> = { 'content-type': SCIM_CONTENT_TYPE };
  if (error.status === 401) headers['www-authenticate'] = 'Bearer realm="scim"';
  return c.body(
    JSON.stringify({
      schemas: [SCIM.error],
      status: String(error.status),
      ...(error.scimType ? { scimType: error.scimType } : {}),
      detail: error.detail,
    }),
    error.status,
    headers,
  );
}

/** The SCIM sub-application's `onError`: 5xx details go to the log, never to the caller. */
export function handleScimError(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof ScimError) return scimErrorResponse(c, err);
    if (err instanceof HTTPException && err.status === 413) {
      return scimErrorResponse(c, new ScimError(413, 'The request body is too large.'));
    }
    logger.error({ err, requestId: c.get('requestId') }, 'SCIM request failed');
    return scimErrorResponse(c, new ScimError(500, 'An unexpected error occurred.'));
  };
}

/** Pure: whether an Authorization header carries one of the tokens. Every token is compared. */
export function bearerMatches(header: string | undefined, tokens: readonly Secret[]): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  const candidate = match?.[1]?.trim();
  // Each token is compared in constant time, and all of them always are.
  return tokens.map((token) => token.matches(candidate)).includes(true);
}

export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw ScimError.badRequest('invalidSyntax', 'The body is not valid JSON.');
  }
}

export function listResponse(
  resources: readonly unknown[],
  total: number,
  startIndex: number,
): Record<string, unknown> {
  return {
    schemas: [SCIM.listResponse],
    totalResults: total,
    itemsPerPage: resources.length,
    startIndex,
    Resources: resources,
  };
}
