import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../../sandbox/okta/index.js';
import { oktaSdkClient } from '../../../sandbox/okta/sdk-client.js';
import {
  GROUPS,
  OKTA_SEED,
  startApiHarness,
  type ApiHarness,
  type ErrorAnswer,
} from './api-test-fixtures.js';
import type { OktaGroupChoice } from './okta-groups.js';

// The real Okta SDK lists groups (`q`, name prefix) from the Okta emulator.
let emulator: OktaEmulator;
let h: ApiHarness;
beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: OKTA_SEED });
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.reset();
  h = await startApiHarness(
    oktaSdkClient(emulator.url, { token: emulator.token }, { maxRetries: 0 }),
  );
});
afterEach(() => h.close());

const search = async (query: string) => {
  const res = await h.call(`/okta/groups${query}`);
  return {
    status: res.status,
    body: (await res.json()) as { groups: OktaGroupChoice[] } & ErrorAnswer,
  };
};

describe('GET okta/groups', () => {
  it('finds Okta groups by the start of their name, case-insensitively', async () => {
    const { status, body } = await search('?q=en');
    expect(status).toBe(200);
    expect(body.groups).toEqual([
      { id: GROUPS.team, name: 'Enterprise AEs', description: 'Account team' },
    ]);
  });

  it('lists groups by name when nothing is typed, up to the limit', async () => {
    const all = await search('');
    expect(all.body.groups.map((g) => g.name)).toEqual([
      'EMEA Sales',
      'Enterprise AEs',
      'Everyone Else',
      'Okta Administrators',
    ]);
    expect((await search('?q=Every')).body.groups.map((g) => g.name)).toEqual(['Everyone Else']);
    const two = await search('?limit=2');
    expect(two.body.groups).toHaveLength(2);
  });

  it('refuses a bad limit with a 400 in the API error shape', async () => {
    const { status, body } = await search('?limit=500');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ message: 'The query is not valid.' });
    expect(JSON.stringify(body.error)).toContain('limit must be at most 50.');
  });

  it('answers 503 while Okta is failing', async () => {
    emulator.faults.error('/api/v1/groups*', 503, { times: 1 });
    const { status, body } = await search('?q=EMEA');
    expect(status).toBe(503);
    expect(body.error.message).toBe('Okta is not reachable right now; try again shortly.');
  });
});
