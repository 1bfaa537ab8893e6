import { createPrivateKey, createSign, randomUUID } from 'node:crypto';
import jsforce, { type Connection } from 'jsforce';
import type { CompanionConfig, SalesforceAuth } from '../config.js';
import { salesforceConnectFailure } from '../startup-failure.js';

export type { Connection };

type SalesforceConfig = CompanionConfig['salesforce'];

interface TokenResponse {
  access_token: string;
  instance_url: string;
  id: string;
}

/**
 * A jsforce connection authorised with the configured server-to-server flow. Every call
 * carries `Sforce-Call-Options: client=<clientTag>`, which Change Data Capture reports
 * back as `changeOrigin` so the companion can drop its own echoes.
 */
export async function connectSalesforce(config: SalesforceConfig): Promise<Connection> {
  const conn = new jsforce.Connection({
    loginUrl: config.loginUrl,
    version: config.apiVersion,
    callOptions: { client: config.clientTag },
    oauth2: {
      loginUrl: config.loginUrl,
      clientId: config.auth.clientId,
      ...(config.auth.kind === 'client-credentials'
        ? { clientSecret: config.auth.clientSecret.reveal() }
        : {}),
    },
    // There is no refresh token in server-to-server flows: ask for a new access token.
    refreshFn: (c, callback) => {
      requestToken(c, config.auth, config.loginUrl)
        .then((res) => {
          c.instanceUrl = res.instance_url;
          callback(undefined, res.access_token, res as never);
        })
        .catch((error: unknown) =>
          callback(error instanceof Error ? error : new Error(String(error))),
        );
    },
  });
  try {
    await refreshSalesforceToken(conn, config);
  } catch (error) {
    throw salesforceConnectFailure(config.loginUrl, error);
  }
  return conn;
}

/**
 * Replaces the connection's access token with a fresh one. Needed where jsforce does not
 * refresh by itself, e.g. before rebuilding a streaming client whose token expired.
 */
export async function refreshSalesforceToken(
  conn: Connection,
  config: SalesforceConfig,
): Promise<void> {
  const res = await requestToken(conn, config.auth, config.loginUrl);
  conn.instanceUrl = res.instance_url;
  conn.accessToken = res.access_token;
}

async function requestToken(
  conn: Connection,
  auth: SalesforceAuth,
  loginUrl: string,
): Promise<TokenResponse> {
  if (auth.kind === 'client-credentials') {
    return (await conn.oauth2.requestToken({ grant_type: 'client_credentials' })) as TokenResponse;
  }
  const assertion = signJwtBearerAssertion({
    clientId: auth.clientId,
    username: auth.username,
    audience: loginUrl,
    privateKeyPem: auth.privateKey.reveal(),
  });
  return (await conn.oauth2.requestToken({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion,
  })) as TokenResponse;
}

/** RS256 assertion of the OAuth 2.0 JWT bearer flow (jsforce does not sign it). */
export function signJwtBearerAssertion(input: {
  clientId: string;
  username: string;
  audience: string;
  privateKeyPem: string;
  now?: Date;
}): string {
  const issuedAt = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'RS256', typ: 'JWT' });
  const payload = encode({
    iss: input.clientId,
    sub: input.username,
    aud: input.audience,
    exp: issuedAt + 180,
    jti: randomUUID(),
  });
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${payload}`);
  const signature = signer.sign(createPrivateKey(input.privateKeyPem)).toString('base64url');
  return `${header}.${payload}.${signature}`;
}
