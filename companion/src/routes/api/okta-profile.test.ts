import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../../sandbox/okta/index.js';
import { oktaSdkClient } from '../../../sandbox/okta/sdk-client.js';
import type { ProfileAttribute } from '../../okta/profile-attributes.js';
import {
  OKTA_SEED,
  startApiHarness,
  type ApiHarness,
  type ErrorAnswer,
} from './api-test-fixtures.js';

// The real Okta SDK reads GET /api/v1/meta/schemas/user/default from the Okta emulator.
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const CLIENT_ID = '0oaprofileschema0001';
let emulator: OktaEmulator;
let h: ApiHarness | undefined;

beforeAll(async () => {
  emulator = await startOktaEmulator({
    seed: OKTA_SEED,
    customProfileAttributes: ['partnerTier'],
    oauthClients: [
      {
        clientId: CLIENT_ID,
        publicJwk: { ...keys.publicKey.export({ format: 'jwk' }), kid: 'key-1' },
        scopes: ['okta.users.manage', 'okta.groups.manage'],
      },
    ],
  });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());
afterEach(() => h?.close());

const attributes = async (harness: ApiHarness) => {
  const res = await harness.call('/okta/profile-attributes');
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('GET okta/profile-attributes', () => {
  it('lists the base and custom attributes of the Okta user profile schema by title', async () => {
    h = await startApiHarness(oktaSdkClient(emulator.url, { token: emulator.token }));
    const { status, body } = await attributes(h);

    expect(status).toBe(200);
    const list = (body as { attributes: ProfileAttribute[] }).attributes;
    expect(list.find((a) => a.path === 'profile.email')).toEqual({
      path: 'profile.email',
      name: 'email',
      label: 'Primary email',
      type: 'string',
      custom: false,
      required: true,
      readOnly: false,
    });
    expect(list.filter((a) => a.custom).map((a) => [a.path, a.label])).toEqual([
      ['profile.accessIssueCaseNumber', 'Access issue case number'],
      ['profile.partnerTier', 'Partner tier'],
      ['profile.territory', 'Sales territory'],
    ]);
    expect(list.map((a) => a.label)).toEqual(
      [...list.map((a) => a.label)].sort((a, b) => a.localeCompare(b, 'en')),
    );
    expect(list).toHaveLength(34);
  });

  it('answers 403 in the API error shape when the Okta credentials may not read schemas', async () => {
    const privateKey = { ...keys.privateKey.export({ format: 'jwk' }), kid: 'key-1' };
    h = await startApiHarness(
      oktaSdkClient(
        emulator.url,
        { clientId: CLIENT_ID, privateKey, scopes: ['okta.users.manage'] },
        { maxRetries: 0 },
      ),
    );
    const { status, body } = await attributes(h);

    expect(status).toBe(403);
    expect((body as ErrorAnswer).error).toMatchObject({
      code: 'FORBIDDEN',
      message: 'The companion’s Okta credentials are not allowed to perform this operation.',
    });
  });

  it('answers 503 while Okta is failing', async () => {
    h = await startApiHarness(
      oktaSdkClient(emulator.url, { token: emulator.token }, { maxRetries: 0 }),
    );
    emulator.faults.error('/api/v1/meta/schemas/*', 503, { times: 1 });
    const { status, body } = await attributes(h);

    expect(status).toBe(503);
    expect((body as ErrorAnswer).error.message).toBe(
      'Okta is not reachable right now; try again shortly.',
    );
  });
});
