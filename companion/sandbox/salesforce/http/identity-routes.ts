import { Hono } from 'hono';
import type { TokenService } from '../auth/token-service.js';
import type { SalesforceOrg } from '../org.js';
import { normalizeId } from '../ids.js';
import { formatDateTime } from '../store/field-values.js';

/**
 * The identity URL (`id` of the token response): `GET /id/{orgId}/{userId}` with the access token
 * (Authorization header or `oauth_token`) answers the user and org it names, with the org's API
 * endpoints under `urls` ("Identity URLs", Salesforce Help: `xcloud.remoteaccess_using_openid`).
 * A token reads its own user's identity, or any user of its org (an `api` scope token).
 */
export function identityRoutes(org: SalesforceOrg, tokens: TokenService, baseUrl: () => string) {
  const app = new Hono();
  app.get('/id/:orgId/:userId', (c) => {
    const raw =
      (c.req.header('authorization') ?? '').replace(/^(Bearer|OAuth)\s+/i, '') ||
      (c.req.query('oauth_token') ?? '');
    const token = tokens.verify(raw);
    if (!token) return plain(401, 'Bad_OAuth_Token');
    const orgId = normalizeId(c.req.param('orgId'));
    const userId = normalizeId(c.req.param('userId'));
    if (orgId !== org.orgId || !userId) return plain(404, 'Bad_Id');
    const user = org.store.mustTable('User').rows.get(userId);
    if (!user) return plain(404, 'Bad_Id');
    return Response.json(identityOf(user, org.orgId, baseUrl(), c.req.query('version')));
  });
  return app;
}

function plain(status: 401 | 404, body: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
}

/** The identity document; API URLs carry `{version}` unless a `version` parameter names one. */
export function identityOf(
  user: Readonly<Record<string, unknown>>,
  orgId: string,
  baseUrl: string,
  version: string | undefined,
): Record<string, unknown> {
  const userId = String(user['Id']);
  const v = version === undefined ? '{version}' : version.replace(/^v/, '');
  const str = (name: string) => (typeof user[name] === 'string' ? (user[name] as string) : null);
  const displayName = [str('FirstName'), str('LastName')].filter(Boolean).join(' ');
  return {
    id: `${baseUrl}/id/${orgId}/${userId}`,
    asserted_user: true,
    user_id: userId,
    organization_id: orgId,
    username: str('Username'),
    nick_name: str('Alias'),
    display_name: displayName,
    email: str('Email'),
    email_verified: true,
    first_name: str('FirstName'),
    last_name: str('LastName'),
    timezone: 'America/Los_Angeles',
    photos: {
      picture: `${baseUrl}/profilephoto/005/F`,
      thumbnail: `${baseUrl}/profilephoto/005/T`,
    },
    addr_street: null,
    addr_city: null,
    addr_state: null,
    addr_country: null,
    addr_zip: null,
    mobile_phone: null,
    mobile_phone_verified: false,
    is_lightning_login_user: false,
    status: { created_date: null, body: null },
    urls: {
      enterprise: `${baseUrl}/services/Soap/c/${v}/${orgId}`,
      metadata: `${baseUrl}/services/Soap/m/${v}/${orgId}`,
      partner: `${baseUrl}/services/Soap/u/${v}/${orgId}`,
      rest: `${baseUrl}/services/data/v${v}/`,
      sobjects: `${baseUrl}/services/data/v${v}/sobjects/`,
      search: `${baseUrl}/services/data/v${v}/search/`,
      query: `${baseUrl}/services/data/v${v}/query/`,
      recent: `${baseUrl}/services/data/v${v}/recent/`,
      tooling_soap: `${baseUrl}/services/Soap/T/${v}/${orgId}`,
      tooling_rest: `${baseUrl}/services/data/v${v}/tooling/`,
      profile: `${baseUrl}/${userId}`,
      feeds: `${baseUrl}/services/data/v${v}/chatter/feeds`,
      groups: `${baseUrl}/services/data/v${v}/chatter/groups`,
      users: `${baseUrl}/services/data/v${v}/chatter/users`,
      feed_items: `${baseUrl}/services/data/v${v}/chatter/feed-items`,
      feed_elements: `${baseUrl}/services/data/v${v}/chatter/feed-elements`,
      custom_domain: baseUrl,
    },
    active: user['IsActive'] !== false,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: -28800000,
    last_modified_date:
      typeof user['LastModifiedDate'] === 'string'
        ? user['LastModifiedDate']
        : formatDateTime(new Date(0)),
    is_app_installed: true,
  };
}
