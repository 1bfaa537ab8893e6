import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed.js';
import { startOktaEmulator, type OktaEmulator } from './index.js';
import { oktaSdkClient } from './sdk-client.js';
import { required } from './required.js';

const CLIENT_ID = '0oasyncservice000001';
const DPOP_CLIENT_ID = '0oasyncdpop000000001';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateJwk = () => ({ ...keys.privateKey.export({ format: 'jwk' }), kid: 'key-1' });

const seed = generateSeed({ users: 20, seed: 2 });
const user = required(seed.okta.users.find((u) => u.status === 'ACTIVE'));
let emulator: OktaEmulator;

beforeAll(async () => {
  emulator = await startOktaEmulator({
    seed: seed.okta,
    oauthClients: [
      {
        clientId: CLIENT_ID,
        name: 'Okta Salesforce Sync',
        publicJwk: { ...keys.publicKey.export({ format: 'jwk' }), kid: 'key-1' },
        scopes: ['okta.users.read', 'okta.users.manage', 'okta.logs.read'],
      },
      {
        clientId: DPOP_CLIENT_ID,
        dpop: true,
        publicJwk: { ...keys.publicKey.export({ format: 'jwk' }), kid: 'key-1' },
      },
    ],
  });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const sdk = (scopes: string[], privateKey: string | Record<string, unknown> = privateJwk()) =>
  oktaSdkClient(emulator.url, { clientId: CLIENT_ID, privateKey, scopes });

describe('OAuth 2.0 private-key JWT (SDK PrivateKey mode)', () => {
  it('gets a token with a signed client assertion and acts as the service app', async () => {
    const client = sdk(['okta.users.read', 'okta.users.manage']);
    const updated = await client.userApi.updateUser({
      userId: user.id,
      user: { profile: { title: 'Service' } },
    });
    expect(updated.profile?.title).toBe('Service');
    expect(emulator.state.logs.at(-1)?.actor).toMatchObject({
      id: CLIENT_ID,
      type: 'PublicClientApp',
      alternateId: CLIENT_ID,
      displayName: 'Okta Salesforce Sync',
    });
    expect(emulator.state.logs.at(-1)?.client.id).toBe(CLIENT_ID);
  });

  it('accepts a PEM private key as well', async () => {
    const pem = keys.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
    const fetched = await sdk(['okta.users.read'], pem).userApi.getUser({ userId: user.id });
    expect(fetched.id).toBe(user.id);
  });

  it('answers 403 E0000006 when the token lacks the scope', async () => {
    const client = sdk(['okta.users.read']);
    await expect(
      client.userApi.updateUser({ userId: user.id, user: { profile: { title: 'Nope' } } }),
    ).rejects.toMatchObject({ status: 403, errorCode: 'E0000006' });
    await expect(
      client.groupApi.getGroup({ groupId: required(seed.okta.groups[0]).id }),
    ).rejects.toMatchObject({
      status: 403,
    });
  });

  it('refuses scopes the app was not granted (400 invalid_scope) and foreign signatures (401)', async () => {
    const assertion = (key: KeyObject, claims: Record<string, unknown> = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'key-1' })).toString(
        'base64url',
      );
      const payload = Buffer.from(
        JSON.stringify({
          iss: CLIENT_ID,
          sub: CLIENT_ID,
          aud: `${emulator.url}/oauth2/v1/token`,
          iat: now,
          exp: now + 300,
          jti: randomUUID(),
          ...claims,
        }),
      ).toString('base64url');
      return `${header}.${payload}.${sign('sha256', Buffer.from(`${header}.${payload}`), key).toString('base64url')}`;
    };
    const token = (scope: string, clientAssertion: string) =>
      fetch(`${emulator.url}/oauth2/v1/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: clientAssertion,
        }).toString(),
      });
    const ok = await token('okta.users.read', assertion(keys.privateKey));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      token_type: 'Bearer',
      scope: 'okta.users.read',
      expires_in: 3600,
    });
    const notGranted = await token('okta.groups.manage', assertion(keys.privateKey));
    expect(notGranted.status).toBe(400);
    expect(await notGranted.json()).toMatchObject({ error: 'invalid_scope' });
    const foreign = await token('okta.users.read', assertion(otherKeys.privateKey));
    expect(foreign.status).toBe(401);
    expect(await foreign.json()).toMatchObject({ error: 'invalid_client' });
    const wrongAudience = await token(
      'okta.users.read',
      assertion(keys.privateKey, { aud: 'https://elsewhere/oauth2/v1/token' }),
    );
    expect(wrongAudience.status).toBe(401);
    const expired = await token(
      'okta.users.read',
      assertion(keys.privateKey, { exp: Math.floor(Date.now() / 1000) - 10 }),
    );
    expect(expired.status).toBe(401);
    const replayed = assertion(keys.privateKey);
    expect((await token('okta.users.read', replayed)).status).toBe(200);
    expect((await token('okta.users.read', replayed)).status).toBe(401);

    // The SDK does not check the token response's status: it ends up calling the API
    // without a usable token and reports the API's 401.
    await expect(
      sdk(['okta.groups.manage']).userApi.getUser({ userId: user.id }),
    ).rejects.toMatchObject({
      status: 401,
      errorCode: 'E0000011',
    });
  });

  it('validates the token request itself', async () => {
    const response = await fetch(`${emulator.url}/oauth2/v1/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: 'grant_type=password&username=a&password=b',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const forged = await fetch(`${emulator.url}/oauth2/v1/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'okta.users.read',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
          JSON.stringify({
            iss: CLIENT_ID,
            sub: CLIENT_ID,
            aud: `${emulator.url}/oauth2/v1/token`,
            exp: 9e9,
          }),
        ).toString('base64url')}.`,
      }).toString(),
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('rejects unknown or revoked bearer tokens with 401; the SDK fetches a new token and goes on', async () => {
    const client = sdk(['okta.users.read']);
    await client.userApi.getUser({ userId: user.id });
    emulator.revokeAccessTokens();
    const again = await client.userApi.getUser({ userId: user.id });
    expect(again.id).toBe(user.id);
    const raw = await fetch(`${emulator.url}/api/v1/users/${user.id}`, {
      headers: { Authorization: 'Bearer forged' },
    });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toMatchObject({ errorCode: 'E0000011' });
  });

  it('supports service apps that require DPoP: nonce challenge, DPoP-bound token, proof per request', async () => {
    const client = oktaSdkClient(emulator.url, {
      clientId: DPOP_CLIENT_ID,
      privateKey: privateJwk(),
      scopes: ['okta.users.read', 'okta.users.manage'],
    });
    const updated = await client.userApi.updateUser({
      userId: user.id,
      user: { profile: { title: 'DPoP' } },
    });
    expect(updated.profile?.title).toBe('DPoP');
    expect(emulator.state.logs.at(-1)?.actor.id).toBe(DPOP_CLIENT_ID);
    const oauth = (
      client as unknown as {
        oauth: { isDPoP: boolean; accessToken: { token_type: string; access_token: string } };
      }
    ).oauth;
    expect(oauth).toMatchObject({ isDPoP: true, accessToken: { token_type: 'DPoP' } });
    const asBearer = await fetch(`${emulator.url}/api/v1/users/${user.id}`, {
      headers: { Authorization: `Bearer ${oauth.accessToken.access_token}` },
    });
    expect(asBearer.status).toBe(401);
    const withoutProof = await fetch(`${emulator.url}/api/v1/users/${user.id}`, {
      headers: { Authorization: `DPoP ${oauth.accessToken.access_token}` },
    });
    expect(withoutProof.status).toBe(401);

    const noProof = await fetch(`${emulator.url}/oauth2/v1/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=okta.users.read',
    });
    expect(noProof.status).toBe(401);
    const forged = await fetch(`${emulator.url}/api/v1/users/${user.id}`, {
      headers: { Authorization: 'DPoP sbx.forged', DPoP: 'a.b.c' },
    });
    expect(forged.status).toBe(401);
  });
});
