import { Hono } from 'hono';
import type { KeyObject } from 'node:crypto';
import type { TokenService } from '../auth/token-service.js';
import { tokenSignature } from '../auth/token-service.js';
import { JwtRejected, verifyJwtAssertion } from '../auth/jwt-bearer.js';
import type { SalesforceOrg } from '../org.js';

export interface OAuthConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly publicKeys: () => readonly KeyObject[];
  /** The emulator's own URL: instance_url, and an accepted JWT audience. */
  readonly baseUrl: () => string;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ACCEPTED_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

function oauthError(error: string, description: string, status: 400 | 401 = 400): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8' },
  });
}

/** POST /services/oauth2/token: client credentials and JWT bearer flows. */
export function oauthRoutes(org: SalesforceOrg, tokens: TokenService, config: OAuthConfig) {
  const app = new Hono();

  const grant = (userId: string, clientId: string) => {
    const token = tokens.issue(userId, clientId);
    const instanceUrl = config.baseUrl();
    const id = `${instanceUrl}/id/${org.orgId}/${userId}`;
    return new Response(
      JSON.stringify({
        access_token: token.accessToken,
        signature: tokenSignature(id, token.issuedAt, config.clientSecret),
        scope: 'api',
        instance_url: instanceUrl,
        id,
        token_type: 'Bearer',
        issued_at: String(token.issuedAt),
      }),
      { status: 200, headers: { 'Content-Type': 'application/json;charset=UTF-8' } },
    );
  };

  app.post('/services/oauth2/token', async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      return oauthError('invalid_request', 'invalid content type');
    }
    const params = new URLSearchParams(await c.req.text());
    const grantType = params.get('grant_type');
    if (grantType === 'client_credentials') {
      const clientId = params.get('client_id');
      if (clientId !== config.clientId)
        return oauthError('invalid_client_id', 'client identifier invalid');
      if (params.get('client_secret') !== config.clientSecret) {
        return oauthError('invalid_client', 'invalid client credentials');
      }
      const user = org.store.mustTable('User').rows.get(org.runAsUserId);
      if (!user || user['IsActive'] === false) {
        return oauthError('invalid_grant', 'no client credentials user enabled');
      }
      return grant(org.runAsUserId, clientId);
    }
    if (grantType === JWT_BEARER) {
      const assertion = params.get('assertion');
      if (!assertion) return oauthError('invalid_grant', 'invalid assertion');
      try {
        const claims = verifyJwtAssertion(assertion, {
          publicKeys: config.publicKeys(),
          clientIds: [config.clientId],
          audiences: [config.baseUrl(), ...ACCEPTED_AUDIENCES],
          nowMs: org.clock().getTime(),
        });
        const user = org.findUserByUsername(claims.sub);
        if (!user || user['IsDeleted'])
          return oauthError('invalid_grant', "user hasn't approved this consumer");
        if (user['IsActive'] === false) return oauthError('invalid_grant', 'inactive user');
        return grant(String(user['Id']), claims.iss);
      } catch (err) {
        if (err instanceof JwtRejected) return oauthError(err.error, err.description);
        throw err;
      }
    }
    if (grantType === 'refresh_token') {
      // This org issues no refresh tokens (client credentials and JWT bearer flows only).
      return oauthError('invalid_grant', 'expired access/refresh token');
    }
    if (!grantType) return oauthError('invalid_request', 'grant type not specified');
    return oauthError('unsupported_grant_type', 'grant type not supported');
  });

  app.post('/services/oauth2/revoke', async (c) => {
    const params = new URLSearchParams(await c.req.text());
    const token = params.get('token');
    if (token) tokens.revoke(token);
    return c.body(null, 200);
  });

  return app;
}
