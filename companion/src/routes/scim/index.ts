import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from '../../logger.js';
import type { Secret } from '../../secret.js';
import { ScimError } from '../../services/scim-errors.js';
import type { ScimGroupService } from '../../services/scim-groups.js';
import type { ScimUserService } from '../../services/scim-users.js';
import { scimDiscoveryRoutes } from './discovery.js';
import { scimGroupRoutes } from './groups.js';
import { bearerMatches, handleScimError, scimErrorResponse } from './scim-http.js';
import { scimUserRoutes } from './users.js';

export interface ScimDeps {
  /** The current token and, during a rotation, the previous one. */
  tokens: readonly Secret[];
  users: ScimUserService;
  groups: ScimGroupService;
  logger: Logger;
  /** The public address of `/scim/v2` for `meta.location`; the request's own when unset. */
  baseUrl?: string | undefined;
  maxBodyBytes?: number;
}

export type ScimBaseUrl = (requestUrl: string) => string;

/** The SCIM 2.0 service provider Okta provisions to, mounted at `/scim/v2`. */
export function scimRoutes(deps: ScimDeps) {
  const baseUrl: ScimBaseUrl = (requestUrl) => {
    if (deps.baseUrl) return deps.baseUrl;
    const url = new URL(requestUrl);
    const at = url.pathname.indexOf('/scim/v2');
    return `${url.origin}${at >= 0 ? url.pathname.slice(0, at) : ''}/scim/v2`;
  };
  const app = new Hono();
  app.onError(handleScimError(deps.logger));
  // An unknown SCIM endpoint is answered in SCIM's shape too (no catch-all route, so the
  // access log keeps the matched route pattern).
  app.use(async (c, next) => {
    await next();
    if (c.res.status === 404 && !c.res.headers.get('content-type')?.includes('scim')) {
      c.res = scimErrorResponse(c, new ScimError(404, 'No such SCIM endpoint.'));
    }
  });
  app.use(async (c, next) => {
    if (!bearerMatches(c.req.header('authorization'), deps.tokens)) {
      throw new ScimError(401, 'A valid bearer token is required.');
    }
    await next();
  });
  app.use(
    bodyLimit({
      maxSize: deps.maxBodyBytes ?? 4 * 1024 * 1024,
      onError: () => {
        throw new ScimError(413, 'The request body is too large.');
      },
    }),
  );
  app.route('/', scimDiscoveryRoutes({ baseUrl }));
  app.route('/Users', scimUserRoutes({ users: deps.users, baseUrl }));
  app.route('/Groups', scimGroupRoutes({ groups: deps.groups, baseUrl }));
  return app;
}
