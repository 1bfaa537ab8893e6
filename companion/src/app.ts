import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { handleError, handleNotFound } from './http/error-handler.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { apiRoutes, type ApiDeps } from './routes/api/index.js';
import { oktaHookRoutes, type OktaHookDeps } from './routes/okta-hooks.js';
import { scimRoutes, type ScimDeps } from './routes/scim/index.js';

export interface AppDeps {
  logger: Logger;
  readiness: readonly ReadinessCheck[];
  startedAt?: Date;
  metrics?: Metrics;
  oktaHooks?: OktaHookDeps;
  api?: ApiDeps;
  /** Okta provisioning over SCIM 2.0; off when no SCIM_TOKEN is configured. */
  scim?: ScimDeps;
}

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Builds the HTTP application from its dependencies. It never listens: index.ts does. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.use(
    requestId({
      headerName: 'X-Request-Id',
      // Accept a caller's id only when it is short and harmless to log.
      generator: () => crypto.randomUUID(),
    }),
  );
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const record = {
      requestId: c.get('requestId'),
      method: c.req.method,
      // The route pattern, never the raw path: paths carry Okta logins (email addresses).
      route: routePath(c, -1) || '*',
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    if (QUIET_PATHS.has(c.req.path)) deps.logger.debug(record, 'request');
    else deps.logger.info(record, 'request');
  });

  app.route(
    '/',
    healthRoutes({ readiness: deps.readiness, startedAt: deps.startedAt ?? new Date() }),
  );
  const metrics = deps.metrics;
  if (metrics) {
    app.get('/metrics', async (c) =>
      c.body(await metrics.registry.metrics(), 200, {
        'content-type': metrics.registry.contentType,
      }),
    );
  }
  if (deps.oktaHooks) app.route('/hooks/okta', oktaHookRoutes(deps.oktaHooks));
  if (deps.api) app.route('/api/v1', apiRoutes(deps.api));
  if (deps.scim) app.route('/scim/v2', scimRoutes(deps.scim));

  app.notFound(handleNotFound);
  app.onError(handleError(deps.logger));
  return app;
}
