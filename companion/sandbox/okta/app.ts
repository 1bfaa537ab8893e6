/**
 * The Okta org emulator as a Hono app (never listens): request metadata, rate limits,
 * fault injection, authentication, then the Management API routes.
 */
import { Hono } from 'hono';
import { okJson, type OktaContext, type OktaEnv } from './api-context.js';
import type { Directory } from './directory.js';
import { errorBody, fail, OktaApiFailure } from './errors.js';
import { eventHookRoutes } from './event-hooks.js';
import type { FaultRegistry } from './faults.js';
import { groupRoutes } from './groups.js';
import { appRoutes } from './apps.js';
import type { ProvisioningEngine } from './provisioning.js';
import type { LogRecorder } from './log-recorder.js';
import type { OAuthTokenService } from './oauth-token.js';
import { requestId } from './okta-ids.js';
import { requestContext, type ApiToken, type Principal } from './principals.js';
import type { ProfileSchema } from './profile-schema.js';
import { rateFamily, type RateLimiter } from './rate-limits.js';
import { roleRoutes } from './roles.js';
import { sandboxRoutes, type SandboxControls } from './sandbox-admin.js';
import type { OktaState, UserRecord } from './state.js';
import { systemLogRoutes } from './system-log.js';
import { userRoutes } from './users.js';
import { userSchemaRoutes } from './user-schema.js';

export interface OktaAppDeps {
  state: () => OktaState;
  directory: Directory;
  schema: ProfileSchema;
  recorder: LogRecorder;
  oauth: OAuthTokenService;
  tokens: () => readonly ApiToken[];
  rateLimiter: RateLimiter;
  faults: FaultRegistry;
  now: () => Date;
  orgUrl: () => string;
  logGeneration: () => string;
  verifyTimeoutMs: number;
  sandbox: Omit<SandboxControls, 'faults'>;
  /** SCIM apps and the provisioning engine behind `/api/v1/apps`. */
  provisioning?: ProvisioningEngine;
  /** What Users `search` sees of a user (eventually consistent in the realistic profile). */
  searchView?: (user: UserRecord) => UserRecord | undefined;
}

function remoteAddress(c: OktaContext): string {
  const address = (c.env as Partial<OktaEnv['Bindings']> | undefined)?.incoming?.socket
    ?.remoteAddress;
  return address?.replace(/^::ffff:/, '') ?? '127.0.0.1';
}

function errorResponse(c: OktaContext, failure: OktaApiFailure): Response {
  return c.body(JSON.stringify(errorBody(failure)), failure.status, {
    'Content-Type': 'application/json',
  });
}

