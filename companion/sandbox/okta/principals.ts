/**
 * Who can call the emulated org: SSWS API tokens (each owned by an admin user), OAuth
 * service apps (private-key JWT), and the admin console used by the test helpers.
 */
import type { JsonWebKeyInput } from 'node:crypto';
import type { ActionContext, LogActor } from './log-events.js';
import { requestId } from './okta-ids.js';

export interface AdminUser {
  id: string;
  login: string;
  displayName: string;
}

export interface ApiToken {
  /** The secret sent as `Authorization: SSWS <value>`. */
  value: string;
  /** Okta's token id (`00T…`), recorded as transaction.detail.requestApiTokenId. */
  id: string;
  owner: AdminUser;
}

/** A public JWK as registered for a service app (`kid` optional). */
export type PublicJwk = JsonWebKeyInput['key'] & { kid?: string };

export interface OAuthClient {
  clientId: string;
  /** Public key(s) registered for private-key JWT client authentication. */
  publicJwks: PublicJwk[];
  /** Scopes granted to the service app; default: every scope the emulator knows. */
  scopes?: readonly string[];
  name?: string;
  /** Require DPoP-bound access tokens (RFC 9449), as a service app can be configured to. */
  dpop?: boolean;
}

export const DEFAULT_TOKEN_VALUE = 'sandbox-okta-token';

/** The admin who owns the default API token (the companion's integration admin). */
export const API_TOKEN_ADMIN: AdminUser = {
  id: '00uapiadmin000000001',
  login: 'okta.integration.admin@example-corp.test',
  displayName: 'Okta Integration Admin',
};

/** The admin the test helpers act as, "in the Okta Admin Console". */
export const CONSOLE_ADMIN: AdminUser = {
  id: '00uconsoleadmin00001',
  login: 'it.admin@example-corp.test',
  displayName: 'IT Admin',
};

export const ALL_SCOPES: readonly string[] = [
  'okta.users.manage',
  'okta.users.read',
  'okta.groups.manage',
  'okta.groups.read',
  'okta.logs.read',
  'okta.eventHooks.manage',
  'okta.eventHooks.read',
  'okta.factors.read',
  'okta.factors.manage',
  'okta.roles.read',
  'okta.roles.manage',
  'okta.schemas.read',
];

export type Principal =
  | { kind: 'ssws'; token: ApiToken }
  | { kind: 'oauth'; client: OAuthClient; scopes: ReadonlySet<string> };

export function adminActor(admin: AdminUser): LogActor {
  return {
    id: admin.id,
    type: 'User',
    alternateId: admin.login,
    displayName: admin.displayName,
    detailEntry: null,
  };
}

export function requestContext(
  principal: Principal,
  request: { requestId: string; uri: string; userAgent: string; ipAddress: string },
): ActionContext {
  const common = {
    requestId: request.requestId,
    requestUri: request.uri,
    sessionId: 'unknown',
  };
  if (principal.kind === 'ssws') {
    return {
      ...common,
      actor: adminActor(principal.token.owner),
      client: {
        userAgent: request.userAgent,
        ipAddress: request.ipAddress,
        clientId: null,
        device: 'Unknown',
      },
      credentialType: null,
      apiTokenId: principal.token.id,
    };
  }
  const { clientId } = principal.client;
  return {
    ...common,
    actor: {
      id: clientId,
      type: 'PublicClientApp',
      alternateId: clientId,
      displayName: principal.client.name ?? clientId,
      detailEntry: null,
    },
    client: {
      userAgent: request.userAgent,
      ipAddress: request.ipAddress,
      clientId,
      device: 'Unknown',
    },
    credentialType: 'OAUTH2',
    apiTokenId: null,
  };
}

const CONSOLE_USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** An action taken by an administrator in the Okta Admin Console. */
export function consoleContext(admin: AdminUser = CONSOLE_ADMIN): ActionContext {
  const id = requestId();
  return {
    actor: adminActor(admin),
    client: {
      userAgent: CONSOLE_USER_AGENT,
      ipAddress: '198.51.100.7',
      clientId: null,
      device: 'Computer',
    },
    credentialType: null,
    apiTokenId: null,
    requestId: id,
    requestUri: null,
    sessionId: `102${id.slice(0, 22)}`,
  };
}

/** An event Okta raises on the user's own behalf (e.g. a lockout after failed sign-ins). */
export function selfContext(user: {
  id: string;
  login: string;
  displayName: string;
}): ActionContext {
  const id = requestId();
  return {
    actor: {
      id: user.id,
      type: 'User',
      alternateId: user.login,
      displayName: user.displayName,
      detailEntry: null,
    },
    client: {
      userAgent: CONSOLE_USER_AGENT,
      ipAddress: '203.0.113.25',
      clientId: null,
      device: 'Computer',
    },
    credentialType: 'PASSWORD',
    apiTokenId: null,
    requestId: id,
    requestUri: '/idp/idx/challenge/answer',
    sessionId: 'unknown',
  };
}
