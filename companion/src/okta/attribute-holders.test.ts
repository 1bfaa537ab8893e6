import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../sandbox/okta/index.js';
import { oktaSdkClient } from '../../sandbox/okta/sdk-client.js';
import { sandboxProfile } from '../../sandbox/profile.js';
import { generateSeed } from '../../sandbox/seed.js';
import {
  attributeHolders,
  createRecentProfileWrites,
  withRecentProfileWrites,
} from './attribute-holders.js';
import type { OktaClient } from './client.js';
import { createOktaGateway, type OktaGateway } from './okta-gateway.js';

// The realistic profile, with a search lag no test run outlasts: what search misses is certain.
const profile = sandboxProfile('realistic', { okta: { searchLagMs: 3_600_000 } });
const seed = generateSeed({ users: 10, seed: 11 });
let emulator: OktaEmulator;
let gateway: OktaGateway;
let client: OktaClient;

beforeAll(async () => {
  emulator = await startOktaEmulator({
    seed: seed.okta,
    timing: profile.okta,
    random: profile.random,
  });
  client = oktaSdkClient(emulator.url, { token: emulator.token }) as unknown as OktaClient;
  gateway = createOktaGateway(client);
});
afterAll(() => emulator.close());

const userId = (index: number) => String(seed.okta.users[index]?.id);

describe("reads that Okta's lagging search would get wrong", () => {
  it('finds a user the companion just gave an attribute, which search does not list yet', async () => {
    const recent = createRecentProfileWrites();
    const okta = withRecentProfileWrites(gateway, recent);
    await okta.updateProfile(userId(1), { territory: 'EMEA' });

    // Search has not caught up with the write...
    const searched = await gateway.searchUsers('profile.territory pr');
    expect(searched.map((u) => u.id)).not.toContain(userId(1));
    // ...the holders read the user by id.
    const holders = await attributeHolders(okta, recent, 'territory');
    expect(holders.find((u) => u.id === userId(1))?.profile['territory']).toBe('EMEA');
  });

  it('leaves out a user written recently whose attribute is not set', async () => {
    const recent = createRecentProfileWrites();
    const okta = withRecentProfileWrites(gateway, recent);
    await okta.updateProfile(userId(2), { territory: null });
    const holders = await attributeHolders(okta, recent, 'territory');
    expect(holders.map((u) => u.id)).not.toContain(userId(2));
  });

  it('finds a user by an email changed moments ago (filter sees every write at once)', async () => {
    // An admin changes the email in Okta.
    await client.userApi.updateUser({
      userId: userId(3),
      user: { profile: { email: 'moved.recently@example.test' } as never },
    });
    expect(
      (await gateway.searchUsers('profile.email eq "moved.recently@example.test"')).map(
        (u) => u.id,
      ),
    ).toEqual([]);
    expect(
      (await gateway.findUsersByEmail('moved.recently@example.test')).map((u) => u.id),
    ).toEqual([userId(3)]);
  });
});

describe('createRecentProfileWrites', () => {
  it('remembers who was given an attribute for the window only', () => {
    let now = 1_000;
    const recent = createRecentProfileWrites({ windowMs: 500, now: () => now });
    recent.note('00u1', ['territory', 'costCenter']);
    now += 300;
    recent.note('00u2', ['territory']);
    expect(recent.usersWith('territory').sort()).toEqual(['00u1', '00u2']);
    now += 250;
    expect(recent.usersWith('territory')).toEqual(['00u2']);
    expect(recent.usersWith('costCenter')).toEqual([]);
  });
});
