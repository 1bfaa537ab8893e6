import { createSign, generateKeyPairSync } from 'node:crypto';
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, must, rejectionOf, startFixtureOrg } from './__fixtures__/fixture-org.js';
import type { FixtureOrg } from './__fixtures__/fixture-org.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

function assertion(claims: Record<string, unknown>, key = privateKey): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
}

let org: FixtureOrg;

beforeAll(async () => {
  org = await startFixtureOrg({
    jwtPublicKeys: [publicKey.export({ type: 'spki', format: 'pem' }).toString()],
  });
});
afterAll(async () => {
  await org.sf.close();
});

const oauthConnection = (clientSecret = 'sandbox-secret') =>
  new jsforce.Connection({
    oauth2: { loginUrl: org.sf.url, clientId: 'sandbox-client', clientSecret },
    version: '62.0',
  });

describe('client credentials', () => {
  it('issues a token for the run-as user that works against the REST API', async () => {
    const conn = oauthConnection();
    const userInfo = await conn.authorize({ grant_type: 'client_credentials' });
    expect(userInfo).toMatchObject({ id: IDS.integrationUser, organizationId: org.sf.orgId });
    expect(conn.instanceUrl).toBe(org.sf.url);
    const res = await conn.query('SELECT Id FROM Contact');
    expect(res.totalSize).toBe(3);
  });

  it('answers the token response shape', async () => {
    const res = await fetch(`${org.sf.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({
      instance_url: org.sf.url,
      id: `${org.sf.url}/id/${org.sf.orgId}/${IDS.integrationUser}`,
      token_type: 'Bearer',
      scope: 'api',
    });
    expect(body['access_token']).toEqual(expect.any(String));
    expect(body['signature']).toEqual(expect.any(String));
    expect(Number(body['issued_at'])).toBeGreaterThan(0);
  });

  it('refuses a wrong secret, an unknown client and an unknown grant type', async () => {
    const wrong = await rejectionOf(
      oauthConnection('nope').authorize({ grant_type: 'client_credentials' }),
    );
    expect(wrong.name).toBe('invalid_client');
    const unknown = await rejectionOf(
      new jsforce.Connection({
        oauth2: { loginUrl: org.sf.url, clientId: 'other', clientSecret: 'x' },
      }).authorize({ grant_type: 'client_credentials' }),
    );
    expect(unknown.name).toBe('invalid_client_id');
    const grant = await rejectionOf(oauthConnection().authorize({ grant_type: 'password' }));
    expect(grant.name).toBe('unsupported_grant_type');
  });

  it('makes an expired session fail with 401; a refreshFn gets a new token transparently', async () => {
    const conn = oauthConnection();
    await conn.authorize({ grant_type: 'client_credentials' });
    org.sf.expireTokens();
    // No refresh token is issued, so jsforce's default refresh gives up.
    const err = await rejectionOf(conn.query('SELECT Id FROM Contact'));
    expect(err.message).toContain('No refresh token found in the connection');
    const refresh = await rejectionOf(conn.oauth2.refreshToken('anything'));
    expect(refresh.name).toBe('invalid_grant');

    const refreshing = new jsforce.Connection({
      oauth2: { loginUrl: org.sf.url, clientId: 'sandbox-client', clientSecret: 'sandbox-secret' },
      version: '62.0',
      refreshFn: (c, callback) => {
        c.oauth2
          .requestToken({ grant_type: 'client_credentials' })
          .then((res) => callback(null, res.access_token, res))
          .catch((e: Error) => callback(e));
      },
    });
    await refreshing.authorize({ grant_type: 'client_credentials' });
    const before = refreshing.accessToken;
    org.sf.expireTokens();
    expect((await refreshing.query('SELECT Id FROM Contact')).totalSize).toBe(3);
    expect(refreshing.accessToken).not.toBe(before);
  });

  it('answers 401 INVALID_SESSION_ID to a connection that cannot refresh', async () => {
    const conn = org.connect();
    org.sf.expireTokens();
    expect((await rejectionOf(conn.query('SELECT Id FROM Contact'))).errorCode).toBe(
      'INVALID_SESSION_ID',
    );
  });
});

describe('JWT bearer', () => {
  const jwtGrant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
  const claims = (over: Record<string, unknown> = {}) => ({
    iss: 'sandbox-client',
    sub: 'sam.sales@example-corp.test.sf',
    aud: org.sf.url,
    exp: Math.floor(Date.now() / 1000) + 300,
    ...over,
  });

  it('issues a token for the subject user', async () => {
    const conn = new jsforce.Connection({
      oauth2: { loginUrl: org.sf.url, clientId: 'sandbox-client' },
      version: '62.0',
    });
    const userInfo = await conn.authorize({ grant_type: jwtGrant, assertion: assertion(claims()) });
    expect(userInfo.id).toBe(IDS.salesUser);
    const created = await conn.sobject('Contact').create({ LastName: 'ByJwt' });
    expect(org.sf.db.get('Contact', must(created.id))?.['CreatedById']).toBe(IDS.salesUser);
  });

  it.each([
    ['a foreign signature', () => assertion(claims(), other.privateKey), 'invalid_grant'],
    ['an unknown issuer', () => assertion(claims({ iss: 'someone' })), 'invalid_client_id'],
    ['a wrong audience', () => assertion(claims({ aud: 'https://example.test' })), 'invalid_grant'],
    [
      'an expired assertion',
      () => assertion(claims({ exp: Math.floor(Date.now() / 1000) - 3600 })),
      'invalid_grant',
    ],
    ['an unknown user', () => assertion(claims({ sub: 'nobody@example.test' })), 'invalid_grant'],
    [
      'an inactive user',
      () => assertion(claims({ sub: 'gone@example-corp.test.sf' })),
      'invalid_grant',
    ],
    ['garbage', () => 'not.a.jwt', 'invalid_grant'],
  ])('refuses %s', async (_label, make, error) => {
    const conn = new jsforce.Connection({
      oauth2: { loginUrl: org.sf.url, clientId: 'sandbox-client' },
    });
    const err = await rejectionOf(conn.authorize({ grant_type: jwtGrant, assertion: make() }));
    expect(err.name).toBe(error);
  });
});

describe('token lifetime', () => {
  it('expires tokens after their TTL', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { startSalesforceEmulator } = await import('./index.js');
    const sf = await startSalesforceEmulator({
      forceAppDir: null,
      tokenTtlMs: 60_000,
      now: () => new Date(now),
    });
    try {
      const conn = new jsforce.Connection({
        instanceUrl: sf.url,
        accessToken: sf.issueToken().accessToken,
        version: '62.0',
      });
      expect((await conn.query('SELECT Id FROM User')).totalSize).toBe(1);
      now += 61_000;
      expect((await rejectionOf(conn.query('SELECT Id FROM User'))).errorCode).toBe(
        'INVALID_SESSION_ID',
      );
    } finally {
      await sf.close();
    }
  });
});