export function createOktaApp(deps: OktaAppDeps): Hono<OktaEnv> {
  const app = new Hono<OktaEnv>();

  app.use('*', async (c, next) => {
    const id = requestId();
    c.set('requestId', id);
    c.header('X-Okta-Request-Id', id);
    c.header('Date', deps.now().toUTCString());
    await next();
  });

  app.route('/__sandbox', sandboxRoutes({ ...deps.sandbox, faults: deps.faults }));

  for (const prefix of ['/api/*', '/oauth2/*']) {
    app.use(prefix, async (c, next) => {
      const decision = deps.rateLimiter.take(rateFamily(c.req.path));
      c.header('X-Rate-Limit-Limit', String(decision.limit));
      c.header('X-Rate-Limit-Remaining', String(decision.remaining));
      c.header('X-Rate-Limit-Reset', String(decision.reset));
      if (!decision.allowed) throw fail.rateLimited();
      if (!deps.rateLimiter.enter()) {
        c.header('X-Rate-Limit-Limit', String(deps.rateLimiter.concurrencyLimit));
        c.header('X-Rate-Limit-Remaining', '0');
        c.header('X-Rate-Limit-Reset', String(Math.ceil(deps.now().getTime() / 1000) + 1));
        throw fail.concurrencyLimited();
      }
      try {
        await next();
      } finally {
        deps.rateLimiter.leave();
      }
    });
    app.use(prefix, async (c, next) => {
      const { latencyMs, action } = deps.faults.decide(c.req.method, c.req.path);
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (action?.kind === 'drop') {
        (c.env as Partial<OktaEnv['Bindings']> | undefined)?.incoming?.socket?.destroy();
        return c.body(null, 500);
      }
      if (action?.kind === 'error') {
        if (action.status === 429) {
          c.header('X-Rate-Limit-Remaining', '0');
          c.header(
            'X-Rate-Limit-Reset',
            String(Math.floor(deps.now().getTime() / 1000) + action.resetOffsetSeconds),
          );
          throw fail.rateLimited();
        }
        throw action.status === 503 ? fail.unavailable() : fail.internal();
      }
      await next();
      return undefined;
    });
  }

  app.post('/oauth2/v1/token', async (c) => {
    const contentType = c.req.header('content-type') ?? '';
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return c.json(
        { error: 'invalid_request', error_description: 'The request must be form encoded.' },
        400,
      );
    }
    const form = new URLSearchParams(await c.req.text());
    const result = deps.oauth.grant(form, `${deps.orgUrl()}/oauth2/v1/token`, c.req.header('dpop'));
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    if ('error' in result) {
      const { status, headers, ...body } = result;
      for (const [name, value] of Object.entries(headers ?? {})) c.header(name, value);
      return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/json' });
    }
    return okJson(c, result);
  });

  app.use('/api/*', async (c, next) => {
    const url = new URL(c.req.url);
    const principal = authenticate(c.req.header('authorization'), deps, {
      method: c.req.method,
      url: `${deps.orgUrl()}${url.pathname}`,
      proof: c.req.header('dpop'),
    });
    c.set('principal', principal);
    c.set(
      'actionContext',
      requestContext(principal, {
        requestId: c.get('requestId'),
        uri: `${url.pathname}${url.search}`,
        userAgent: c.req.header('user-agent') ?? 'UNKNOWN',
        ipAddress: remoteAddress(c),
      }),
    );
    await next();
  });

  const record = deps.recorder.record.bind(deps.recorder);
  app.route('/api/v1', roleRoutes({ ...deps }));
  app.route('/api/v1/users', userRoutes({ ...deps }));
  app.route('/api/v1/meta/schemas/user', userSchemaRoutes({ ...deps }));
  app.route('/api/v1/groups', groupRoutes({ ...deps }));
  if (deps.provisioning) {
    app.route('/api/v1/apps', appRoutes({ ...deps, provisioning: deps.provisioning }));
  }
  app.route('/api/v1/logs', systemLogRoutes({ ...deps, generation: deps.logGeneration }));
  app.route(
    '/api/v1/eventHooks',
    eventHookRoutes({
      state: deps.state,
      now: deps.now,
      orgUrl: deps.orgUrl,
      verifyTimeoutMs: deps.verifyTimeoutMs,
      record,
    }),
  );

  app.notFound((c) => errorResponse(c as OktaContext, fail.notFound(c.req.path, 'ApiEndpoint')));
  app.onError((error, c) => {
    if (error instanceof OktaApiFailure) {
      if (error.status === 401) c.header('WWW-Authenticate', 'SSWS realm="okta"');
      return errorResponse(c as OktaContext, error);
    }
    // A defect of the emulator, not a simulated failure: surface it to whoever runs the tests.
    console.error('okta emulator: unexpected error', error);
    return errorResponse(c as OktaContext, fail.internal());
  });
  return app;
}

function authenticate(
  header: string | undefined,
  deps: Pick<OktaAppDeps, 'tokens' | 'oauth'>,
  request: { method: string; url: string; proof: string | undefined },
): Principal {
  if (header === undefined) throw fail.invalidToken();
  const space = header.indexOf(' ');
  const scheme = space > 0 ? header.slice(0, space) : '';
  const credential = space > 0 ? header.slice(space + 1).trim() : '';
  if (scheme === 'SSWS') {
    const token = deps.tokens().find((t) => t.value === credential);
    if (!token) throw fail.invalidToken();
    return { kind: 'ssws', token };
  }
  if (scheme === 'Bearer' || scheme === 'DPoP') {
    const grant = deps.oauth.introspect(credential);
    const client = grant && deps.oauth.client(grant.clientId);
    if (!grant || !client) throw fail.invalidToken();
    // A DPoP-bound token is only accepted with the DPoP scheme and a valid proof.
    if ((grant.jkt !== undefined) !== (scheme === 'DPoP')) throw fail.invalidToken();
    if (
      scheme === 'DPoP' &&
      !deps.oauth.checkResourceProof(grant, credential, request.proof, request)
    ) {
      throw fail.invalidToken();
    }
    return { kind: 'oauth', client, scopes: grant.scopes };
  }
  throw fail.invalidToken();
}
